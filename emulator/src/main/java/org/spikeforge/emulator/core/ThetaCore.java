package org.spikeforge.emulator.core;

/**
 * Per-run state of a {@link ThetaModel} layer: the phase counters and an input accumulator, 64-bit in general
 * and 32-bit (exact, and vectorized by C2) when the model proves no step's input sum leaves the int range.
 */
final class ThetaCore implements LayerCore {
  private final ThetaModel m;
  private final int[] phase;
  private final long[] acc;
  private final int[] accInt;

  ThetaCore(ThetaModel model) {
    this.m = model;
    this.phase = new int[model.size];
    this.acc = model.intAccumulator ? null : new long[model.size];
    this.accInt = model.intAccumulator ? new int[model.size] : null;
    reset();
  }

  @Override
  public void reset() {
    System.arraycopy(m.phaseInit, 0, phase, 0, phase.length);
    beginStep();
  }

  @Override
  public void beginStep() {
    if (accInt != null) {
      java.util.Arrays.fill(accInt, 0);
    } else {
      java.util.Arrays.fill(acc, 0L);
    }
  }

  @Override
  public void addFeedForward(int source, int count) {
    add(m.weightColumns[source], count);
  }

  @Override
  public void addRecurrent(int source, int count) {
    add(m.recurrentColumns[source], count);
  }

  private void add(int[] column, int count) {
    if (accInt != null) {
      final int[] a = accInt;
      for (int i = 0; i < a.length; i++) {
        a[i] += count * column[i];
      }
    } else {
      final long[] a = acc;
      for (int i = 0; i < a.length; i++) {
        a[i] += (long) count * column[i];
      }
    }
  }

  @Override
  public int update(int[] spikingNeurons, int[] spikeCounts) {
    final ThetaTablesModel t = m.tables;
    int spikes = 0;
    for (int i = 0; i < phase.length; i++) {
      int p = phase[i];
      long x = accInt != null ? accInt[i] : acc[i];
      if (x != 0) {
        p = t.kick(p, x);
      }
      p += t.phaseStep;
      if (p >= t.period) {
        p = 0;
        spikingNeurons[spikes] = i;
        spikeCounts[spikes] = 1;
        spikes++;
      }
      phase[i] = p;
    }
    return spikes;
  }

  @Override
  public long read(int variable, int neuron) {
    return phase[neuron];
  }
}
