package org.spikeforge.ttfs;

import java.util.Arrays;

/**
 * Every per-sample buffer of one layer: its coalesced input events, the per-event records that the backward
 * pass needs, its sorted spike list and the per-neuron state. Arrays grow geometrically only when a sample
 * needs more room than every sample before it, so steady-state forward/backward passes allocate nothing.
 */
final class LayerTrace {
  final int size;

  // Coalesced input events ("groups"): all presynaptic spikes at one time form one jump per neuron.
  int groupCount;
  double[] groupTime = new double[8];
  int[] groupStart = new int[9];
  int memberCount;
  /** Presynaptic neuron (or input channel) of each group member. */
  int[] memberSource = new int[8];
  /** Index of the member in the presynaptic spike list (or the input channel for layer 1). */
  int[] memberSpike = new int[8];

  // Per (group, neuron) records, index g * size + i.
  // THETA: recA = dH/dphi, recB = dH/dw. LIF: recA = V before the jump, recB = I before, recC = decay s.
  double[] recA = new double[0];
  double[] recB = new double[0];
  double[] recC = new double[0];

  // In-trial spikes sorted by time; interval = number of input groups processed before the spike.
  int spikeCount;
  double[] spikeTime = new double[8];
  int[] spikeNeuron = new int[8];
  int[] spikeInterval = new int[8];
  /** LIF: decay factor s of the flow that ends in the spike, dV/dt at the crossing, I after the spike. */
  double[] spikeS = new double[8];
  double[] spikeVdot = new double[8];
  double[] spikeIpost = new double[8];
  /** dL/d(spike time) collected from the layer above or the loss. */
  double[] spikeAdjoint = new double[8];
  int[] sortOrder = new int[8];
  int[] sortScratch = new int[8];
  double[] tmpD = new double[8];
  int[] tmpI = new int[8];

  // Per-neuron state: THETA stateA/stateB = (cos psi, sin psi) with psi = k phi - pi/2; LIF = (V, I), after the
  // LIF forward pass (V(T), I(T)).
  final double[] stateA;
  final double[] stateB;
  final double[] anchor;
  final int[] spikesOfNeuron;
  final int[] firstSpike;
  /** Summed weight of the current group per neuron (forward); dL/d(summed weight) (backward). */
  final double[] acc;

  /**
   * Theta: rotated state scratch of the current group. LIF: tmpX the decay s of each neuron's last flow into T, tmpY
   * the per-weight jump-time adjoint of the current group in the reverse pass.
   */
  final double[] tmpX;
  final double[] tmpY;
  /** Output slots of a kernel call that returns several values (LIF pseudospike drive: 5). */
  final double[] kernelOut = new double[5];

  // Pseudospike pass (theta and LIF) and adjoints.
  final double[] pseudoHphi;
  final double[] pseudoHw;
  final double[] rate;
  final double[] pseudoAdjoint;
  final double[] lambdaA;
  final double[] lambdaB;
  final double[] lambdaT;

  LayerTrace(int size) {
    this.size = size;
    stateA = new double[size];
    stateB = new double[size];
    anchor = new double[size];
    spikesOfNeuron = new int[size];
    firstSpike = new int[size];
    acc = new double[size];
    tmpX = new double[size];
    tmpY = new double[size];
    pseudoHphi = new double[size];
    pseudoHw = new double[size];
    rate = new double[size];
    pseudoAdjoint = new double[size];
    lambdaA = new double[size];
    lambdaB = new double[size];
    lambdaT = new double[size];
  }

