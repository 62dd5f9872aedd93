package org.spikeforge.ttfs;

import org.spikeforge.model.LifExpKernel;

/**
 * One layer of current-based LIF neurons with tau_s = tau / 2, run over coalesced input groups: the layered
 * (feed-forward, per-layer) schedule of the general engine's events. Every flow, crossing, jump, reset and
 * pseudospike drive comes from {@link LifExpKernel}, the same closed forms the general engine's
 * {@link org.spikeforge.model.LifExpModel} uses; this class only orders them per layer and records what the
 * reverse pass needs. A crossing in an interval is the kernel's largest root s* when s* &gt;= s_end; the spike
 * time is t_anchor - tau ln s*. Gradients come from the implicit function theorem at the crossing
 * (dt/dtheta = -dV/dtheta / dV/dt).
 */
final class LifLayer {
  /** Softplus softness alpha of the pseudospike drive, in units of V_th. */
  static final double PSEUDO_SOFTNESS = LifExpKernel.PSEUDO_SOFTNESS;

  final double tau;
  final double threshold;
  private final double invTau;

  LifLayer(NeuronConstants c) {
    tau = c.tau();
    threshold = c.threshold();
    invTau = 1.0 / tau;
  }

  /** The kernel's crossing s* if it lies in [sEnd, 1], else -1 (V stays below threshold over the flow). */
  private double crossing(double v, double cur, double sEnd) {
    double sp = LifExpKernel.crossingFromBelow(v, cur, threshold);
    return sp >= sEnd ? sp : -1.0;
  }

