package org.spikeforge.ttfs;

import org.spikeforge.model.LifExpKernel;

/**
 * The LIF layer of {@link LifLayer} for conv and pool wiring, where an input group reaches only a few of the layer's
 * neurons (a conv source reaches out-channels x kernel footprint, a pool source one window): each group visits only
 * the neurons that it reaches, and nothing else is done for the others.
 *
 * <p><b>Time-scaled coordinates.</b> With u = e^(-t / tau) the flow of {@link LifExpKernel} (tau_s = tau / 2) is
 * V(t) = alpha u + beta u^2, I(t) = -beta u^2 with (alpha, beta) constant between events: a free flow costs nothing,
 * so every neuron is lazy by construction. An input jump a at t_g adds a / u_g to alpha and -a / u_g^2 to beta (V
 * unchanged, I + a); the per-group factors 1 / u_g and 1 / u_g^2 are computed once per group. A threshold crossing
 * after the neuron's last event (at u_a) and up to u_g is the largest root u* = (alpha + sqrt(alpha^2 + 4 beta V_th))
 * / (-2 beta) of beta u^2 + alpha u = V_th when it lies in [u_g, u_a]: the kernel's crossing (its roots in the decay
 * s = u / u_a, same fast rejects I &gt; 0 and V + I &gt; 0) without a decay factor. The spike time is -tau ln u*; the
 * reset keeps I, so beta is unchanged and alpha becomes -beta u*. Spikes are found late (when the neuron is next
 * touched, or at T); the layer's spike list is sorted once at the end into the eager order (interval, time,
 * neuron), which also settles each spike's interval ({@link LayerTrace#finishLazySpikes}). Results equal
 * {@link LifLayer}'s up to rounding.
 *
 * <p><b>Reverse pass without per-event records.</b> Flows and jumps leave the adjoints (lambda_alpha, lambda_beta)
 * unchanged (a jump adds a state-independent amount), so only spikes change them; a jump's weight gradient is
 * lambda_alpha / u_g - lambda_beta / u_g^2 and its time gradient w (lambda_alpha / u_g - 2 lambda_beta / u_g^2) / tau,
 * read from the adjoints current at that group. Memory per sample is the spike list, not one record per synaptic
 * event. A spike at u* (dV/dt = (I* - V_th) / tau, recorded) gives d(t*) / d(alpha, beta) = -(u*, u*^2) / Vdot.
 *
 * <p>After {@link #forward} stateA, stateB hold (V(T), I(T)) for the pseudospike pass, as in {@link LifLayer};
 * spikeS holds u* of each spike (not the eager layer's decay s).
 */
final class SparseLifLayer {
  private final double tau;
  private final double threshold;
  private final double invTau;

  SparseLifLayer(LifLayer eager) {
    tau = eager.tau;
    threshold = eager.threshold;
    invTau = 1.0 / tau;
  }

  /**
   * The crossing u* in [uEnd, uStart] of V = alpha u + beta u^2 (state below threshold at uStart), else -1.
   */
  private double crossing(double alpha, double beta, double uEnd, double uStart) {
    if (!(beta < 0.0) || !(alpha > 0.0)) {
      return -1.0; // I <= 0 or V + I <= 0 at every time: V cannot reach V_th from below
    }
    // V is concave in u with its peak at u_p = -alpha / (2 beta); below threshold at uEnd and peaking outside
    // [uEnd, uStart], it stays below threshold over the window (V(uStart) < V_th is the invariant): no root needed
    if ((alpha + beta * uEnd) * uEnd < threshold
        && (alpha + 2.0 * beta * uEnd < 0.0 || alpha + 2.0 * beta * uStart > 0.0)) {
      return -1.0;
    }
    double disc = alpha * alpha + 4.0 * beta * threshold;
    if (disc < 0.0) {
      return -1.0;
    }
    double u = (alpha + Math.sqrt(disc)) / (-2.0 * beta);
    return u >= uEnd && u <= uStart ? u : -1.0;
  }

