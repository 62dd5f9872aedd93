package org.spikeforge.model;

/** Independent fixed-step RK4 integrators of the model ODEs, used only as a reference in tests. */
final class Rk4 {
  private Rk4() {}

  /** QIF (V, I), tau dV/dt = V(V-1) + I, (tau/2) dI/dt = -I, integrated for time t with n steps. */
  static double[] qif(double tau, double v, double i, double t, int n) {
    double h = t / n;
    for (int k = 0; k < n; k++) {
      double k1v = (v * (v - 1) + i) / tau;
      double k1i = -2 * i / tau;
      double v2 = v + 0.5 * h * k1v;
      double i2 = i + 0.5 * h * k1i;
      double k2v = (v2 * (v2 - 1) + i2) / tau;
      double k2i = -2 * i2 / tau;
      double v3 = v + 0.5 * h * k2v;
      double i3 = i + 0.5 * h * k2i;
      double k3v = (v3 * (v3 - 1) + i3) / tau;
      double k3i = -2 * i3 / tau;
      double v4 = v + h * k3v;
      double i4 = i + h * k3i;
      double k4v = (v4 * (v4 - 1) + i4) / tau;
      double k4i = -2 * i4 / tau;
      v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
      i += h / 6 * (k1i + 2 * k2i + 2 * k3i + k4i);
    }
    return new double[] {v, i};
  }

  /** QIF in the angle psi = atan(V), smooth through V = +-infinity: d psi/dt = (sin^2 - sin cos + I cos^2) / tau. */
  static double[] qifAngleStep(double tau, double psi, double i, double h) {
    double k1p = angleRate(tau, psi, i);
    double k1i = -2 * i / tau;
    double k2p = angleRate(tau, psi + 0.5 * h * k1p, i + 0.5 * h * k1i);
    double k2i = -2 * (i + 0.5 * h * k1i) / tau;
    double k3p = angleRate(tau, psi + 0.5 * h * k2p, i + 0.5 * h * k2i);
    double k3i = -2 * (i + 0.5 * h * k2i) / tau;
    double k4p = angleRate(tau, psi + h * k3p, i + h * k3i);
    double k4i = -2 * (i + h * k3i) / tau;
    return new double[] {psi + h / 6 * (k1p + 2 * k2p + 2 * k3p + k4p), i + h / 6 * (k1i + 2 * k2i + 2 * k3i + k4i)};
  }

  private static double angleRate(double tau, double psi, double i) {
    double s = Math.sin(psi);
    double c = Math.cos(psi);
    return (s * s - s * c + i * c * c) / tau;
  }

  /**
   * First time the QIF angle reaches pi/2 (V = +infinity) from (V0, I0), searched up to tMax with step h and then
   * refined by bisection on the length of the last RK4 step; +infinity if not reached.
   */
  static double qifSpikeTime(double tau, double v0, double i0, double tMax, double h) {
    double psi = Math.atan(v0);
    double i = i0;
    double t = 0;
    while (t < tMax) {
      double[] next = qifAngleStep(tau, psi, i, h);
      if (next[0] >= Math.PI / 2) {
        double lo = 0;
        double hi = h;
        for (int k = 0; k < 60; k++) {
          double mid = 0.5 * (lo + hi);
          if (qifAngleStep(tau, psi, i, mid)[0] >= Math.PI / 2) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        return t + 0.5 * (lo + hi);
      }
      psi = next[0];
      i = next[1];
      t += h;
    }
    return Double.POSITIVE_INFINITY;
  }

  /** QIF state after time t via the angle form (valid also from V0 = -infinity). */
  static double[] qifViaAngle(double tau, double v0, double i0, double t, int n) {
    double psi = Math.atan(v0);
    double i = i0;
    double h = t / n;
    for (int k = 0; k < n; k++) {
      double[] next = qifAngleStep(tau, psi, i, h);
      psi = next[0];
      i = next[1];
    }
    return new double[] {Math.tan(psi), i};
  }

  /** LIF (V, I), tau dV/dt = -V + I, (tau/2) dI/dt = -I; first time V reaches vth or +infinity. */
  static double lifSpikeTime(double tau, double vth, double v, double i, double tMax, double h) {
    double t = 0;
    while (t < tMax) {
      double[] next = lifStep(tau, v, i, h);
      if (next[0] >= vth) {
        double lo = 0;
        double hi = h;
        for (int k = 0; k < 60; k++) {
          double mid = 0.5 * (lo + hi);
          if (lifStep(tau, v, i, mid)[0] >= vth) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        return t + 0.5 * (lo + hi);
      }
      v = next[0];
      i = next[1];
      t += h;
    }
    return Double.POSITIVE_INFINITY;
  }

  static double[] lifStep(double tau, double v, double i, double h) {
    double k1v = (-v + i) / tau;
    double k1i = -2 * i / tau;
    double k2v = (-(v + 0.5 * h * k1v) + (i + 0.5 * h * k1i)) / tau;
    double k2i = -2 * (i + 0.5 * h * k1i) / tau;
    double k3v = (-(v + 0.5 * h * k2v) + (i + 0.5 * h * k2i)) / tau;
    double k3i = -2 * (i + 0.5 * h * k2i) / tau;
    double k4v = (-(v + h * k3v) + (i + h * k3i)) / tau;
    double k4i = -2 * (i + h * k3i) / tau;
    return new double[] {v + h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v), i + h / 6 * (k1i + 2 * k2i + 2 * k3i + k4i)};
  }

  static double[] lif(double tau, double v, double i, double t, int n) {
    double h = t / n;
    for (int k = 0; k < n; k++) {
      double[] next = lifStep(tau, v, i, h);
      v = next[0];
      i = next[1];
    }
    return new double[] {v, i};
  }
}
