package org.spikeforge.ttfs;

/**
 * Exact event-driven kernel for one layer of current-based LIF neurons with tau_s = tau / 2.
 *
 * <p>Between events, with s = exp(-dt / tau): V = (V0 + I0) s - I0 s^2 and I = I0 s^2. The threshold
 * crossing solves I0 s^2 - (V0 + I0) s + V_th = 0; a crossing in the interval exists only for I0 > 0,
 * V0 + I0 > 0, a non-negative discriminant and the larger root s+ in [s_end, 1]. The spike time is
 * t_anchor - tau ln s+. After a spike V resets to 0 while I flows on. Gradients come from the implicit
 * function theorem at the crossing (dt/dtheta = -dV/dtheta / dV/dt).
 */
final class LifLayer {
  /** Softplus softness alpha of the pseudospike drive, in units of V_th. */
  static final double PSEUDO_SOFTNESS = 0.5;

  final double tau;
  final double threshold;
  private final double invTau;

  LifLayer(NeuronConstants c) {
    tau = c.tau();
    threshold = c.threshold();
    invTau = 1.0 / tau;
  }

  /** Largest root s+ of the crossing in [sEnd, 1], or -1 when V stays below threshold over the flow. */
  private double crossing(double v, double cur, double sEnd) {
    if (cur <= 0.0) {
      return -1.0;
    }
    double a = v + cur;
    if (a <= 0.0) {
      return -1.0;
    }
    double disc = a * a - 4.0 * cur * threshold;
    if (disc < 0.0) {
      return -1.0;
    }
    double sp = (a + Math.sqrt(disc)) / (2.0 * cur);
    return (sp >= sEnd && sp <= 1.0) ? sp : -1.0;
  }

  void forward(double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd) {
    final int n = tr.size;
    final double[] vs = tr.stateA;
    final double[] is = tr.stateB;
    final double[] anchor = tr.anchor;
    final double[] acc = tr.acc;
    for (int i = 0; i < n; i++) {
      double v0 = p[sOff + i];
      if (!(v0 < threshold)) {
        throw new IllegalArgumentException("ttfs LIF initial V0 of neuron " + i + " is " + v0
            + ": must be below the threshold " + threshold);
      }
      vs[i] = v0;
      is[i] = p[sOff + n + i];
      anchor[i] = 0.0;
    }
    tr.resetSpikes();
    double prevT = 0.0;
    final int groups = tr.groupCount;
    final double[] recV = tr.recA;
    final double[] recI = tr.recB;
    final double[] recS = tr.recC;
    for (int g = 0; g < groups; g++) {
      double tg = tr.groupTime[g];
      java.util.Arrays.fill(acc, 0.0);
      for (int m = tr.groupStart[g], end = tr.groupStart[g + 1]; m < end; m++) {
        int row = wOff + tr.memberSource[m] * n;
        for (int i = 0; i < n; i++) {
          acc[i] += p[row + i];
        }
      }
      double sShared = Math.exp(-(tg - prevT) * invTau);
      int chunk = tr.spikeCount;
      int base = g * n;
      for (int i = 0; i < n; i++) {
        double s = anchor[i] == prevT ? sShared : Math.exp(-(tg - anchor[i]) * invTau);
        double v = vs[i];
        double cur = is[i];
        double sp = crossing(v, cur, s);
        while (sp > 0.0) {
          double tSpike = anchor[i] - tau * Math.log(sp);
          double iPost = cur * sp * sp;
          int idx = tr.addSpike(tSpike, i, g);
          tr.spikeS[idx] = sp;
          tr.spikeVdot[idx] = (iPost - threshold) * invTau;
          tr.spikeIpost[idx] = iPost;
          anchor[i] = tSpike;
          v = 0.0;
          cur = iPost;
          s = Math.exp(-(tg - tSpike) * invTau);
          sp = crossing(v, cur, s);
        }
        double s2 = s * s;
        double vm = (v + cur) * s - cur * s2;
        double im = cur * s2;
        recV[base + i] = vm;
        recI[base + i] = im;
        recS[base + i] = s;
        vs[i] = vm;
        is[i] = im + acc[i];
        anchor[i] = tg;
      }
      tr.sortSpikesFrom(chunk, true);
      prevT = tg;
    }
    int chunk = tr.spikeCount;
    double sLast = Math.exp(-(trialEnd - prevT) * invTau);
    final double[] sEnd = tr.tmpX;
    for (int i = 0; i < n; i++) {
      double v = vs[i];
      double cur = is[i];
      double s = anchor[i] == prevT ? sLast : Math.exp(-(trialEnd - anchor[i]) * invTau);
      double sp = crossing(v, cur, s);
      while (sp > 0.0) {
        double tSpike = anchor[i] - tau * Math.log(sp);
        double iPost = cur * sp * sp;
        int idx = tr.addSpike(tSpike, i, groups);
        tr.spikeS[idx] = sp;
        tr.spikeVdot[idx] = (iPost - threshold) * invTau;
        tr.spikeIpost[idx] = iPost;
        anchor[i] = tSpike;
        v = 0.0;
        cur = iPost;
        s = Math.exp(-(trialEnd - tSpike) * invTau);
        sp = crossing(v, cur, s);
      }
      // state at T (for the pseudospike pass) and the decay of the last flow into T (for its adjoint)
      vs[i] = (v + cur) * s - cur * s * s;
      is[i] = cur * s * s;
      sEnd[i] = s;
    }
    tr.sortSpikesFrom(chunk, true);
    tr.indexFirstSpikes();
  }

