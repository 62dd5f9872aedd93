package org.spikeforge.emulator.core;

/**
 * Per-run state of a {@link Loihi2Model} layer: u, v and the two Dense accumulators. All sums are 32-bit
 * two's complement like Lava's int32 arrays; decay products are 64-bit and truncated toward zero.
 */
final class Loihi2Core implements LayerCore {
  private static final int M = Loihi2Model.M;
  private final Loihi2Model m;
  private final int[] u;
  private final int[] v;
  private final int[] accFf;
  private final int[] accRec;

  Loihi2Core(Loihi2Model model) {
    this.m = model;
    this.u = new int[model.size];
    this.v = new int[model.size];
    this.accFf = new int[model.size];
    this.accRec = new int[model.size];
    reset();
  }

  @Override
  public void reset() {
    System.arraycopy(m.uInit, 0, u, 0, u.length);
    System.arraycopy(m.vInit, 0, v, 0, v.length);
    beginStep();
  }

  @Override
  public void beginStep() {
    java.util.Arrays.fill(accFf, 0);
    java.util.Arrays.fill(accRec, 0);
  }

  @Override
  public void addFeedForward(int source, int count) {
    // Dense input is binary: count >= 1 adds the column once.
    add(accFf, m.weightsT, source * m.size);
  }

  @Override
  public void addRecurrent(int source, int count) {
    add(accRec, m.recurrentT, source * m.size);
  }

  private static void add(int[] acc, int[] columns, int base) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += columns[base + i];
    }
  }

  @Override
  public int update(int[] spikingNeurons, int[] spikeCounts) {
    final int e = m.weightExp;
    final int fu = m.decayU;
    final int fv = m.decayV;
    final int vth = m.vthScaled;
    final int[] bias = m.bias;
    int spikes = 0;
    for (int i = 0; i < u.length; i++) {
      // Each Dense shifts its own accumulation by weight_exp; the LIF's in-port sums the two messages.
      int a = e >= 0 ? (accFf[i] << e) + (accRec[i] << e) : (accFf[i] >> -e) + (accRec[i] >> -e);
      // Java long division by 4096 truncates toward zero: sign(x) * (|x| >> 12).
      int uu = (int) (((long) u[i] * fu) / 4096) + (a << 6);
      if (uu > M) {
        uu -= 2 * M;
      } else if (uu <= -M) {
        uu += 2 * M;
      }
      u[i] = uu;
      int vv = (int) (((long) v[i] * fv) / 4096) + uu + bias[i];
      vv = Math.max(-M + 1, Math.min(M - 1, vv));
      if (vv > vth) {
        spikingNeurons[spikes] = i;
        spikeCounts[spikes] = 1;
        spikes++;
        vv = 0;
      }
      v[i] = vv;
    }
    return spikes;
  }

  @Override
  public long read(int variable, int neuron) {
    return variable == 0 ? u[neuron] : v[neuron];
  }
}
