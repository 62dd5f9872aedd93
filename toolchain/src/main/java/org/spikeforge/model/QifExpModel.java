package org.spikeforge.model;

/**
 * QIF neuron with exponentially decaying current and tau_s = tau / 2 (SCIENCE.md 1.1): tau dV/dt = V (V - 1) + I,
 * I(t) = I0 s^2 with s = exp(-t / tau); threshold +infinity, reset -infinity. The closed forms (one Moebius-map
 * formula valid in every regime) and their derivation are in {@link QifExpKernel}; this record adapts them to the
 * {@link NeuronModel} interface of the general engine. State: (V, I).
 *
 * @param tau membrane time constant (> 0)
 */
public record QifExpModel(double tau) implements NeuronModel {

  public QifExpModel {
    if (!(tau > 0) || !Double.isFinite(tau)) {
      throw new IllegalArgumentException("QIF_EXP params.tau must be finite and > 0, got " + tau);
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
    QifExpKernel.flow(x, dt, tau, out, jac, dOutDt);
  }

  /** Q(y) = atan(sqrt y) / sqrt y (see {@link QifExpKernel}). */
  static double q(double y) {
    return QifExpKernel.q(y);
  }

  /** dQ/dy. */
  static double qPrime(double y) {
    return QifExpKernel.qPrime(y);
  }

  @Override
  public double timeToSpike(double[] x) {
    return QifExpKernel.timeToSpike(x, tau, null);
  }

  @Override
  public double timeToSpike(double[] x, double[] grad) {
    return QifExpKernel.timeToSpike(x, tau, grad);
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
    QifExpKernel.afterSpike(xPrev, dt, tau, out, jac, dOutDt);
  }

  @Override
  public void vectorField(double[] x, double[] out) {
    QifExpKernel.vectorField(x, tau, out);
  }
}
