package org.spikeforge.emulator.core;

/**
 * Per-run state of a {@link Loihi2Model} layer: u, v and the two Dense accumulators. All sums are 32-bit
 * two's complement like Lava's int32 arrays; decay products are 64-bit and truncated toward zero.
 *
 * <p>Delivered sources are only listed; {@link #update} adds their weight columns four at a time
 * ({@code acc += a + b + c + d}, which wraps to the same 32-bit value as four separate additions), so the
 * accumulator is loaded and stored once per four sources and every loop indexes its arrays from 0, which
 * C2 vectorizes.
 *
 * <p>When the model's input is bounded (the usual case) the update runs a branch-free int-only form that the
 * JIT vectorizes: with |x| <= 2^23 and f <= 4096, {@code trunc0(x * f / 4096)} equals
 * {@code sign(x) * ((|x| >> 12) * f + (((|x| & 4095) * f) >> 12))} with no intermediate above 2^24, and the
 * saturation of v uses shifts instead of min/max (which C2 of JDK 17 does not vectorize). Otherwise it runs
 * the general form with 64-bit products. Both give Lava's numbers bit for bit.
 */
final class Loihi2Core implements LayerCore {
  private static final int M = Loihi2Model.M;
  private final Loihi2Model m;
  private final int[] u;
  private final int[] v;
  private final int[] accFf;
  private final int[] accRec;
  private final int[] fired;
  private final int[] pendingFf;
  private final int[] pendingRec;
  private int pendingFfCount;
  private int pendingRecCount;

  Loihi2Core(Loihi2Model model) {
    this.m = model;
    this.u = new int[model.size];
    this.v = new int[model.size];
    this.accFf = new int[model.size];
    this.accRec = new int[model.size];
    this.fired = new int[model.size];
    this.pendingFf = new int[Math.max(model.fanIn, 1)];
    this.pendingRec = new int[model.size];
    reset();
  }

  @Override
  public void reset() {
    System.arraycopy(m.uInit, 0, u, 0, u.length);
    System.arraycopy(m.vInit, 0, v, 0, v.length);
    java.util.Arrays.fill(accFf, 0);
    java.util.Arrays.fill(accRec, 0);
    pendingFfCount = 0;
    pendingRecCount = 0;
  }

  @Override
  public void beginStep() {
    // The accumulators are cleared by update() as it consumes them.
  }

  @Override
  public void addFeedForward(int source, int count) {
    // Dense input is binary: count >= 1 adds the column once.
    if (pendingFfCount == pendingFf.length) {
      accumulate(accFf, m.weightColumns, pendingFf, pendingFfCount);
      pendingFfCount = 0;
    }
    pendingFf[pendingFfCount++] = source;
  }

  @Override
  public void addRecurrent(int source, int count) {
    if (pendingRecCount == pendingRec.length) {
      accumulate(accRec, m.recurrentColumns, pendingRec, pendingRecCount);
      pendingRecCount = 0;
    }
    pendingRec[pendingRecCount++] = source;
  }

  @Override
  public void addInputs(LayerModel model, int[] channels, int[] rawCounts, int from, int to) {
    // Every scheduled event has a raw count >= 1, which Dense delivers once.
    for (int e = from; e < to; e++) {
      addFeedForward(channels[e], 1);
    }
  }

  @Override
  public void addFeedForward(int[] sources, int[] counts, int n) {
    for (int k = 0; k < n; k++) {
      addFeedForward(sources[k], 1);
    }
  }

  @Override
  public void addRecurrent(int[] sources, int[] counts, int n) {
    for (int k = 0; k < n; k++) {
      addRecurrent(sources[k], 1);
    }
  }

  /** {@code acc += columns[s]} for every listed source {@code s}, four columns per pass. */
  private static void accumulate(int[] acc, int[][] columns, int[] sources, int n) {
    int k = 0;
    for (; k + 4 <= n; k += 4) {
      add4(acc, columns[sources[k]], columns[sources[k + 1]], columns[sources[k + 2]], columns[sources[k + 3]]);
    }
    switch (n - k) {
      case 3 -> add3(acc, columns[sources[k]], columns[sources[k + 1]], columns[sources[k + 2]]);
      case 2 -> add2(acc, columns[sources[k]], columns[sources[k + 1]]);
      case 1 -> add1(acc, columns[sources[k]]);
      default -> { }
    }
  }

