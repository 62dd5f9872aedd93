package org.spikeforge.emulator.core;

/** Per-run state of a {@link ThetaModel} layer: the phase counters and a 64-bit input accumulator. */
final class ThetaCore implements LayerCore {
  private final ThetaModel m;
  private final int[] phase;
  private final long[] acc;

  ThetaCore(ThetaModel model) {
    this.m = model;
    this.phase = new int[model.size];
    this.acc = new long[model.size];
    reset();
  }

  @Override
  public void reset() {
    System.arraycopy(m.phaseInit, 0, phase, 0, phase.length);
    beginStep();
  }

  @Override
  public void beginStep() {
    java.util.Arrays.fill(acc, 0L);
  }

  @Override
  public void addFeedForward(int source, int count) {
    add(m.weightsT, source * m.size, count);
  }

  @Override
  public void addRecurrent(int source, int count) {
    add(m.recurrentT, source * m.size, count);
  }

  private void add(int[] columns, int base, int count) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += (long) count * columns[base + i];
    }
  }

  @Override
  public int update(int[] spikingNeurons, int[] spikeCounts) {
    final ThetaTablesModel t = m.tables;
    int spikes = 0;
    for (int i = 0; i < phase.length; i++) {
      int p = phase[i];
      if (acc[i] != 0) {
        p = t.kick(p, acc[i]);
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
