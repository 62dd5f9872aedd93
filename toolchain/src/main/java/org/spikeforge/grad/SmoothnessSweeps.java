package org.spikeforge.grad;

import java.util.Arrays;
import java.util.function.DoubleFunction;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;

/**
 * Weight sweeps across the value where a QIF spike enters the trial through T (SCIENCE.md 2). The sweep interval is
 * centred on that value, found by bisection on the spike count, so a spike appears inside every sweep.
 */
public final class SmoothnessSweeps {
  /** Spikes reported per point. */
  public static final int SPIKES = 3;
  private static final double TRIAL_END = 3.0;

  private SmoothnessSweeps() {}

  /**
   * One QIF neuron (tau = 1, T = 3) with an input of swept weight w at t = 0.2 and a fixed one (weight 3) at t = 1;
   * w is swept over +-2 around the value where the neuron's second spike crosses T.
   */
  public static SmoothnessSweep singleQifNeuron(int points) {
    DoubleFunction<Network> net = w -> Network.newBuilder().setName("single-qif").setModel(NeuronModel.QIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1)).setTrialEnd(TRIAL_END).setNumInputs(2)
        .addPopulations(Population.newBuilder().setName("n").setSize(1).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("n").setRows(1).setCols(2)
            .addWeights(w).addWeights(3.0))
        .build();
    InputSpikes in = inputs(new double[] {0.2}, new double[] {1.0});
    return sweep("single QIF neuron", net, in, 0, 0, 4.0, 60.0, 2.0, points);
  }

  /**
   * Two layers: 3 inputs -> 3 hidden QIF neurons -> 1 output QIF neuron (tau = 1, T = 3). The weight from input 0 onto
   * hidden neuron 0 is swept over +-2 around the value where that neuron's second spike crosses T; the output
   * neuron's in-trial spikes are observed.
   */
  public static SmoothnessSweep twoLayerQif(int points) {
    DoubleFunction<Network> net = w -> Network.newBuilder().setName("two-layer-qif").setModel(NeuronModel.QIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1)).setTrialEnd(TRIAL_END).setNumInputs(3)
        .addPopulations(Population.newBuilder().setName("hidden").setSize(3))
        .addPopulations(Population.newBuilder().setName("out").setSize(1).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("hidden").setRows(3).setCols(3)
            .addAllWeights(Arrays.asList(w, 2.0, 0.0, 4.0, 8.0, 0.0, 0.0, 3.0, 9.0)))
        .addProjections(Projection.newBuilder().setSource("hidden").setTarget("out").setRows(1).setCols(3)
            .addAllWeights(Arrays.asList(6.0, 5.0, 4.0)))
        .build();
    InputSpikes in = inputs(new double[] {0.2}, new double[] {0.6}, new double[] {1.1});
    return sweep("two-layer QIF net, output neuron", net, in, 0, 3, 4.0, 60.0, 2.0, points);
  }

  private static InputSpikes inputs(double[]... channels) {
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(channels.length).setLabel(-1);
    for (double[] times : channels) {
      SpikeTrain.Builder tr = SpikeTrain.newBuilder();
      for (double t : times) {
        tr.addTimes(t);
      }
      b.addTrains(tr);
    }
    return b.build();
  }

  /**
   * Finds the weight in [lo, hi] where the swept neuron (the first neuron fed by the swept weight, global index 0)
   * gains its second spike, then sweeps +-halfWidth around it.
   */
  private static SmoothnessSweep sweep(String label, DoubleFunction<Network> netOf, InputSpikes in, int weightIndex,
      int observed, double lo, double hi, double halfWidth, int points) {
    if (points < 2) {
      throw new IllegalArgumentException("points must be >= 2, got " + points);
    }
    EventSimulator sim = new EventSimulator();
    EventLog log = new EventLog();
    CompiledNetwork net = CompiledNetwork.fromProto(netOf.apply(lo));
    InputTrains trains = InputTrains.fromProto(in, net.numInputs());
    double[] w = net.weights();
    int target = 2;
    for (int it = 0; it < 100; it++) {
      double mid = 0.5 * (lo + hi);
      w[weightIndex] = mid;
      sim.run(net, trains, log);
      if (log.spikeCount(0) >= target) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    double centre = 0.5 * (lo + hi);
    double[] weights = new double[points];
    double[][] times = new double[points][SPIKES];
    double[][] derivs = new double[points][SPIKES];
    SpikeTimeGradient gradient = new SpikeTimeGradient();
    ParameterGradients grads = new ParameterGradients(net, trains.spikeCount());
    for (int p = 0; p < points; p++) {
      double wp = centre - halfWidth + 2 * halfWidth * p / (points - 1);
      weights[p] = wp;
      w[weightIndex] = wp;
      sim.run(net, trains, log);
      Arrays.fill(times[p], Double.NaN);
      Arrays.fill(derivs[p], Double.NaN);
      double[] dLdt = new double[log.totalSpikes()];
      for (int k = 0; k < Math.min(SPIKES, log.spikeCount(observed)); k++) {
        times[p][k] = log.spikeTime(observed, k);
        Arrays.fill(dLdt, 0);
        dLdt[log.spikeStart()[observed] + k] = 1;
        grads.clear();
        gradient.backward(log, dLdt, null, grads);
        derivs[p][k] = grads.weights()[weightIndex];
      }
    }
    return new SmoothnessSweep(label, weights, times, derivs);
  }
}
