package org.spikeforge.emulator.core;

/**
 * Per-run state of a {@link XyloModel} layer. Incoming spikes are added to isyn at once (saturating,
 * in delivery order), then the step decays isyn and vmem, adds isyn and bias to vmem and fires.
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
    deliver(m.weightsT, source * m.size, count);
  }

  @Override
  public void addRecurrent(int source, int count) {
    deliver(m.recurrentT, source * m.size, count);
  }

  /** {@code count} saturating additions of the same weight equal one addition of count * weight, clamped. */
  private void deliver(int[] columns, int base, int count) {
    for (int i = 0; i < isyn.length; i++) {
      isyn[i] = clamp16(isyn[i] + count * columns[base + i]);
    }
  }

  static int clamp16(int x) {
    return Math.max(MIN16, Math.min(MAX16, x));
  }

  /** Bit-shift decay {@code x - (x >> dash)}; a positive x whose shift is 0 loses 1 (negative shifts floor to -1). */
  static int decay(int x, int dash) {
    int d = x >> dash;
    if (d == 0 && x > 0) {
      d = 1;
    }
    return x - d;
  }

  @Override
  public int update(int[] spikingNeurons, int[] spikeCounts) {
    final int dashSyn = m.dashSyn;
    final int dashMem = m.dashMem;
    final int maxSpikes = m.maxSpikes;
    int spikes = 0;
    for (int i = 0; i < isyn.length; i++) {
      int is = decay(isyn[i], dashSyn);
      isyn[i] = is;
      int vm = clamp16(decay(vmem[i], dashMem) + is + m.bias[i]);
      int th = m.threshold[i];
      if (vm >= th) {
        int n = Math.min(maxSpikes, vm / th);
        vm -= n * th;
        spikingNeurons[spikes] = i;
        spikeCounts[spikes] = n;
        spikes++;
      }
      vmem[i] = vm;
    }
    return spikes;
  }

  @Override
  public long read(int variable, int neuron) {
    return variable == 0 ? isyn[neuron] : vmem[neuron];
  }
}