  /**
   * Replay (hardware in the loop): flows the float model through the given input groups like {@link #forward}, but
   * places each neuron's spikes at the {@code measured} times (per neuron, ascending, each in (0, T]) instead of at
   * its own threshold crossings. A measured spike at a group time counts before that group's jump (a chip sees its
   * input one step after it was sent). The per-spike records the backward pass needs are those of the replayed
   * trajectory: decay s of the flow into the spike, I just after it, and dV/dt = (I - V)/tau at the measured time,
   * raised to at least {@code minSlope} (so that a spike measured where the float membrane is flat or falling still
   * gets a finite gradient). Like {@link #forward} it leaves the state at T in (stateA, stateB) for the pseudospike
   * pass. With the float model's own spike times this reproduces {@link #forward} exactly.
   */
  void replay(double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd, double[][] measured,
      double minSlope) {
    final int n = tr.size;
    final double[] vs = tr.stateA;
    final double[] is = tr.stateB;
    final double[] anchor = tr.anchor;
    final double[] acc = tr.acc;
    final int[] next = tr.spikesOfNeuron;
    for (int i = 0; i < n; i++) {
      vs[i] = p[sOff + i];
      is[i] = p[sOff + n + i];
      anchor[i] = 0.0;
    }
    tr.resetSpikes();
    final double[] recV = tr.recA;
    final double[] recI = tr.recB;
    final double[] recS = tr.recC;
    final int groups = tr.groupCount;
    for (int g = 0; g <= groups; g++) {
      boolean last = g == groups;
      double tg = last ? trialEnd : tr.groupTime[g];
      if (!last) {
        java.util.Arrays.fill(acc, 0.0);
        for (int m = tr.groupStart[g], end = tr.groupStart[g + 1]; m < end; m++) {
          int row = wOff + tr.memberSource[m] * n;
          for (int i = 0; i < n; i++) {
            acc[i] += p[row + i];
          }
        }
      }
      int chunk = tr.spikeCount;
      int base = g * n;
      for (int i = 0; i < n; i++) {
        double v = vs[i];
        double cur = is[i];
        double[] own = measured[i];
        // spikesOfNeuron doubles as the read position in the neuron's measured list
        while (next[i] < own.length && own[next[i]] <= tg) {
          double tSpike = own[next[i]];
          double s = Math.exp(-(tSpike - anchor[i]) * invTau);
          double vAt = (v + cur) * s - cur * s * s;
          double iPost = cur * s * s;
          int idx = tr.addSpike(tSpike, i, g);
          tr.spikeS[idx] = s;
          tr.spikeVdot[idx] = Math.max((iPost - vAt) * invTau, minSlope);
          tr.spikeIpost[idx] = iPost;
          anchor[i] = tSpike;
          v = 0.0;
          cur = iPost;
        }
        if (last) {
          // state at T for the pseudospike pass, as in forward
          double s = Math.exp(-(tg - anchor[i]) * invTau);
          vs[i] = (v + cur) * s - cur * s * s;
          is[i] = cur * s * s;
          tr.tmpX[i] = s;
        } else {
          double s = Math.exp(-(tg - anchor[i]) * invTau);
          double s2 = s * s;
          double vm = (v + cur) * s - cur * s2;
          double im = cur * s2;
          recV[base + i] = vm;
          recI[base + i] = im;
          recS[base + i] = s;
          vs[i] = vm;
          is[i] = im + acc[i];
          anchor[i] = tg;
        }
      }
      tr.sortSpikesFrom(chunk, true);
    }
    tr.indexFirstSpikes();
  }