  /**
   * Rebuilds the coalesced groups from {@code count} presynaptic events already sorted by time. A member's
   * adjoint slot is its position in the presynaptic spike list (bySpikeIndex) or else its source channel.
   */
  void buildGroups(double[] times, int[] sources, boolean bySpikeIndex, int count) {
    if (memberSource.length < count) {
      int cap = grow(memberSource.length, count);
      memberSource = new int[cap];
      memberSpike = new int[cap];
    }
    int g = 0;
    for (int m = 0; m < count; m++) {
      double t = times[m];
      if (m == 0 || t != times[m - 1]) {
        if (g == groupTime.length) {
          int cap = grow(groupTime.length, g + 1);
          groupTime = Arrays.copyOf(groupTime, cap);
          groupStart = Arrays.copyOf(groupStart, cap + 1);
        }
        groupTime[g] = t;
        groupStart[g] = m;
        g++;
      }
      memberSource[m] = sources[m];
      memberSpike[m] = bySpikeIndex ? m : sources[m];
    }
    groupStart[g] = count;
    groupCount = g;
    memberCount = count;
    int need = g * size;
    if (recA.length < need) {
      int cap = grow(recA.length, need);
      recA = new double[cap];
      recB = new double[cap];
      recC = new double[cap];
    }
  }

  void resetSpikes() {
    spikeCount = 0;
    Arrays.fill(spikesOfNeuron, 0);
  }

  /** Appends a spike; returns its index. */
  int addSpike(double t, int neuron, int interval) {
    if (spikeCount == spikeTime.length) {
      int cap = grow(spikeTime.length, spikeCount + 1);
      spikeTime = Arrays.copyOf(spikeTime, cap);
      spikeNeuron = Arrays.copyOf(spikeNeuron, cap);
      spikeInterval = Arrays.copyOf(spikeInterval, cap);
      spikeS = Arrays.copyOf(spikeS, cap);
      spikeVdot = Arrays.copyOf(spikeVdot, cap);
      spikeIpost = Arrays.copyOf(spikeIpost, cap);
      spikeAdjoint = new double[cap];
      sortOrder = new int[cap];
      sortScratch = new int[cap];
      tmpD = new double[cap];
      tmpI = new int[cap];
    }
    int s = spikeCount++;
    spikeTime[s] = t;
    spikeNeuron[s] = neuron;
    spikeInterval[s] = interval;
    spikesOfNeuron[neuron]++;
    return s;
  }

  /** Sorts the spikes [from, spikeCount) by time (stable), carrying every per-spike field along. */
  void sortSpikesFrom(int from, boolean withLifFields) {
    int m = spikeCount - from;
    if (m < 2) {
      return;
    }
    boolean sorted = true;
    for (int s = from + 1; s < spikeCount; s++) {
      if (spikeTime[s] < spikeTime[s - 1]) {
        sorted = false;
        break;
      }
    }
    if (sorted) {
      return;
    }
    SpikeSort.sortRange(spikeTime, from, m, sortOrder, sortScratch);
    permute(spikeTime, from, m);
    permute(spikeNeuron, from, m);
    if (withLifFields) {
      permute(spikeS, from, m);
      permute(spikeVdot, from, m);
      permute(spikeIpost, from, m);
    }
  }

  private void permute(double[] a, int from, int m) {
    for (int q = 0; q < m; q++) {
      tmpD[q] = a[sortOrder[q]];
    }
    System.arraycopy(tmpD, 0, a, from, m);
  }

  private void permute(int[] a, int from, int m) {
    for (int q = 0; q < m; q++) {
      tmpI[q] = a[sortOrder[q]];
    }
    System.arraycopy(tmpI, 0, a, from, m);
  }

  /** Records the first spike of every neuron (or -1) once the sorted spike list is final. */
  void indexFirstSpikes() {
    Arrays.fill(firstSpike, -1);
    for (int s = spikeCount - 1; s >= 0; s--) {
      firstSpike[spikeNeuron[s]] = s;
    }
  }

  private static int grow(int current, int need) {
    long cap = Math.max(8L, current);
    while (cap < need) {
      cap *= 2;
    }
    if (cap > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("ttfs workspace: needs " + need + " entries, above the array limit");
    }
    return (int) cap;
  }
}
