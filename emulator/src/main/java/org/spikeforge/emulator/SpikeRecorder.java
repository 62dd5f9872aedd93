package org.spikeforge.emulator;

import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;

/** Per-neuron spike steps of one layer, in growable int arrays kept across runs (no steady-state allocation). */
final class SpikeRecorder {
  private final int[][] steps;
  private final int[] n;

  SpikeRecorder(int size) {
    this.steps = new int[size][4];
    this.n = new int[size];
  }

  void reset() {
    java.util.Arrays.fill(n, 0);
  }

  void record(int step, int[] neurons, int[] counts, int spikes) {
    for (int k = 0; k < spikes; k++) {
      int i = neurons[k];
      for (int c = 0; c < counts[k]; c++) {
        if (n[i] == steps[i].length) {
          steps[i] = java.util.Arrays.copyOf(steps[i], steps[i].length * 2);
        }
        steps[i][n[i]++] = step;
      }
    }
  }

  long total() {
    long t = 0;
    for (int c : n) {
      t += c;
    }
    return t;
  }

  PopulationTrace toProto(String name) {
    PopulationTrace.Builder b = PopulationTrace.newBuilder().setName(name);
    for (int i = 0; i < n.length; i++) {
      SpikeTrain.Builder t = SpikeTrain.newBuilder();
      for (int k = 0; k < n[i]; k++) {
        t.addSteps(steps[i][k]);
      }
      b.addSpikes(t);
    }
    return b.build();
  }
}
