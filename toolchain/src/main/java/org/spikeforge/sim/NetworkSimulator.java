package org.spikeforge.sim;

import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/** One-call entry point: proto network and input in, proto trace out (source "float"). */
public final class NetworkSimulator {
  private NetworkSimulator() {}

  /**
   * Runs the exact simulator with {@link SimulationOptions#DEFAULT}; the Trace has, per population and neuron, the
   * in-trial spike times and the pseudospikes after T (one per QIF neuron; one per silent THETA neuron; none for LIF).
   *
   * @throws IllegalArgumentException if the network or input is invalid (the message names the field)
   */
  public static Trace simulate(Network net, InputSpikes in) {
    return simulate(net, in, SimulationOptions.DEFAULT);
  }

  /**
   * As {@link #simulate(Network, InputSpikes)} with the given options (e.g. a higher event limit).
   *
   * @throws RunawaySimulationException if the run needs more than {@link SimulationOptions#maxEvents()} events
   */
  public static Trace simulate(Network net, InputSpikes in, SimulationOptions options) {
    CompiledNetwork compiled = CompiledNetwork.fromProto(net);
    InputTrains trains = InputTrains.fromProto(in, compiled.numInputs());
    EventLog log = new EventSimulator(options).run(compiled, trains, new EventLog());
    return toTrace(log);
  }

  /** Converts a finished run into a proto trace. */
  public static Trace toTrace(EventLog log) {
    CompiledNetwork net = log.network();
    Trace.Builder trace = Trace.newBuilder().setSource("float").setTrialEnd(net.trialEnd());
    for (int p = 0; p < net.populationCount(); p++) {
      PopulationTrace.Builder pop = PopulationTrace.newBuilder().setName(net.populationName(p));
      int off = net.populationOffset(p);
      for (int j = 0; j < net.populationSize(p); j++) {
        int i = off + j;
        SpikeTrain.Builder spikes = SpikeTrain.newBuilder();
        for (int k = 0; k < log.spikeCount(i); k++) {
          spikes.addTimes(log.spikeTime(i, k));
        }
        SpikeTrain.Builder pseudo = SpikeTrain.newBuilder();
        for (int k = 0; k < log.pseudospikeCount(i); k++) {
          pseudo.addTimes(log.pseudospikeTime(i, k));
        }
        pop.addSpikes(spikes).addPseudospikes(pseudo);
      }
      trace.addPopulations(pop);
    }
    return trace.build();
  }
}