  private static void add4(int[] acc, int[] a, int[] b, int[] c, int[] d) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += a[i] + b[i] + c[i] + d[i];
    }
  }

  private static void add3(int[] acc, int[] a, int[] b, int[] c) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += a[i] + b[i] + c[i];
    }
  }

  private static void add2(int[] acc, int[] a, int[] b) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += a[i] + b[i];
    }
  }

  private static void add1(int[] acc, int[] a) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += a[i];
    }
  }

  @Override
  public int update(int[] spikingNeurons, int[] spikeCounts) {
    if (pendingFfCount > 0) {
      accumulate(accFf, m.weightColumns, pendingFf, pendingFfCount);
      pendingFfCount = 0;
    }
    if (pendingRecCount > 0) {
      accumulate(accRec, m.recurrentColumns, pendingRec, pendingRecCount);
      pendingRecCount = 0;
    }
    if (m.boundedInput) {
      updateBounded();
    } else {
      updateGeneral();
    }
    final int[] fired = this.fired;
    int spikes = 0;
    for (int i = 0; i < fired.length; i++) {
      spikingNeurons[spikes] = i;
      spikes += fired[i];
    }
    java.util.Arrays.fill(spikeCounts, 0, spikes, 1);
    return spikes;
  }

  /**
   * Branch-free int-only update, valid when |a << 6| <= 2^23 for every input pattern. Two simple loops
   * (current, then voltage) so that the JIT's superword pass vectorizes each; the first also clears the
   * accumulators for the next step.
   */
  private void updateBounded() {
    final int[] u = this.u;
    final int[] ff = accFf;
    final int fu = m.decayU;
    final int left = Math.max(m.weightExp, 0);
    final int right = Math.max(-m.weightExp, 0);
    if (m.recurrentT == null) {
      for (int i = 0; i < u.length; i++) {
        int a = (ff[i] << left) >> right;
        ff[i] = 0;
        u[i] = nextCurrent(u[i], fu, a);
      }
    } else {
      final int[] rec = accRec;
      for (int i = 0; i < u.length; i++) {
        int a = ((ff[i] << left) >> right) + ((rec[i] << left) >> right);
        ff[i] = 0;
        rec[i] = 0;
        u[i] = nextCurrent(u[i], fu, a);
      }
    }
    final int[] v = this.v;
    final int[] bias = m.bias;
    final int[] fired = this.fired;
    final int fv = m.decayV;
    final int vth = m.vthScaled;
    for (int i = 0; i < v.length; i++) {
      int y = v[i];
      int ay = Math.abs(y);
      int r = (ay >> 12) * fv + (((ay & 4095) * fv) >> 12);
      int sy = y >> 31;
      // |decayed v| < M, |u| <= M and |bias| < 2^20, so vv and the differences below fit in 32 bits.
      int vv = ((r ^ sy) - sy) + u[i] + bias[i];
      int over = vv - (M - 1);
      vv -= over & ~(over >> 31);
      int under = (-M + 1) - vv;
      vv += under & ~(under >> 31);
      int spike = (vth - vv) >> 31;
      v[i] = vv & ~spike;
      fired[i] = spike & 1;
    }
  }

  /** Decay (int-only truncation toward zero), add the input, wrap once into (-M, M]. */
  private static int nextCurrent(int x, int fu, int a) {
    int ax = Math.abs(x);
    int q = (ax >> 12) * fu + (((ax & 4095) * fu) >> 12);
    int s = x >> 31;
    int uu = ((q ^ s) - s) + (a << 6);
    uu -= ((M - uu) >> 31) & (2 * M);
    uu += ((uu + M - 1) >> 31) & (2 * M);
    return uu;
  }

  /** The general update with 64-bit decay products and 32-bit wrapping sums (any input magnitude). */
  private void updateGeneral() {
    final int e = m.weightExp;
    final int fu = m.decayU;
    final int fv = m.decayV;
    final int vth = m.vthScaled;
    final int[] bias = m.bias;
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
      accFf[i] = 0;
      accRec[i] = 0;
      int vv = (int) (((long) v[i] * fv) / 4096) + uu + bias[i];
      vv = Math.max(-M + 1, Math.min(M - 1, vv));
      if (vv > vth) {
        fired[i] = 1;
        vv = 0;
      } else {
        fired[i] = 0;
      }
      v[i] = vv;
    }
  }

  @Override
  public long read(int variable, int neuron) {
    return variable == 0 ? u[neuron] : v[neuron];
  }
}
