package org.spikeforge.model;

/**
 * Current-based LIF neuron, tau dV/dt = -V + I with tau_s = tau / 2 (SCIENCE.md 1.3). With s = exp(-t / tau),
 * V(t) = (V0 + I0) s - I0 s^2 and I(t) = I0 s^2. The threshold crossing is the largest root s* in (0, 1] of
 * I0 s^2 - (V0 + I0) s + V_th = 0, and the neuron resets to V = 0 keeping its current. State: (V, I).
 *
 * @param tau membrane time constant (> 0)
 * @param threshold firing threshold V_th (> 0)
 */
public record LifExpModel(double tau, double threshold) implements NeuronModel {

  public LifExpModel {
    if (!(tau > 0) || !Double.isFinite(tau)) {
      throw new IllegalArgumentException("LIF_EXP params.tau must be finite and > 0, got " + tau);
    }
    if (!(threshold > 0) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("LIF_EXP params.threshold must be finite and > 0, got " + threshold);
    }
  }

  @Override
  public int dimension() {
    return 2;
  }

  @Override
  public void initialState(double v, double i, double[] x) {
    x[0] = v;
    x[1] = i;
  }

  @Override
  public void flow(double[] x, double dt, double[] out, double[] jac, double[] dOutDt) {
    double v0 = x[0];
    double i0 = x[1];
    double s = Math.exp(-dt / tau);
    double v = (v0 + i0) * s - i0 * s * s;
    double i = i0 * s * s;
    out[0] = v;
    out[1] = i;
    if (jac != null) {
      jac[0] = s;
      jac[1] = s - s * s;
      jac[2] = 0;
      jac[3] = s * s;
    }
    if (dOutDt != null) {
      dOutDt[0] = (-v + i) / tau;
      dOutDt[1] = -2 * i / tau;
    }
  }

  @Override
  public double timeToSpike(double[] x) {
    return timeToSpike(x, null);
  }

  @Override
  public double timeToSpike(double[] x, double[] grad) {
    double v0 = x[0];
    double i0 = x[1];
    if (v0 >= threshold) {
      if (grad != null) {
        grad[0] = 0;
        grad[1] = 0;
      }
      return 0;
    }
    double b = v0 + i0;
    double s;
    if (i0 == 0) {
      s = b > 0 ? threshold / b : Double.NaN;
    } else {
      double disc = b * b - 4 * i0 * threshold;
      if (disc < 0) {
        return Double.POSITIVE_INFINITY;
      }
      double q = 0.5 * (b + Math.copySign(Math.sqrt(disc), b == 0 ? 1.0 : b));
      double r1 = q / i0;
      double r2 = q == 0 ? Double.NaN : threshold / q;
      s = Double.NaN;
      if (r1 > 0 && r1 <= 1) {
        s = r1;
      }
      if (r2 > 0 && r2 <= 1 && !(s >= r2)) {
        s = r2;
      }
    }
    if (!(s > 0 && s <= 1)) {
      return Double.POSITIVE_INFINITY;
    }
    if (grad != null) {
      double ps = 2 * i0 * s - b;
      double dsdv = s / ps;
      double dsdi = -(s * s - s) / ps;
      double dtds = -tau / s;
      grad[0] = dtds * dsdv;
      grad[1] = dtds * dsdi;
    }
    return -tau * Math.log(s);
  }

  @Override
  public void jump(double[] y, double w, double[] out, double[] jac, double[] dOutDw) {
    CurrentJump.apply(y, w, out, jac, dOutDw);
  }

  @Override
  public double jumpTimeAdjoint(double[] y, double w, double[] lambdaPlus) {
    return CurrentJump.timeAdjoint(tau, w, lambdaPlus);
  }

  @Override
  public void afterSpike(double[] xPrev, double dt, double[] out, double[] jac, double[] dOutDt) {
    double s2 = Math.exp(-2 * dt / tau);
    double i = xPrev[1] * s2;
    out[0] = 0;
    out[1] = i;
    if (jac != null) {
      jac[0] = 0;
      jac[1] = 0;
      jac[2] = 0;
      jac[3] = s2;
    }
    if (dOutDt != null) {
      dOutDt[0] = 0;
      dOutDt[1] = -2 * i / tau;
    }
  }

  @Override
  public void vectorField(double[] x, double[] out) {
    out[0] = (-x[0] + x[1]) / tau;
    out[1] = -2 * x[1] / tau;
  }
}
