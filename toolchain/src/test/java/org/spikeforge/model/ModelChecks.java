package org.spikeforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Central finite-difference checks of every partial derivative a {@link NeuronModel} returns. */
final class ModelChecks {
  static final double H = 1e-6;
  static final double REL = 1e-6;

  private ModelChecks() {}

  static void close(double expected, double actual, double rel, String what) {
    double scale = Math.max(1e-6, Math.max(Math.abs(expected), Math.abs(actual)));
    assertTrue(Math.abs(expected - actual) <= rel * scale,
        () -> what + ": expected " + expected + " but got " + actual);
  }

  /** Flow: F_x and F_dt. */
  static void flowDerivatives(NeuronModel m, double[] x, double dt, String label) {
    int d = m.dimension();
    double[] out = new double[d];
    double[] jac = new double[d * d];
    double[] dOut = new double[d];
    m.flow(x, dt, out, jac, dOut);
    double[] p = new double[d];
    double[] q = new double[d];
    for (int c = 0; c < d; c++) {
      if (!Double.isFinite(x[c])) {
        continue;
      }
      double[] xp = x.clone();
      double[] xm = x.clone();
      double h = H * Math.max(1, Math.abs(x[c]));
      xp[c] += h;
      xm[c] -= h;
      m.flow(xp, dt, p, null, null);
      m.flow(xm, dt, q, null, null);
      for (int r = 0; r < d; r++) {
        close((p[r] - q[r]) / (2 * h), jac[r * d + c], REL, label + " dF" + r + "/dx" + c);
      }
    }
    m.flow(x, dt + H, p, null, null);
    m.flow(x, dt - H, q, null, null);
    for (int r = 0; r < d; r++) {
      close((p[r] - q[r]) / (2 * H), dOut[r], REL, label + " dF" + r + "/dt");
    }
  }

  static void spikeDerivatives(NeuronModel m, double[] x, String label) {
    int d = m.dimension();
    double[] grad = new double[d];
    double t = m.timeToSpike(x, grad);
    assertTrue(Double.isFinite(t), label + " should spike");
    assertEquals(t, m.timeToSpike(x), 0.0);
    for (int c = 0; c < d; c++) {
      if (!Double.isFinite(x[c])) {
        continue;
      }
      double[] xp = x.clone();
      double[] xm = x.clone();
      double h = H * Math.max(1, Math.abs(x[c]));
      xp[c] += h;
      xm[c] -= h;
      close((m.timeToSpike(xp) - m.timeToSpike(xm)) / (2 * h), grad[c], REL, label + " dS/dx" + c);
    }
  }

  static void jumpDerivatives(NeuronModel m, double[] y, double w, String label) {
    int d = m.dimension();
    double[] out = new double[d];
    double[] jac = new double[d * d];
    double[] dw = new double[d];
    m.jump(y, w, out, jac, dw);
    double[] p = new double[d];
    double[] q = new double[d];
    for (int c = 0; c < d; c++) {
      if (!Double.isFinite(y[c])) {
        continue;
      }
      double[] yp = y.clone();
      double[] ym = y.clone();
      yp[c] += H;
      ym[c] -= H;
      m.jump(yp, w, p, null, null);
      m.jump(ym, w, q, null, null);
      for (int r = 0; r < d; r++) {
        close((p[r] - q[r]) / (2 * H), jac[r * d + c], REL, label + " dJ" + r + "/dy" + c);
      }
    }
    m.jump(y, w + H, p, null, null);
    m.jump(y, w - H, q, null, null);
    for (int r = 0; r < d; r++) {
      close((p[r] - q[r]) / (2 * H), dw[r], REL, label + " dJ" + r + "/dw");
    }
  }

  static void afterSpikeDerivatives(NeuronModel m, double[] x, double dt, String label) {
    int d = m.dimension();
    double[] out = new double[d];
    double[] jac = new double[d * d];
    double[] dOut = new double[d];
    m.afterSpike(x, dt, out, jac, dOut);
    double[] p = new double[d];
    double[] q = new double[d];
    for (int c = 0; c < d; c++) {
      double[] xp = x.clone();
      double[] xm = x.clone();
      xp[c] += H;
      xm[c] -= H;
      m.afterSpike(xp, dt, p, null, null);
      m.afterSpike(xm, dt, q, null, null);
      for (int r = 0; r < d; r++) {
        if (Double.isFinite(out[r])) {
          close((p[r] - q[r]) / (2 * H), jac[r * d + c], REL, label + " dR" + r + "/dx" + c);
        }
      }
    }
    m.afterSpike(x, dt + H, p, null, null);
    m.afterSpike(x, dt - H, q, null, null);
    for (int r = 0; r < d; r++) {
      if (Double.isFinite(out[r])) {
        close((p[r] - q[r]) / (2 * H), dOut[r], REL, label + " dR" + r + "/dt");
      }
    }
  }

  /**
   * jumpTimeAdjoint against the derivative of lambda . F(J(F(y0, t1 + e), w), t2 - e) in e: moving the jump time
   * with the end time fixed.
   */
  static void jumpTimeDerivative(NeuronModel m, double[] y0, double t1, double w, double t2, double[] lambdaEnd,
      String label) {
    int d = m.dimension();
    double[] y = new double[d];
    double[] yPlus = new double[d];
    double[] end = new double[d];
    double[] jac = new double[d * d];
    m.flow(y0, t1, y, null, null);
    m.jump(y, w, yPlus, null, null);
    m.flow(yPlus, t2, end, jac, null);
    double[] lambdaPlus = new double[d];
    for (int c = 0; c < d; c++) {
      for (int r = 0; r < d; r++) {
        lambdaPlus[c] += jac[r * d + c] * lambdaEnd[r];
      }
    }
    double analytic = m.jumpTimeAdjoint(y, w, lambdaPlus);
    double fd = (shifted(m, y0, t1, w, t2, H, lambdaEnd) - shifted(m, y0, t1, w, t2, -H, lambdaEnd)) / (2 * H);
    close(fd, analytic, REL, label + " jump time adjoint");
  }

  private static double shifted(NeuronModel m, double[] y0, double t1, double w, double t2, double e,
      double[] lambdaEnd) {
    int d = m.dimension();
    double[] y = new double[d];
    double[] yPlus = new double[d];
    double[] end = new double[d];
    m.flow(y0, t1 + e, y, null, null);
    m.jump(y, w, yPlus, null, null);
    m.flow(yPlus, t2 - e, end, null, null);
    double sum = 0;
    for (int r = 0; r < d; r++) {
      sum += lambdaEnd[r] * end[r];
    }
    return sum;
  }
}
