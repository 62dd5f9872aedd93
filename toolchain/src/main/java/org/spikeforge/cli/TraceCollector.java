package org.spikeforge.cli;

import java.util.List;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.emulator.StepOutput;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

/**
 * A {@link StepOutput} that builds the proto {@link Trace} ({@code .trace.pb} / {@code .trace.json}) of a streamed
 * run in memory, keeping the recorded layers' spikes and the probes, and counting every layer's spikes.
 */
final class TraceCollector implements StepOutput {
  private final boolean[] recorded;
  private final SpikeTrain.Builder[][] trains;
  private final StateProbe.Builder[] probes;
  private final long[] spikeCounts;
  private final List<String> names;

  TraceCollector(List<String> names, int[] sizes, boolean[] recorded, RecordSpec record) {
    this.names = names;
    this.recorded = recorded.clone();
    this.trains = new SpikeTrain.Builder[names.size()][];
    for (int l = 0; l < trains.length; l++) {
      if (recorded[l]) {
        trains[l] = new SpikeTrain.Builder[sizes[l]];
        for (int i = 0; i < sizes[l]; i++) {
          trains[l][i] = SpikeTrain.newBuilder();
        }
      }
    }
    this.probes = new StateProbe.Builder[record.probes().size()];
    for (int p = 0; p < probes.length; p++) {
      RecordSpec.Probe pr = record.probes().get(p);
      probes[p] = StateProbe.newBuilder().setPopulation(pr.layer()).setNeuron(pr.neuron()).setVariable(pr.variable());
    }
    this.spikeCounts = new long[names.size()];
  }

  @Override
  public void spikes(int step, int layer, int[] neurons, int[] counts, int n) {
    for (int e = 0; e < n; e++) {
      spikeCounts[layer] += counts[e];
    }
    if (recorded[layer]) {
      for (int e = 0; e < n; e++) {
        for (int c = 0; c < counts[e]; c++) {
          trains[layer][neurons[e]].addSteps(step);
        }
      }
    }
  }

  @Override
  public void endStep(int step, long[] probeValues) {
    for (int p = 0; p < probes.length; p++) {
      probes[p].addValues(probeValues[p]);
    }
  }

  /** Spikes of every layer (recorded or not), with multiplicity. */
  long[] spikeCounts() {
    return spikeCounts;
  }

  Trace trace(String source, long steps, double dt) {
    Trace.Builder b = Trace.newBuilder().setSource(source).setSteps(steps).setDt(dt).setTrialEnd(steps * dt);
    for (int l = 0; l < trains.length; l++) {
      if (recorded[l]) {
        PopulationTrace.Builder p = PopulationTrace.newBuilder().setName(names.get(l));
        for (SpikeTrain.Builder t : trains[l]) {
          p.addSpikes(t);
        }
        b.addPopulations(p);
      }
    }
    for (StateProbe.Builder p : probes) {
      b.addProbes(p);
    }
    return b.build();
  }
}
