package org.spikeforge.ttfs;

/**
 * Exact event-driven kernel for one layer of theta neurons.
 *
 * <p>The phase phi in [0, Theta] is kept as the unit vector (cos psi, sin psi) with psi = k phi - pi/2 and
 * k = sqrt(I0 - 1/4) / tau, so that V - 1/2 = b tan psi with b = sqrt(I0 - 1/4). Free flow over dt is then
 * a rotation by k dt, shared by every neuron of the layer, and the phase response H(phi, w) = Phi(Phi^-1(phi)
 * + w) is the shear (x, y) -> (x, y + x w / b) followed by a normalisation: no tan or atan per event. Its
 * derivatives are exact algebraic expressions of the same numbers: with n^2 = x^2 + (y + x w / b)^2,
 * dH/dphi = 1 / n^2 and dH/dw = (tau / b^2) x^2 / n^2. Angles (atan2) are taken only to time a spike.
 */
final class ThetaLayer {
  private static final double HALF_PI = 0.5 * Math.PI;

  final double tau;
  final double b;
  final double k;
  final double period;
  private final double invB;
  private final double hwScale;

  ThetaLayer(NeuronConstants c) {
    tau = c.tau();
    b = Math.sqrt(c.drive() - 0.25);
    k = b / tau;
    period = Math.PI / k;
    invB = 1.0 / b;
    hwScale = tau / (b * b);
  }

  /** The phase response H(phi, w) by the textbook route (tan, then atan); used by tests and the pseudo pass. */
  double phaseResponse(double phi, double w) {
    double psi = k * phi - HALF_PI;
    double x = Math.cos(psi);
    double y = Math.sin(psi) + x * w * invB;
    return (Math.atan2(y, x) + HALF_PI) / k;
  }

  /**
   * Runs the layer over its coalesced input groups up to the trial end, recording dH/dphi and dH/dw per
   * (group, neuron) and every in-trial spike.
   */
  void forward(double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd) {
    final int n = tr.size;
    final double[] xs = tr.stateA;
    final double[] ys = tr.stateB;
    final double[] anchor = tr.anchor;
    final double[] acc = tr.acc;
    final double[] rx = tr.tmpX;
    final double[] ry = tr.tmpY;
    for (int i = 0; i < n; i++) {
      double a = k * p[sOff + i];
      xs[i] = Math.sin(a);
      ys[i] = -Math.cos(a);
      anchor[i] = 0.0;
    }
    tr.resetSpikes();
    double prevT = 0.0;
    final int groups = tr.groupCount;
    final double[] hPhi = tr.recA;
    final double[] hW = tr.recB;
    for (int g = 0; g < groups; g++) {
      double tg = tr.groupTime[g];
      java.util.Arrays.fill(acc, 0.0);
      for (int m = tr.groupStart[g], end = tr.groupStart[g + 1]; m < end; m++) {
        int row = wOff + tr.memberSource[m] * n;
        for (int i = 0; i < n; i++) {
          acc[i] += p[row + i];
        }
      }
      double ang = k * (tg - prevT);
      boolean shared = ang < Math.PI;
      double cs = Math.cos(ang);
      double sn = Math.sin(ang);
      int chunk = tr.spikeCount;
      int base = g * n;
      // Pass 1 (vectorisable): rotate every neuron by the shared flow angle.
      for (int i = 0; i < n; i++) {
        double x = xs[i];
        double y = ys[i];
        rx[i] = x * cs - y * sn;
        ry[i] = x * sn + y * cs;
      }
      // Pass 2: neurons that reach Theta in the interval, or whose anchor is their own spike, take the
      // exact slow path (it reads the unrotated state).
      for (int i = 0; i < n; i++) {
        double x1 = rx[i];
        if (!shared || anchor[i] != prevT || !(x1 > 0.0 || (x1 == 0.0 && ry[i] < 0.0))) {
          advanceSlow(tr, i, tg, g);
          rx[i] = xs[i];
          ry[i] = ys[i];
        }
      }
      // Pass 3 (vectorisable): the coalesced jump H(phi, a) as a shear plus normalisation.
      // Same-index accesses only, so that C2 vectorises it; the records are copied out afterwards.
      for (int i = 0; i < n; i++) {
        double x1 = rx[i];
        double yj = ry[i] + acc[i] * invB * x1;
        double hp = 1.0 / (x1 * x1 + yj * yj);
        double inv = Math.sqrt(hp);
        rx[i] = hp;
        ry[i] = hwScale * x1 * x1 * hp;
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
        double x1 = x * cs - y * sn;
        double y1 = x * sn + y * cs;
        if (x1 > 0.0 || (x1 == 0.0 && y1 < 0.0)) {
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
    double psi = Math.atan2(tr.stateB[i], tr.stateA[i]);
    double tSpike = t0 + (HALF_PI - psi) / k;
    while (tSpike <= tEnd) {
      tr.addSpike(tSpike, i, interval);
      t0 = tSpike;
      psi = -HALF_PI;
      tSpike = t0 + period;
    }
    double psiEnd = Math.min(psi + k * (tEnd - t0), HALF_PI);
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
   */
  void backward(double[] p, int wOff, int sOff, LayerTrace tr, double[] grad, double[] prevAdjoint) {
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
  void pseudoForward(double[] p, int wOff, LayerTrace tr, LayerTrace prev) {
    final int n = tr.size;
    final double[] xin = tr.acc;
    java.util.Arrays.fill(xin, 0.0);
    if (prev != null) {
      for (int j = 0; j < prev.size; j++) {
        double r = prev.rate[j];
        int row = wOff + j * n;
        for (int i = 0; i < n; i++) {
          xin[i] += p[row + i] * r;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      double x = tr.stateA[i];
      double y = tr.stateB[i];
      double yj = y + xin[i] * invB * x;
      double n2 = x * x + yj * yj;
      double h = (Math.atan2(yj, x) + HALF_PI) / k;
      tr.pseudoHphi[i] = 1.0 / n2;
      tr.pseudoHw[i] = hwScale * x * x / n2;
      tr.rate[i] = h / period;
    }
  }

  /**
   * Reverse pseudo pass for one layer. On entry pseudoAdjoint holds dL/dH(phi(T), x) per neuron; writes
   * dL/dphi(T) into lambdaA, adds dL/dW into grad and dL/dH of the previous layer into its pseudoAdjoint.
   */
  void pseudoBackward(double[] p, int wOff, LayerTrace tr, LayerTrace prev, double[] grad) {
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
    double invPeriod = 1.0 / period;
    for (int j = 0; j < prev.size; j++) {
      double r = prev.rate[j];
      int row = wOff + j * n;
      double dr = 0.0;
      for (int i = 0; i < n; i++) {
        dr += p[row + i] * dx[i];
        grad[row + i] += r * dx[i];
      }
      prev.pseudoAdjoint[j] += dr * invPeriod;
    }
  }
}
