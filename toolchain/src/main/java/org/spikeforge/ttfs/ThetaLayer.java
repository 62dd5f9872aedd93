package org.spikeforge.ttfs;

import org.spikeforge.model.ThetaKernel;

/**
 * One layer of theta neurons run over coalesced input groups: the layered (feed-forward, per-layer) schedule of
 * the general engine's events. Every flow, spike time, jump and reset comes from the vector form of
 * {@link ThetaKernel}, the same closed forms (in phase form) that the general engine's
 * {@link org.spikeforge.model.ThetaModel} uses; this class orders them per layer and records what the reverse pass
 * needs.
 *
 * <p>The phase phi in [0, Theta] is kept as the unit vector (cos psi, sin psi) with psi = k phi - pi/2 and
 * k = sqrt(I0 - 1/4) / tau, so that V - 1/2 = b tan psi with b = sqrt(I0 - 1/4). Free flow over dt is then
 * a rotation by k dt, shared by every neuron of the layer, and the phase response H(phi, w) = Phi(Phi^-1(phi)
 * + w) is the shear (x, y) -> (x, y + x w / b) followed by a normalisation: no tan or atan per event. Its
 * derivatives are exact algebraic expressions of the same numbers: with n^2 = x^2 + (y + x w / b)^2,
 * dH/dphi = 1 / n^2 and dH/dw = (tau / b^2) x^2 / n^2. Angles (atan2) are taken only to time a spike.
 */
final class ThetaLayer {

  final double tau;
  final double b;
  final double k;
  final double period;
  private final double invB;
  private final double hwScale;

  ThetaLayer(NeuronConstants c) {
    tau = c.tau();
    b = ThetaKernel.rootDrive(c.drive());
    k = b / tau;
    period = Math.PI / k;
    invB = 1.0 / b;
    hwScale = tau / (b * b);
  }

  /** The phase response H(phi, w) in the vector form of the kernel; used by tests and tools. */
  double phaseResponse(double phi, double w) {
    double x = ThetaKernel.vectorX(phi, k);
    return ThetaKernel.phaseOfVector(x, ThetaKernel.shearY(x, ThetaKernel.vectorY(phi, k), w, invB), k);
  }

