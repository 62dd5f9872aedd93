package org.spikeforge.emulator;

import java.util.Arrays;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;

/**
 * The spikes of one layer during a run as a flat event log in growable int arrays (spiking neuron, and its
 * spike count unless the family only ever emits one), with the end of each step's events, kept across runs so
 * that steady-state recording allocates nothing. A step's sparse spike list is appended with bulk copies;
 * {@link #toProto} expands the counts and sorts the events into per-neuron trains.
 */
final class SpikeRecorder {
  private final int size;
  private final boolean countsAreOne;
  private int[] neurons = new int[256];
  private int[] counts;
  private int[] stepEnd = new int[256];
  private int length;
  private int steps;

  /** {@code countsAreOne}: every recorded count is 1 ({@link org.spikeforge.emulator.core.LayerModel#singleSpikePerStep}). */
  SpikeRecorder(int size, boolean countsAreOne) {
    this.size = size;
    this.countsAreOne = countsAreOne;
    this.counts = countsAreOne ? null : new int[256];
  }

  void reset() {
    length = 0;
    steps = 0;
  }

  /**
   * Appends the {@code n} spiking neurons of {@code step} with their spike counts; steps are recorded once
   * each, in order from 0.
   */
  void record(int step, int[] spiking, int[] spikeCounts, int n) {
    if (step != steps) {
      throw new IllegalStateException("recorded step " + step + " after " + steps + " steps");
    }
    if (length + n > neurons.length) {
      grow(length + n);
    }
    System.arraycopy(spiking, 0, neurons, length, n);
    if (!countsAreOne) {
      System.arraycopy(spikeCounts, 0, counts, length, n);
    }
    length += n;
    if (step == stepEnd.length) {
      stepEnd = Arrays.copyOf(stepEnd, stepEnd.length * 2);
    }
    stepEnd[step] = length;
    steps++;
  }

  private void grow(int needed) {
    int capacity = Math.max(needed, neurons.length * 2);
    neurons = Arrays.copyOf(neurons, capacity);
    if (!countsAreOne) {
      counts = Arrays.copyOf(counts, capacity);
    }
  }

  private int count(int event) {
    return countsAreOne ? 1 : counts[event];
  }

  /** Spikes recorded, with multiplicity. */
  long total() {
    if (countsAreOne) {
      return length;
    }
    long total = 0;
    for (int e = 0; e < length; e++) {
      total += counts[e];
    }
    return total;
  }

  PopulationTrace toProto(String name) {
    int[] perNeuron = new int[size + 1];
    for (int e = 0; e < length; e++) {
      perNeuron[neurons[e] + 1] += count(e);
    }
    for (int i = 0; i < size; i++) {
      perNeuron[i + 1] += perNeuron[i];
    }
    int[] sorted = new int[perNeuron[size]];
    int[] fill = Arrays.copyOf(perNeuron, size);
    for (int t = 0, e = 0; t < steps; t++) {
      for (; e < stepEnd[t]; e++) {
        int at = fill[neurons[e]];
        int c = count(e);
        Arrays.fill(sorted, at, at + c, t);
        fill[neurons[e]] = at + c;
      }
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
