package org.spikeforge.emulator;

import java.util.Arrays;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;

/**
 * The spikes of one layer during a run as a flat (step, neuron, count) event log in growable int arrays, kept
 * across runs so that steady-state recording allocates nothing. A step's sparse spike list is appended with two
 * bulk copies and a fill; {@link #toProto} expands the counts and sorts the events into per-neuron trains.
 */
final class SpikeRecorder {
  private final int size;
  private int[] steps = new int[256];
  private int[] neurons = new int[256];
  private int[] counts = new int[256];
  private int length;

  SpikeRecorder(int size) {
    this.size = size;
  }

  void reset() {
    length = 0;
  }

  /** Appends the {@code n} spiking neurons of {@code step} with their spike counts. */
  void record(int step, int[] spiking, int[] spikeCounts, int n) {
    if (length + n > steps.length) {
      grow(length + n);
    }
    System.arraycopy(spiking, 0, neurons, length, n);
    System.arraycopy(spikeCounts, 0, counts, length, n);
    Arrays.fill(steps, length, length + n, step);
    length += n;
  }

  private void grow(int needed) {
    int capacity = Math.max(needed, steps.length * 2);
    steps = Arrays.copyOf(steps, capacity);
    neurons = Arrays.copyOf(neurons, capacity);
    counts = Arrays.copyOf(counts, capacity);
  }

  /** Spikes recorded, with multiplicity. */
  long total() {
    long total = 0;
    for (int e = 0; e < length; e++) {
      total += counts[e];
    }
    return total;
  }

  PopulationTrace toProto(String name) {
    int[] perNeuron = new int[size + 1];
    for (int e = 0; e < length; e++) {
      perNeuron[neurons[e] + 1] += counts[e];
    }
    for (int i = 0; i < size; i++) {
      perNeuron[i + 1] += perNeuron[i];
    }
    int[] sorted = new int[perNeuron[size]];
    int[] fill = Arrays.copyOf(perNeuron, size);
    for (int e = 0; e < length; e++) {
      int at = fill[neurons[e]];
      Arrays.fill(sorted, at, at + counts[e], steps[e]);
      fill[neurons[e]] = at + counts[e];
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