  /**
   * Runs the layer over its coalesced input groups up to the trial end, recording dH/dphi and dH/dw per
   * (group, neuron) and every in-trial spike.
   */
  void forward(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd) {
    final int n = tr.size;
    final double[] xs = tr.stateA;
    final double[] ys = tr.stateB;
    final double[] anchor = tr.anchor;
    final double[] acc = tr.acc;
    final double[] rx = tr.tmpX;
    final double[] ry = tr.tmpY;
    for (int i = 0; i < n; i++) {
      xs[i] = ThetaKernel.vectorX(p[sOff + i], k);
      ys[i] = ThetaKernel.vectorY(p[sOff + i], k);
      anchor[i] = 0.0;
    }
    tr.resetSpikes();
    double prevT = 0.0;
    final int groups = tr.groupCount;
    final double[] hPhi = tr.recA;
    final double[] hW = tr.recB;
    for (int g = 0; g < groups; g++) {
      double tg = tr.groupTime[g];
      w.sumRows(p, wOff, acc, tr.memberSource, tr.groupStart[g], tr.groupStart[g + 1]);
      double ang = k * (tg - prevT);
      boolean shared = ang < Math.PI;
      double cs = Math.cos(ang);
      double sn = Math.sin(ang);
      int chunk = tr.spikeCount;
      int base = g * n;
      // Pass 1 (vectorisable): rotate every neuron by the shared flow angle.
      double minX = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double x = xs[i];
        double y = ys[i];
        double x1 = ThetaKernel.rotateX(x, y, cs, sn);
        rx[i] = x1;
        ry[i] = ThetaKernel.rotateY(x, y, cs, sn);
        minX = Math.min(minX, x1);
      }
      // Pass 2: neurons that reach Theta in the interval, or whose anchor is their own spike, take the
      // exact slow path (it reads the unrotated state). Every anchor is prevT here (the fill below), so when
      // the flow is shared and every rotated x is > 0 (before the spike) no neuron needs it and the pass is
      // skipped.
      for (int i = 0, end = shared && minX > 0.0 ? 0 : n; i < end; i++) {
        double x1 = rx[i];
        if (!shared || anchor[i] != prevT || !ThetaKernel.beforeSpike(x1, ry[i])) {
          advanceSlow(tr, i, tg, g);
          rx[i] = xs[i];
          ry[i] = ys[i];
        }
      }
      // Pass 3 (vectorisable): the coalesced jump H(phi, a) as a shear plus normalisation.
      // Same-index accesses only, so that C2 vectorises it; the records are copied out afterwards.
      for (int i = 0; i < n; i++) {
        double x1 = rx[i];
        double yj = ThetaKernel.shearY(x1, ry[i], acc[i], invB);
        double hp = ThetaKernel.derivPhiOfVector(x1, yj);
        double inv = Math.sqrt(hp); // 1 / |sheared vector|: normalise back onto the unit circle
        rx[i] = hp;
        ry[i] = ThetaKernel.derivWOfVector(x1, hp, hwScale);
        xs[i] = x1 * inv;
        ys[i] = yj * inv;
      }
      System.arraycopy(rx, 0, hPhi, base, n);
      System.arraycopy(ry, 0, hW, base, n);
      java.util.Arrays.fill(anchor, tg);
      tr.sortSpikesFrom(chunk, false);
      prevT = tg;
    }
    double ang = k * (trialEnd - prevT);
    boolean shared = ang < Math.PI;
    double cs = Math.cos(ang);
    double sn = Math.sin(ang);
    int chunk = tr.spikeCount;
    for (int i = 0; i < n; i++) {
      if (shared && anchor[i] == prevT) {
        double x = xs[i];
        double y = ys[i];
        double x1 = ThetaKernel.rotateX(x, y, cs, sn);
        double y1 = ThetaKernel.rotateY(x, y, cs, sn);
        if (ThetaKernel.beforeSpike(x1, y1)) {
          xs[i] = x1;
          ys[i] = y1;
          anchor[i] = trialEnd;
          continue;
        }
      }
      advanceSlow(tr, i, trialEnd, groups);
    }
    tr.sortSpikesFrom(chunk, false);
    tr.indexFirstSpikes();
  }

  /**
   * Advances neuron i from its anchor to time tEnd, emitting every spike at or before tEnd (a spike exactly
   * at an input time comes first), and leaves the state at tEnd in (stateA, stateB).
   */
  private void advanceSlow(LayerTrace tr, int i, double tEnd, int interval) {
    double t0 = tr.anchor[i];
    double psi = ThetaKernel.angleOfVector(tr.stateA[i], tr.stateB[i]);
    double tSpike = t0 + (ThetaKernel.SPIKE_ANGLE - psi) / k;
    while (tSpike <= tEnd) {
      tr.addSpike(tSpike, i, interval);
      t0 = tSpike;
      psi = ThetaKernel.RESET_ANGLE;
      tSpike = t0 + period;
    }
    double psiEnd = Math.min(psi + k * (tEnd - t0), ThetaKernel.SPIKE_ANGLE);
    tr.stateA[i] = Math.cos(psiEnd);
    tr.stateB[i] = Math.sin(psiEnd);
    tr.anchor[i] = tEnd;
  }

  /**
   * Reverse pass through the layer's events. On entry lambdaA holds dL/dphi(T) (pseudo pass) and
   * spikeAdjoint dL/dt of each spike; adds dL/dW and dL/dphi0 into grad and the presynaptic spike-time
   * adjoints into prevAdjoint (or nothing if null).
   *
   * <p>Per neuron the adjoint lambda is that of z = phi_anchor - t_anchor, on which all later times depend.
   * A spike t_s = Theta - z_before resets z to -t_s, so lambda becomes lambda - dL/dt_s. A jump
   * phi+ = H(phi-, a) at t_g gives dL/da = lambda H_w, dL/dt_g = lambda (H_phi - 1), lambda <- lambda H_phi.
   * Coalesced presynaptic spikes share a non-differentiable point; each gets an equal share of dL/dt_g,
   * so shifting the group together is exact.
   *
   * <p>With {@code deferRows} non-null the weight-row updates are recorded there instead of added to grad
   * (the caller flushes them; see {@link InputGradientBuffer}).
   */
  void backward(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double[] grad, double[] prevAdjoint,
      InputGradientBuffer deferRows) {
    final int n = tr.size;
    final double[] lambda = tr.lambdaA;
    final double[] dLda = tr.acc;
    final double[] hPhi = tr.recA;
    final double[] hW = tr.recB;
    int sp = tr.spikeCount - 1;
    for (int g = tr.groupCount - 1; g >= 0; g--) {
      while (sp >= 0 && tr.spikeInterval[sp] > g) {
        lambda[tr.spikeNeuron[sp]] -= tr.spikeAdjoint[sp];
        sp--;
      }
      int base = g * n;
      double dLdt = 0.0;
      boolean any = false;
      for (int i = 0; i < n; i++) {
        double l = lambda[i];
        double hp = hPhi[base + i];
        double d = l * hW[base + i];
        dLda[i] = d;
        any |= d != 0.0;
        dLdt += l * (hp - 1.0);
        lambda[i] = l * hp;
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
      if (prevAdjoint != null && dLdt != 0.0) {
        double share = dLdt / (end - start);
        for (int m = start; m < end; m++) {
          prevAdjoint[tr.memberSpike[m]] += share;
        }
      }
    }
    while (sp >= 0) {
      lambda[tr.spikeNeuron[sp]] -= tr.spikeAdjoint[sp];
      sp--;
    }
    for (int i = 0; i < n; i++) {
      grad[sOff + i] += lambda[i];
    }
  }

  /**
   * Pseudo pass at T for one layer (SCIENCE.md section 3): r = H(phi(T), x) / Theta with
   * x = 0 for layer 1 and x = W r_prev otherwise. Records dH/dphi and dH/dw for the reverse pass.
   */
  void pseudoForward(Wiring w, double[] p, int wOff, LayerTrace tr, LayerTrace prev) {
    final int n = tr.size;
    final double[] xin = tr.acc;
    java.util.Arrays.fill(xin, 0.0);
    if (prev != null) {
      w.addWeighted(p, wOff, prev.rate, prev.size, xin);
    }
    for (int i = 0; i < n; i++) {
      double x = tr.stateA[i];
      double y = tr.stateB[i];
      double yj = ThetaKernel.shearY(x, y, xin[i], invB);
      double hp = ThetaKernel.derivPhiOfVector(x, yj);
      double h = ThetaKernel.phaseOfVector(x, yj, k);
      tr.pseudoHphi[i] = hp;
      tr.pseudoHw[i] = ThetaKernel.derivWOfVector(x, hp, hwScale);
      tr.rate[i] = h / period;
    }
  }

  /**
   * Reverse pseudo pass for one layer. On entry pseudoAdjoint holds dL/dH(phi(T), x) per neuron; writes
   * dL/dphi(T) into lambdaA, adds dL/dW into grad and dL/dH of the previous layer into its pseudoAdjoint.
   */
  void pseudoBackward(Wiring w, double[] p, int wOff, LayerTrace tr, LayerTrace prev, double[] grad) {
    final int n = tr.size;
    final double[] dx = tr.acc;
    boolean any = false;
    for (int i = 0; i < n; i++) {
      double dH = tr.pseudoAdjoint[i];
      tr.lambdaA[i] = dH * tr.pseudoHphi[i];
      dx[i] = dH * tr.pseudoHw[i];
      any |= dx[i] != 0.0;
    }
    if (prev == null || !any) {
      return;
    }
    w.dotAndOuter(p, grad, wOff, prev.rate, prev.size, dx, prev.pseudoAdjoint, 1.0 / period, true);
  }
}
