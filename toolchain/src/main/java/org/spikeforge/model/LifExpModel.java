package org.spikeforge.model;

/**
 * Current-based LIF neuron, tau dV/dt = -V + I with tau_s = tau / 2 (SCIENCE.md 1.3). With s = exp(-t / tau),
 * V(t) = (V0 + I0) s - I0 s^2 and I(t) = I0 s^2. The threshold crossing is the largest root s* in (0, 1] of
 * I0 s^2 - (V0 + I0) s + V_th = 0, and the neuron resets to V = 0 keeping its current. State: (V, I). The formulas
 * live in {@link LifExpKernel}; this record adapts them to the {@link NeuronModel} interface of the general engine.
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
    LifExpKernel.flow(x, dt, tau, out, jac, dOutDt);
  }

  @Override
  public double timeToSpike(double[] x) {
    return LifExpKernel.timeToSpike(x, tau, threshold, null);
  }

  @Override
  public double timeToSpike(double[] x, double[] grad) {
    return LifExpKernel.timeToSpike(x, tau, threshold, grad);
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
    LifExpKernel.afterSpike(xPrev, dt, tau, out, jac, dOutDt);
  }

  @Override
  public void vectorField(double[] x, double[] out) {
    out[0] = LifExpKernel.slopeV(x[0], x[1], 1 / tau);
    out[1] = LifExpKernel.slopeI(x[1], 1 / tau);
  }
}