  void forward(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd) {
    final int n = tr.size;
    final double[] alpha = tr.stateA;
    final double[] beta = tr.stateB;
    final double[] uAnchor = tr.anchor;
    final double[] acc = tr.acc;
    final int[] last = tr.lastGroup;
    for (int i = 0; i < n; i++) {
      double v0 = p[sOff + i];
      if (!(v0 < threshold)) {
        throw new IllegalArgumentException("ttfs LIF initial V0 of neuron " + i + " is " + v0
            + ": must be below the threshold " + threshold);
      }
      double i0 = p[sOff + n + i];
      alpha[i] = v0 + i0;
      beta[i] = -i0;
      uAnchor[i] = 1.0;
    }
    java.util.Arrays.fill(last, -1);
    java.util.Arrays.fill(tr.mark, -1);
    tr.resetSpikes();
    tr.lazy = true;
    tr.touchCount = 0;
    tr.ensureTouches(n, false);
    final int[] touched = tr.touchNeuron;
    final int groups = tr.groupCount;
    long touches = 0;
    for (int g = 0; g < groups; g++) {
      double tg = tr.groupTime[g];
      double ug = LifExpKernel.decay(tg, invTau);
      double iu = 1.0 / ug;
      double iu2 = iu * iu;
      int start = tr.groupStart[g];
      int end = tr.groupStart[g + 1];
      int count = w.gather(p, wOff, acc, tr.mark, g, touched, 0, tr.memberSource, start, end);
      touches += count;
      for (int e = 0; e < count; e++) {
        int i = touched[e];
        double al = alpha[i];
        double be = beta[i];
        double us = crossing(al, be, ug, uAnchor[i]);
        while (us > 0.0) {
          al = addSpike(tr, us, be, i, last[i] + 1, g);
          us = crossing(al, be, ug, us);
        }
        double a = acc[i];
        alpha[i] = al + a * iu;
        beta[i] = be - a * iu2;
        uAnchor[i] = ug;
        last[i] = g;
      }
    }
    tr.touchCount = (int) Math.min(Integer.MAX_VALUE, touches);
    double uT = LifExpKernel.decay(trialEnd, invTau);
    for (int i = 0; i < n; i++) {
      double al = alpha[i];
      double be = beta[i];
      double us = crossing(al, be, uT, uAnchor[i]);
      while (us > 0.0) {
        al = addSpike(tr, us, be, i, last[i] + 1, groups);
        us = crossing(al, be, uT, us);
      }
      // (V(T), I(T)) for the pseudospike pass
      alpha[i] = (al + be * uT) * uT;
      beta[i] = -be * (uT * uT);
    }
    tr.finishLazySpikes(true);
  }

  /** Records a spike at u*; returns alpha after the reset (V = 0, I kept: alpha = -beta u*). */
  private double addSpike(LayerTrace tr, double us, double be, int i, int from, int to) {
    double iPost = -be * (us * us);
    int idx = tr.addLazySpike(-tau * Math.log(us), i, from, to);
    tr.spikeS[idx] = us;
    tr.spikeVdot[idx] = LifExpKernel.crossingSlope(iPost, threshold, invTau);
    tr.spikeIpost[idx] = iPost;
    return -be * us;
  }

  /**
   * The reverse pass of {@link #forward}. With {@code seededAtEnd} lambdaA, lambdaB hold dL/d(V(T), I(T)) on entry
   * (from the pseudospike pass), else the state at T feeds nothing. Adds dL/dW and dL/d(V0, I0) into grad and the
   * presynaptic spike-time adjoints into prevAdjoint (if not null).
   */
  void backward(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double[] grad,
      double[] prevAdjoint, boolean seededAtEnd, double trialEnd) {
    final int n = tr.size;
    final double[] lA = tr.lambdaA;
    final double[] lB = tr.lambdaB;
    if (seededAtEnd) {
      double uT = LifExpKernel.decay(trialEnd, invTau);
      double uT2 = uT * uT;
      for (int i = 0; i < n; i++) {
        double a = lA[i];
        double c = lB[i];
        lA[i] = a * uT;
        lB[i] = (a - c) * uT2;
      }
    } else {
      java.util.Arrays.fill(lA, 0.0);
      java.util.Arrays.fill(lB, 0.0);
    }
    int sp = tr.spikeCount - 1;
    for (int g = tr.groupCount - 1; g >= -1; g--) {
      while (sp >= 0 && tr.spikeInterval[sp] > g) {
        spikeBackward(tr, sp, lA, lB);
        sp--;
      }
      if (g < 0) {
        break;
      }
      double iu = 1.0 / LifExpKernel.decay(tr.groupTime[g], invTau);
      double iu2 = iu * iu;
      for (int m = tr.groupStart[g], end = tr.groupStart[g + 1]; m < end; m++) {
        double dt = w.jumpAdjoint(p, grad, wOff, tr.memberSource[m], lA, lB, iu, iu2, invTau);
        if (prevAdjoint != null) {
          prevAdjoint[tr.memberSpike[m]] += dt;
        }
      }
    }
    // alpha0 = V0 + I0, beta0 = -I0
    for (int i = 0; i < n; i++) {
      grad[sOff + i] += lA[i];
      grad[sOff + n + i] += lA[i] - lB[i];
    }
  }

  /**
   * Through spike sp: t* depends on (alpha, beta) before it (implicit function theorem), and after it alpha' =
   * -beta u*, beta' = beta with d(u*) / d(t*) = -u* / tau.
   */
  private void spikeBackward(LayerTrace tr, int sp, double[] lA, double[] lB) {
    int i = tr.spikeNeuron[sp];
    double u = tr.spikeS[sp];
    double vdot = tr.spikeVdot[sp];
    double be = -tr.spikeIpost[sp] / (u * u);
    double la = lA[i];
    double total = tr.spikeAdjoint[sp] + la * be * u * invTau;
    double k = -u / vdot;
    lA[i] = total * k;
    lB[i] = lB[i] - la * u + total * k * u;
  }
}