  /**
   * Reverse pass. Per neuron (lambdaA, lambdaB) = dL/d(V, I) just after the latest event seen so far (going
   * backwards) and lambdaT = dL/d(that event's time) as the start of the following flow. With
   * {@code seededAtEnd} lambdaA and lambdaB hold dL/d(V(T), I(T)) from {@link #pseudoBackward} on entry;
   * otherwise they start at zero because nothing but the pseudospike pass depends on the state at T. Adds dL/dW and dL/d(V0, I0) into grad and presynaptic
   * spike-time adjoints into prevAdjoint (if not null).
   */
  void backward(double[] p, int wOff, int sOff, LayerTrace tr, double[] grad, double[] prevAdjoint,
      boolean seededAtEnd) {
    final int n = tr.size;
    final double[] lv = tr.lambdaA;
    final double[] li = tr.lambdaB;
    final double[] lt = tr.lambdaT;
    final double[] dLda = tr.acc;
    if (seededAtEnd) {
      // carry dL/d(V(T), I(T)) back through each neuron's last flow, from T to its latest event
      final double[] sEnd = tr.tmpX;
      for (int i = 0; i < n; i++) {
        double a = lv[i];
        double c = li[i];
        double s = sEnd[i];
        double s2 = s * s;
        double vT = tr.stateA[i];
        double iT = tr.stateB[i];
        lv[i] = a * s;
        li[i] = a * (s - s2) + c * s2;
        lt[i] = -(a * (iT - vT) - 2.0 * c * iT) * invTau;
      }
    } else {
      java.util.Arrays.fill(lv, 0.0);
      java.util.Arrays.fill(li, 0.0);
      java.util.Arrays.fill(lt, 0.0);
    }
    final double[] recV = tr.recA;
    final double[] recI = tr.recB;
    final double[] recS = tr.recC;
    int sp = tr.spikeCount - 1;
    for (int g = tr.groupCount - 1; g >= -1; g--) {
      while (sp >= 0 && tr.spikeInterval[sp] > g) {
        spikeBackward(tr, sp, lv, li, lt);
        sp--;
      }
      if (g < 0) {
        break;
      }
      int base = g * n;
      double dLdt = 0.0;
      boolean any = false;
      for (int i = 0; i < n; i++) {
        double a = lv[i];
        double c = li[i];
        double vm = recV[base + i];
        double im = recI[base + i];
        double s = recS[base + i];
        dLda[i] = c;
        any |= c != 0.0;
        double flowEnd = (a * (im - vm) - 2.0 * c * im) * invTau;
        dLdt += lt[i] + flowEnd;
        double s2 = s * s;
        lv[i] = a * s;
        li[i] = a * (s - s2) + c * s2;
        lt[i] = -flowEnd;
      }
      int start = tr.groupStart[g];
      int end = tr.groupStart[g + 1];
      if (any) {
        for (int m = start; m < end; m++) {
          int row = wOff + tr.memberSource[m] * n;
          for (int i = 0; i < n; i++) {
            grad[row + i] += dLda[i];
          }
        }
      }
      if (prevAdjoint != null && dLdt != 0.0) {
        double share = dLdt / (end - start);
        for (int m = start; m < end; m++) {
          prevAdjoint[tr.memberSpike[m]] += share;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      grad[sOff + i] += lv[i];
      grad[sOff + n + i] += li[i];
    }
  }

  /**
   * Layer-wise pseudospike pass at T (docs/LIF-PSEUDOSPIKES.md). Needs the state at T that {@link #forward} left
   * in (stateA, stateB). Per neuron: drive x = I(T) + sum_j w_ij r_j (r of the layer below, none for layer 1),
   * excess E = softplus_alpha(x) = alpha ln(1 + e^(x/alpha)), constant current c = V_th + E after T, and the log
   * time to threshold L1 = ln((c - V(T)) / (c - V_th)) = ln(V_th - V(T) + E) - ln E, so a free run would fire at
   * T + tau L1. Hidden layers ({@code output} false) store the pseudo-rate r = 1 - L1 / L0 with
   * L0 = ln(c / (c - V_th)) (the log time from reset to threshold): r = 1 at V(T) = V_th, r = 0 right after a
   * reset, which makes the next layer's drive continuous when a spike crosses T. The output layer stores L1.
   * The stored value goes to {@code rate}, its partials by V(T) and by x to pseudoHphi and pseudoHw.
   */
  void pseudoForward(double[] p, int wOff, LayerTrace tr, LayerTrace prev, boolean output) {
    final int n = tr.size;
    final double[] x = tr.acc;
    for (int i = 0; i < n; i++) {
      x[i] = tr.stateB[i];
    }
    if (prev != null) {
      for (int j = 0; j < prev.size; j++) {
        double r = prev.rate[j];
        if (r == 0.0) {
          continue;
        }
        int row = wOff + j * n;
        for (int i = 0; i < n; i++) {
          x[i] += p[row + i] * r;
        }
      }
    }
    final double alpha = PSEUDO_SOFTNESS * threshold;
    final double lnAlpha = Math.log(alpha);
    for (int i = 0; i < n; i++) {
      double z = x[i] / alpha;
      // ln E, sigma = dE/dx and sigma / E, stable for very negative z (E -> alpha e^z, sigma / E -> 1 / alpha)
      double lnE;
      double sigma;
      double sigmaOverE;
      if (z < -30.0) {
        double ez = Math.exp(z);
        lnE = lnAlpha + z;
        sigma = ez;
        sigmaOverE = 1.0 / alpha;
      } else {
        double sp = z > 30.0 ? z : Math.log1p(Math.exp(z));
        lnE = lnAlpha + Math.log(sp);
        sigma = 1.0 / (1.0 + Math.exp(-z));
        sigmaOverE = sigma / (alpha * sp);
      }
      double e = Math.exp(lnE);
      double d = Math.max(threshold - tr.stateA[i] + e, Double.MIN_NORMAL);
      double l1 = Math.log(d) - lnE;
      double dL1dV = -1.0 / d;
      double dL1dx = sigma / d - sigmaOverE;
      if (output) {
        tr.rate[i] = l1;
        tr.pseudoHphi[i] = dL1dV;
        tr.pseudoHw[i] = dL1dx;
      } else {
        double c = threshold + e;
        double l0 = Math.log(c) - lnE;
        double dL0dx = sigma / c - sigmaOverE;
        tr.rate[i] = 1.0 - l1 / l0;
        tr.pseudoHphi[i] = -dL1dV / l0;
        tr.pseudoHw[i] = -(dL1dx * l0 - l1 * dL0dx) / (l0 * l0);
      }
    }
  }

  /**
   * Reverse pseudospike pass for one layer. On entry pseudoAdjoint holds dL/d(rate value) per neuron; writes
   * dL/dV(T) into lambdaA and dL/dI(T) into lambdaB (the seeds of {@link #backward}), adds dL/dW into grad and
   * dL/dr of the layer below into its pseudoAdjoint.
   */
  void pseudoBackward(double[] p, int wOff, LayerTrace tr, LayerTrace prev, double[] grad) {
    final int n = tr.size;
    final double[] dx = tr.acc;
    boolean any = false;
    for (int i = 0; i < n; i++) {
      double g = tr.pseudoAdjoint[i];
      tr.lambdaA[i] = g * tr.pseudoHphi[i];
      dx[i] = g * tr.pseudoHw[i];
      tr.lambdaB[i] = dx[i];
      any |= dx[i] != 0.0;
    }
    if (prev == null || !any) {
      return;
    }
    for (int j = 0; j < prev.size; j++) {
      double r = prev.rate[j];
      int row = wOff + j * n;
      double dr = 0.0;
      for (int i = 0; i < n; i++) {
        dr += p[row + i] * dx[i];
        grad[row + i] += r * dx[i];
      }
      prev.pseudoAdjoint[j] += dr;
    }
  }

  private void spikeBackward(LayerTrace tr, int sp, double[] lv, double[] li, double[] lt) {
    int i = tr.spikeNeuron[sp];
    double s = tr.spikeS[sp];
    double vdot = tr.spikeVdot[sp];
    double iPost = tr.spikeIpost[sp];
    double gs = tr.spikeAdjoint[sp] + lt[i];
    double lI = li[i];
    double q = gs - 2.0 * lI * iPost * invTau;
    double s2 = s * s;
    lv[i] = -q * s / vdot;
    li[i] = lI * s2 - q * (s - s2) / vdot;
    lt[i] = gs;
  }
}
