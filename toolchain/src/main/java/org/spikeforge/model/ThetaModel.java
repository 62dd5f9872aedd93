package org.spikeforge.model;

/**
 * Theta neuron in phase form (SCIENCE.md 1.2): QIF with constant drive I0 > 1/4 and delta-pulse input. The phase
 * phi = Phi(V) grows with unit speed, the neuron spikes at phi = Theta = tau pi / sqrt(I0 - 1/4) and resets to 0.
 * An input of weight w maps phi to H(phi, w) = Phi(Phi^-1(phi) + w). With the angle a = phi sqrt(I0 - 1/4) / tau in
 * [0, pi] and k = w / sqrt(I0 - 1/4) this is the angle atan2(sin a, cos a - k sin a), which stays finite at phi = 0
 * (V = -infinity, where input has no effect). State: (phi).
 *
 * @param tau membrane time constant (> 0)
 * @param drive constant drive I0 (> 1/4)
 */
public record ThetaModel(double tau, double drive) implements NeuronModel {

  public ThetaModel {
    if (!(tau > 0) || !Double.isFinite(tau)) {
      throw new IllegalArgumentException("THETA params.tau must be finite and > 0, got " + tau);
    }
    if (!(drive > 0.25) || !Double.isFinite(drive)) {
      throw new IllegalArgumentException("THETA params.drive must be finite and > 1/4, got " + drive);
    }
  }

  /** sqrt(I0 - 1/4). */
  public double rootDrive() {
    return Math.sqrt(drive - 0.25);
  }

  /** The period, which is also the spike phase: Theta = tau pi / sqrt(I0 - 1/4). */
  public double period() {
    return tau * Math.PI / rootDrive();
  }

  /** Phi(V): the phase of membrane potential V. */
  public double phaseOf(double v) {
    double b = rootDrive();
    return tau / b * Math.atan2(b, -(v - 0.5));
  }

  /** Phi^-1(phi): the membrane potential at phase phi (-infinity at 0, +infinity at Theta). */
  public double potentialOf(double phi) {
    double b = rootDrive();
    double a = phi * b / tau;
    if (a <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (a >= Math.PI) {
      return Double.POSITIVE_INFINITY;
    }
    return 0.5 - b * Math.cos(a) / Math.sin(a);
  }

  /** The phase response H(phi, w). */
  public double phaseResponse(double phi, double w) {
    double b = rootDrive();
    double a = phi * b / tau;
    double sin = Math.sin(a);
    double cos = Math.cos(a);
    return tau / b * Math.atan2(sin, cos - w / b * sin);
  }

  @Override
  public int dimension() {
    return 1;
  }

  @Override
  public void initialState(double v, double i, double[] x) {
    x[0] = v;
  }

  @Override
  public void flow(double[] x, double dt, double[] out, double[] jac, double[] dOutDt) {
    out[0] = x[0] + dt;
    if (jac != null) {
      jac[0] = 1;
    }
    if (dOutDt != null) {
      dOutDt[0] = 1;
    }
  }

  @Override
  public double timeToSpike(double[] x) {
    return period() - x[0];
  }

  @Override
  public double timeToSpike(double[] x, double[] grad) {
    if (grad != null) {
      grad[0] = -1;
    }
    return period() - x[0];
  }

  @Override
  public void jump(double[] y, double w, double[] out, double[] jac, double[] dOutDw) {
    double b = rootDrive();
    double a = y[0] * b / tau;
    double sin = Math.sin(a);
    double cos = Math.cos(a);
    double k = w / b;
    double c = cos - k * sin;
    out[0] = tau / b * Math.atan2(sin, c);
    if (jac != null || dOutDw != null) {
      double den = sin * sin + c * c;
      if (jac != null) {
        jac[0] = 1 / den;
      }
      if (dOutDw != null) {
        dOutDw[0] = tau / (b * b) * sin * sin / den;
      }
    }
  }

  @Override
  public double jumpTimeAdjoint(double[] y, double w, double[] lambdaPlus) {
    double b = rootDrive();
    double a = y[0] * b / tau;
    double sin = Math.sin(a);
    double c = Math.cos(a) - w / b * sin;
    double hPhi = 1 / (sin * sin + c * c);
    return lambdaPlus[0] * (hPhi - 1);
  }

  @Override
  public void afterSpike(double[] xPrev, double dt, double[] out, double[] jac, double[] dOutDt) {
    out[0] = 0;
    if (jac != null) {
      jac[0] = 0;
    }
    if (dOutDt != null) {
      dOutDt[0] = 0;
    }
  }

  @Override
  public boolean additiveJumps() {
    return false;
  }

  @Override
  public void vectorField(double[] x, double[] out) {
    out[0] = 1;
  }
}
