package org.spikeforge.emulator;

import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;

/**
 * The spikes of one layer during a run as a flat (step, neuron) event log in growable int arrays, kept across
 * runs so that steady-state recording allocates nothing; {@link #toProto} sorts them into per-neuron trains.
 */
final class SpikeRecorder {
  private final int size;
  private int[] steps = new int[256];
  private int[] neurons = new int[256];
  private int length;

  SpikeRecorder(int size) {
    this.size = size;
  }

  void reset() {
    length = 0;
  }

  void record(int step, int[] spiking, int[] counts, int n) {
    for (int k = 0; k < n; k++) {
      int c = counts[k];
      if (length + c > steps.length) {
        grow(length + c);
      }
      for (int r = 0; r < c; r++) {
        steps[length] = step;
        neurons[length] = spiking[k];
        length++;
      }
    }
  }

  private void grow(int needed) {
    int capacity = Math.max(needed, steps.length * 2);
    steps = java.util.Arrays.copyOf(steps, capacity);
    neurons = java.util.Arrays.copyOf(neurons, capacity);
  }

  long total() {
    return length;
  }

  PopulationTrace toProto(String name) {
    int[] perNeuron = new int[size + 1];
    for (int e = 0; e < length; e++) {
      perNeuron[neurons[e] + 1]++;
    }
    for (int i = 0; i < size; i++) {
      perNeuron[i + 1] += perNeuron[i];
    }
    int[] sorted = new int[length];
    int[] fill = java.util.Arrays.copyOf(perNeuron, size);
    for (int e = 0; e < length; e++) {
      sorted[fill[neurons[e]]++] = steps[e];
    }
    PopulationTrace.Builder b = PopulationTrace.newBuilder().setName(name);
    for (int i = 0; i < size; i++) {
      SpikeTrain.Builder t = SpikeTrain.newBuilder();
      for (int k = perNeuron[i]; k < perNeuron[i + 1]; k++) {
        t.addSteps(sorted[k]);
      }
      b.addSpikes(t);
    }
    return b.build();
  }
}
