package org.spikeforge.emulator.core;

/**
 * Per-run state of a {@link XyloModel} layer. Incoming spikes are added to isyn at once (saturating,
 * in delivery order), then the step decays isyn and vmem, adds isyn and bias to vmem and fires.
 *
 * <p>The delivery loop and the decay loop are branch-free (saturation and the minimum decay step by shifts,
 * since C2 of JDK 17 vectorizes neither min/max nor branches) and index a weight column from 0, so both
 * vectorize; only the firing test, which divides, runs as a scalar loop.
 */
final class XyloCore implements LayerCore {
  private static final int MIN16 = Short.MIN_VALUE;
  private static final int MAX16 = Short.MAX_VALUE;
  private final XyloModel m;
  private final int[] isyn;
  private final int[] vmem;

  XyloCore(XyloModel model) {
    this.m = model;
    this.isyn = new int[model.size];
    this.vmem = new int[model.size];
  }

  @Override
  public void reset() {
    java.util.Arrays.fill(isyn, 0);
    java.util.Arrays.fill(vmem, 0);
  }

  @Override
  public void beginStep() {
    // isyn itself integrates the input; nothing to clear.
  }

  @Override
  public void addFeedForward(int source, int count) {
    deliver(m.weightColumns[source], count);
  }

  @Override
  public void addRecurrent(int source, int count) {
    deliver(m.recurrentColumns[source], count);
  }

  /**
   * {@code count} saturating additions of the same weight equal one addition of count * weight, clamped.
   * |isyn| < 2^15, count <= 31 and |weight| < 2^15, so the sum fits in 32 bits before the clamp.
   */
  private void deliver(int[] column, int count) {
    final int[] isyn = this.isyn;
    for (int i = 0; i < isyn.length; i++) {
      isyn[i] = clamp16(isyn[i] + count * column[i]);
    }
  }

  /** Saturates {@code x} to 16 bits; branch-free, valid for |x| < 2^30. */
  static int clamp16(int x) {
    int over = x - MAX16;
    x -= over & ~(over >> 31);
    int under = MIN16 - x;
    return x + (under & ~(under >> 31));
  }

  /**
   * Bit-shift decay {@code x - (x >> dash)}; a positive x whose shift is 0 loses 1 (negative shifts floor to -1).
   * The correction bit is the sign of {@code -x & (d - 1)}: set exactly when x > 0 and d == 0 (x is 16-bit).
   */
  static int decay(int x, int dash) {
    int d = x >> dash;
    d += (-x & (d - 1)) >>> 31;
    return x - d;
  }

  @Override
  public int update(int[] spikingNeurons, int[] spikeCounts) {
    final int dashSyn = m.dashSyn;
    final int dashMem = m.dashMem;
    final int[] isyn = this.isyn;
    final int[] vmem = this.vmem;
    final int[] bias = m.bias;
    for (int i = 0; i < isyn.length; i++) {
      int is = decay(isyn[i], dashSyn);
      isyn[i] = is;
      vmem[i] = clamp16(decay(vmem[i], dashMem) + is + bias[i]);
    }
    final int[] threshold = m.threshold;
    final int maxSpikes = m.maxSpikes;
    int spikes = 0;
    for (int i = 0; i < vmem.length; i++) {
      int vm = vmem[i];
      int th = threshold[i];
      if (vm >= th) {
        int n = Math.min(maxSpikes, vm / th);
        vmem[i] = vm - n * th;
        spikingNeurons[spikes] = i;
        spikeCounts[spikes] = n;
        spikes++;
      }
    }
    return spikes;
  }

  @Override
  public long read(int variable, int neuron) {
    return variable == 0 ? isyn[neuron] : vmem[neuron];
  }
}