  void forward(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd) {
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
      w.sumRows(p, wOff, acc, tr.memberSource, tr.groupStart[g], tr.groupStart[g + 1]);
      double sShared = LifExpKernel.decay(tg - prevT, invTau);
      int chunk = tr.spikeCount;
      int base = g * n;
      for (int i = 0; i < n; i++) {
        double s = anchor[i] == prevT ? sShared : LifExpKernel.decay(tg - anchor[i], invTau);
        double v = vs[i];
        double cur = is[i];
        double sp = crossing(v, cur, s);
        while (sp > 0.0) {
          double tSpike = anchor[i] + LifExpKernel.crossingTime(sp, tau);
          double iPost = LifExpKernel.resetCurrent(cur, sp);
          int idx = tr.addSpike(tSpike, i, g);
          tr.spikeS[idx] = sp;
          tr.spikeVdot[idx] = LifExpKernel.crossingSlope(iPost, threshold, invTau);
          tr.spikeIpost[idx] = iPost;
          anchor[i] = tSpike;
          v = LifExpKernel.RESET;
          cur = iPost;
          s = LifExpKernel.decay(tg - tSpike, invTau);
          sp = crossing(v, cur, s);
        }
        double vm = LifExpKernel.flowV(v, cur, s);
        double im = LifExpKernel.flowI(cur, s);
        recV[base + i] = vm;
        recI[base + i] = im;
        recS[base + i] = s;
        vs[i] = vm;
        is[i] = im + acc[i]; // the coalesced jump: I + sum of the group's weights
        anchor[i] = tg;
      }
      tr.sortSpikesFrom(chunk, true);
      prevT = tg;
    }
    int chunk = tr.spikeCount;
    double sLast = LifExpKernel.decay(trialEnd - prevT, invTau);
    final double[] sEnd = tr.tmpX;
    for (int i = 0; i < n; i++) {
      double v = vs[i];
      double cur = is[i];
      double s = anchor[i] == prevT ? sLast : LifExpKernel.decay(trialEnd - anchor[i], invTau);
      double sp = crossing(v, cur, s);
      while (sp > 0.0) {
        double tSpike = anchor[i] + LifExpKernel.crossingTime(sp, tau);
        double iPost = LifExpKernel.resetCurrent(cur, sp);
        int idx = tr.addSpike(tSpike, i, groups);
        tr.spikeS[idx] = sp;
        tr.spikeVdot[idx] = LifExpKernel.crossingSlope(iPost, threshold, invTau);
        tr.spikeIpost[idx] = iPost;
        anchor[i] = tSpike;
        v = LifExpKernel.RESET;
        cur = iPost;
        s = LifExpKernel.decay(trialEnd - tSpike, invTau);
        sp = crossing(v, cur, s);
      }
      // state at T (for the pseudospike pass) and the decay of the last flow into T (for its adjoint)
      vs[i] = LifExpKernel.flowV(v, cur, s);
      is[i] = LifExpKernel.flowI(cur, s);
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
  void replay(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd, double[][] measured,
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
        w.sumRows(p, wOff, acc, tr.memberSource, tr.groupStart[g], tr.groupStart[g + 1]);
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
          double s = LifExpKernel.decay(tSpike - anchor[i], invTau);
          double vAt = LifExpKernel.flowV(v, cur, s);
          double iPost = LifExpKernel.flowI(cur, s);
          int idx = tr.addSpike(tSpike, i, g);
          tr.spikeS[idx] = s;
          tr.spikeVdot[idx] = Math.max(LifExpKernel.slopeV(vAt, iPost, invTau), minSlope);
          tr.spikeIpost[idx] = iPost;
          anchor[i] = tSpike;
          v = LifExpKernel.RESET;
          cur = iPost;
        }
        if (last) {
          // state at T for the pseudospike pass, as in forward
          double s = LifExpKernel.decay(tg - anchor[i], invTau);
          vs[i] = LifExpKernel.flowV(v, cur, s);
          is[i] = LifExpKernel.flowI(cur, s);
          tr.tmpX[i] = s;
        } else {
          double s = LifExpKernel.decay(tg - anchor[i], invTau);
          double vm = LifExpKernel.flowV(v, cur, s);
          double im = LifExpKernel.flowI(cur, s);
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
   * spike-time adjoints into prevAdjoint (if not null). With {@code deferRows} non-null the weight-row updates are
   * recorded there instead of added to grad (see {@link InputGradientBuffer}).
   */
  void backward(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double[] grad, double[] prevAdjoint,
      boolean seededAtEnd, InputGradientBuffer deferRows) {
    final int n = tr.size;
    final double[] lv = tr.lambdaA;
    final double[] li = tr.lambdaB;
    final double[] lt = tr.lambdaT;
    final double[] dLda = tr.acc;
    final double[] perWeight = tr.tmpY;
    if (seededAtEnd) {
      // carry dL/d(V(T), I(T)) back through each neuron's last flow, from T to its latest event
      final double[] sEnd = tr.tmpX;
      for (int i = 0; i < n; i++) {
        double a = lv[i];
        double c = li[i];
        double s = sEnd[i];
        double vT = tr.stateA[i];
        double iT = tr.stateB[i];
        lv[i] = LifExpKernel.adjointV(a, s);
        li[i] = LifExpKernel.adjointI(a, c, s);
        lt[i] = -LifExpKernel.flowTimeAdjoint(a, c, vT, iT, invTau);
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
        perWeight[i] = -(a - 2.0 * c) * invTau;
        any |= c != 0.0;
        double flowEnd = LifExpKernel.flowTimeAdjoint(a, c, vm, im, invTau);
        dLdt += lt[i] + flowEnd;
        lv[i] = LifExpKernel.adjointV(a, s);
        li[i] = LifExpKernel.adjointI(a, c, s);
        lt[i] = -flowEnd;
      }
      int start = tr.groupStart[g];
      int end = tr.groupStart[g + 1];
      if (any) {
        if (deferRows != null) {
          deferRows.record(dLda, tr.memberSource, start, end);
        } else {
          w.addToRows(grad, wOff, tr.memberSource, start, end, dLda);
        }
      }
      if (prevAdjoint != null && end - start > 1) {
        // Coalesced sources: a jump adds to I, so each source's time has its own derivative (linear flow, no
        // branch point): the sum over i of w_mi times the per-weight time adjoint -(lambda_V - 2 lambda_I) / tau.
        for (int m = start; m < end; m++) {
          prevAdjoint[tr.memberSpike[m]] += w.rowDot(p, wOff, tr.memberSource[m], perWeight);
        }
      } else if (prevAdjoint != null && dLdt != 0.0) {
        prevAdjoint[tr.memberSpike[start]] += dLdt;
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
  void pseudoForward(Wiring w, double[] p, int wOff, LayerTrace tr, LayerTrace prev, boolean output) {
    final int n = tr.size;
    final double[] x = tr.acc;
    for (int i = 0; i < n; i++) {
      x[i] = tr.stateB[i];
    }
    if (prev != null) {
      w.addWeighted(p, wOff, prev.rate, prev.size, x);
    }
    final double[] k = tr.kernelOut;
    // Neighbours often have the same (drive, V(T)): every neuron a conv layer's input never reached is at rest, and
    // a uniform image region gives identical neurons. The drive is a pure function of the two, so a repeat reuses
    // the previous neuron's kernel values (same bits) and skips its exp and logs.
    // (raw bits compared, so -0.0 and 0.0 are not taken for each other)
    long lastX = 0x7ff8dead0000beefL; // a NaN pattern that no drive has
    long lastV = lastX;
    for (int i = 0; i < n; i++) {
      double xi = x[i];
      double vi = tr.stateA[i];
      long xb = Double.doubleToRawLongBits(xi);
      long vb = Double.doubleToRawLongBits(vi);
      if (xb != lastX || vb != lastV) {
        LifExpKernel.pseudoDrive(xi, vi, threshold, k);
        lastX = xb;
        lastV = vb;
      }
      double l1 = k[0];
      double dL1dV = k[1];
      double dL1dx = k[2];
      if (output) {
        tr.rate[i] = l1;
        tr.pseudoHphi[i] = dL1dV;
        tr.pseudoHw[i] = dL1dx;
      } else {
        tr.rate[i] = LifExpKernel.pseudoRate(k);
        tr.pseudoHphi[i] = LifExpKernel.pseudoRateDerivV(k);
        tr.pseudoHw[i] = LifExpKernel.pseudoRateDerivX(k);
      }
    }
  }

  /**
   * Reverse pseudospike pass for one layer. On entry pseudoAdjoint holds dL/d(rate value) per neuron; writes
   * dL/dV(T) into lambdaA and dL/dI(T) into lambdaB (the seeds of {@link #backward}), adds dL/dW into grad and
   * dL/dr of the layer below into its pseudoAdjoint.
   */
  void pseudoBackward(Wiring w, double[] p, int wOff, LayerTrace tr, LayerTrace prev, double[] grad) {
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
    w.dotAndOuter(p, grad, wOff, prev.rate, prev.size, dx, prev.pseudoAdjoint, 1.0, false);
  }

  /** The reverse step through spike sp (shared with {@link SparseLifLayer}). */
  void spikeBackward(LayerTrace tr, int sp, double[] lv, double[] li, double[] lt) {
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
