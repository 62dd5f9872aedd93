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
  /** Sparse theta layers: cos and sin of k * groupTime[g], the rotation from the trial start to each group. */
  double[] groupCos = new double[8];
  double[] groupSin = new double[8];
  int[] groupStart = new int[9];
  int memberCount;
  /** Presynaptic neuron (or input channel) of each group member. */
  int[] memberSource = new int[8];
  /** Index of the member in the presynaptic spike list (or the input channel for layer 1). */
  int[] memberSpike = new int[8];

  // Per (group, neuron) records, index g * size + i.
  // THETA: recA = dH/dphi, recB = dH/dw. LIF: recA = V before the jump, recB = I before, recC = decay s.
  // Sparse (conv, pool) layers index them by touch e instead: see touchStart.
  double[] recA = new double[0];
  double[] recB = new double[0];
  double[] recC = new double[0];

  // Sparse layers (SparseLifLayer, SparseThetaLayer): the neurons that group g reaches are
  // touchNeuron[touchStart[g] .. touchStart[g + 1]); records are per touch. lazy says which layout the last
  // forward pass of this layer left (the backward pass must read the same one).
  boolean lazy;
  int touchCount;
  int[] touchStart = new int[9];
  int[] touchNeuron = new int[8];
  /** Per neuron: the last group that reached it (-1: none yet) and a scratch stamp for de-duplication. */
  final int[] lastGroup;
  final int[] mark;

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
  /**
   * Sparse layers, between {@link #addLazySpike} and {@link #finishLazySpikes}: the first group that may follow
   * each spike (the group after its neuron's previous touch); spikeInterval holds the last one until then.
   */
  int[] spikeFrom = new int[8];
  /** Sparse layers: counting-sort buckets by interval. */
  private int[] intervalFill = new int[8];
  /** Sparse layers: (key, index) pairs of the radix sort by (time, neuron), and the per-neuron buckets. */
  private long[] sortKey = new long[8];
  private long[] sortKeyScratch = new long[8];
  private int[] neuronFill = new int[0];
  private final int[] radixCounts = new int[SpikeSort.RADIX];
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
    lastGroup = new int[size];
    mark = new int[size];
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
    buildGroups(times, sources, bySpikeIndex, count, true);
  }

  /**
   * As {@link #buildGroups(double[], int[], boolean, int)}; with {@code perNeuronRecords} false (a sparse layer, whose
   * records are per touch) the (group, neuron) record arrays are not sized.
   */
  void buildGroups(double[] times, int[] sources, boolean bySpikeIndex, int count, boolean perNeuronRecords) {
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
          groupCos = Arrays.copyOf(groupCos, cap);
          groupSin = Arrays.copyOf(groupSin, cap);
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
    if (touchStart.length < g + 1) {
      touchStart = new int[grow(touchStart.length, g + 1)];
    }
    if (!perNeuronRecords) {
      return;
    }
    int need = g * size;
    // a sparse forward grows recA and recB per touch and may leave recC short (ensureTouches without the third
    // record); a replay of that layer afterwards needs all three per (group, neuron)
    if (recA.length < need || recB.length < need || recC.length < need) {
      int cap = grow(recA.length, need);
      recA = new double[cap];
      recB = new double[cap];
      recC = new double[cap];
    }
  }

  /**
   * Makes room for {@code extra} more touches after touchCount, keeping the touches and per-touch records so far
   * (growth is geometric, so steady-state passes allocate nothing).
   */
  void ensureTouches(int extra, boolean threeRecords) {
    int need = touchCount + extra;
    if (touchNeuron.length < need) {
      touchNeuron = Arrays.copyOf(touchNeuron, grow(touchNeuron.length, need));
    }
    if (recA.length < need) {
      int cap = grow(recA.length, need);
      recA = Arrays.copyOf(recA, cap);
      recB = Arrays.copyOf(recB, cap);
      recC = threeRecords ? Arrays.copyOf(recC, cap) : recC;
    } else if (threeRecords && recC.length < need) {
      recC = Arrays.copyOf(recC, recA.length);
    }
  }

  private void permuteAll(int from, int m, boolean withLifFields) {
    permute(spikeTime, from, m);
    permute(spikeNeuron, from, m);
    permute(spikeInterval, from, m);
    if (withLifFields) {
      permute(spikeS, from, m);
      permute(spikeVdot, from, m);
      permute(spikeIpost, from, m);
    }
  }

  /**
   * Appends a spike found lazily by a sparse layer, whose neuron's flow ran from group {@code from - 1} (or the
   * trial start) to group {@code to} (or T for to = groupCount): its interval is settled by {@link #finishLazySpikes}.
   * Returns its index.
   */
  int addLazySpike(double t, int neuron, int from, int to) {
    int s = addSpike(t, neuron, to);
    spikeFrom[s] = from;
    return s;
  }

  /**
   * Puts the spikes of a sparse layer ({@link #addLazySpike}) into the eager layers' order (interval, time,
   * neuron), gives each its interval (the first group q in [from, to) with groupTime[q] &gt;= t, else to: what
   * {@link #intervalOf} returns) and indexes the first spikes. Why this is cheaper than finding each interval when
   * the spike is found and sorting by interval: the interval is a non-decreasing function of the time alone unless
   * rounding puts a spike's time outside its flow's window, so one radix sort by (time, neuron) and one merge of
   * the sorted times with the group times give that order; only if the merged intervals then decrease somewhere
   * (the rounding case) a stable counting sort by interval follows, which yields the same order from there.
   */
  void finishLazySpikes(boolean withLifFields) {
    int m = spikeCount;
    if (m > 1) {
      sortByTimeAndNeuron(m, withLifFields);
    }
    int q = 0;
    boolean ordered = true;
    int prev = 0;
    for (int s = 0; s < m; s++) {
      double t = spikeTime[s];
      while (q < groupCount && groupTime[q] < t) {
        q++;
      }
      int interval = Math.min(Math.max(q, spikeFrom[s]), spikeInterval[s]);
      spikeInterval[s] = interval;
      ordered &= interval >= prev;
      prev = interval;
    }
    if (!ordered) {
      sortByIntervalStable(m, withLifFields);
    }
    indexFirstSpikes();
  }

  /**
   * Sorts the spikes by (time, neuron), carrying every field along. A stable LSD radix sort on (key, index) pairs
   * read sequentially: first by neuron (a counting pass, skipped when the list is in neuron order already, as a
   * layer with one input group leaves it), then by a 32-bit key floor(t * c) with c = (2^32 - 256) / t_max, which
   * is non-decreasing in t (a correctly rounded product by c &gt; 0 is), in 11-bit digits (passes where every key
   * has the same digit are skipped). Three passes instead of the six of the full 64 bits; the few spikes whose
   * distinct times share a key (they differ by less than t_max 2^-32) are then put in (time, neuron) order by an
   * insertion sort over each run of equal keys. Times are &gt;= 0 and not NaN; -0.0 counts as 0.0.
   */
  private void sortByTimeAndNeuron(int m, boolean withLifFields) {
    if (sortKey.length < m) {
      int cap = grow(sortKey.length, m);
      sortKey = new long[cap];
      sortKeyScratch = new long[cap];
    }
    boolean sorted = true;
    boolean byNeuron = true;
    double tMax = spikeTime[0];
    for (int s = 1; s < m; s++) {
      double a = spikeTime[s - 1];
      double b = spikeTime[s];
      sorted &= a < b || (a == b && spikeNeuron[s - 1] < spikeNeuron[s]);
      byNeuron &= spikeNeuron[s - 1] <= spikeNeuron[s];
      tMax = Math.max(tMax, b);
    }
    if (sorted) {
      return;
    }
    double c = tMax > 0.0 ? 4294967040.0 / tMax : 0.0;
    int[] idx = sortOrder;
    long[] key = sortKey;
    if (byNeuron) {
      for (int s = 0; s < m; s++) {
        idx[s] = s;
        key[s] = Math.min((long) (spikeTime[s] * c), 0xFFFFFFFFL);
      }
    } else {
      if (neuronFill.length < size + 1) {
        neuronFill = new int[size + 1];
      }
      int[] fill = neuronFill;
      Arrays.fill(fill, 0, size + 1, 0);
      for (int s = 0; s < m; s++) {
        fill[spikeNeuron[s] + 1]++;
      }
      for (int i = 0; i < size; i++) {
        fill[i + 1] += fill[i];
      }
      for (int s = 0; s < m; s++) {
        int o = fill[spikeNeuron[s]]++;
        idx[o] = s;
        key[o] = Math.min((long) (spikeTime[s] * c), 0xFFFFFFFFL);
      }
    }
    int[] idx2 = sortScratch;
    long[] key2 = sortKeyScratch;
    int[] counts = radixCounts;
    final int mask = SpikeSort.RADIX - 1;
    for (int shift = 0; shift < 32; shift += 11) {
      Arrays.fill(counts, 0);
      for (int s = 0; s < m; s++) {
        counts[(int) (key[s] >>> shift) & mask]++;
      }
      if (counts[(int) (key[0] >>> shift) & mask] == m) {
        continue; // every key has this digit
      }
      int sum = 0;
      for (int d = 0; d < SpikeSort.RADIX; d++) {
        int k = counts[d];
        counts[d] = sum;
        sum += k;
      }
      for (int s = 0; s < m; s++) {
        long k = key[s];
        int o = counts[(int) (k >>> shift) & mask]++;
        key2[o] = k;
        idx2[o] = idx[s];
      }
      long[] tk = key;
      key = key2;
      key2 = tk;
      int[] ti = idx;
      idx = idx2;
      idx2 = ti;
    }
    // runs of equal keys: (time, neuron) order by insertion (stable, and already in neuron order)
    for (int a = 0; a < m;) {
      int b = a + 1;
      long k = key[a];
      while (b < m && key[b] == k) {
        b++;
      }
      for (int q = a + 1; q < b; q++) {
        int v = idx[q];
        double tv = spikeTime[v];
        int r = q - 1;
        while (r >= a && spikeTime[idx[r]] > tv) {
          idx[r + 1] = idx[r];
          r--;
        }
        idx[r + 1] = v;
      }
      a = b;
    }
    if (idx != sortOrder) {
      System.arraycopy(idx, 0, sortOrder, 0, m);
    }
    permuteAll(0, m, withLifFields);
    permute(spikeFrom, 0, m);
  }

  /** Stable counting sort of the spikes by interval (0..groupCount), carrying every field along. */
  private void sortByIntervalStable(int m, boolean withLifFields) {
    if (intervalFill.length < groupCount + 2) {
      intervalFill = new int[grow(intervalFill.length, groupCount + 2)];
    }
    int[] fill = intervalFill;
    Arrays.fill(fill, 0, groupCount + 2, 0);
    for (int s = 0; s < m; s++) {
      fill[spikeInterval[s] + 1]++;
    }
    for (int q = 0; q <= groupCount; q++) {
      fill[q + 1] += fill[q];
    }
    for (int s = 0; s < m; s++) {
      sortOrder[fill[spikeInterval[s]]++] = s;
    }
    permuteAll(0, m, withLifFields);
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
      spikeFrom = Arrays.copyOf(spikeFrom, cap);
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
