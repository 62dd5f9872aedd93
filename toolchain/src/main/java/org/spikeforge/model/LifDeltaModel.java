package org.spikeforge.model;

/**
 * LIF neuron with instantaneous (delta) synapses, proto {@code LIF_DELTA}: tau dV/dt = D - V, an input of weight w
 * makes V jump by w, spike when V exceeds V_th, reset to 0. State: (V). The formulas live in {@link LifDeltaKernel};
 * this record adapts them to the {@link NeuronModel} interface of the general engine. Without a drive above
 * threshold the neuron can only fire at an input's arrival ({@link #firesAtJumps()}), so its spike times do not move
 * with the weights; a drive D &gt; V_th adds crossings between inputs, which do.
 *
 * @param tau membrane time constant (&gt; 0)
 * @param threshold firing threshold V_th (&gt; 0)
 * @param drive constant drive D (finite; 0 for NIR's plain LIF without leak potential)
 */
public record LifDeltaModel(double tau, double threshold, double drive) implements NeuronModel {

  public LifDeltaModel {
    if (!(tau > 0) || !Double.isFinite(tau)) {
      throw new IllegalArgumentException("LIF_DELTA params.tau must be finite and > 0, got " + tau);
    }
    if (!(threshold > 0) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("LIF_DELTA params.threshold must be finite and > 0, got " + threshold);
    }
    if (!Double.isFinite(drive)) {
      throw new IllegalArgumentException("LIF_DELTA params.drive must be finite, got " + drive);
    }
  }

  /** True when the drive alone lifts V above threshold, i.e. spikes can also happen between inputs. */
  public boolean driven() {
    return drive > threshold;
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
    LifDeltaKernel.flow(x, dt, tau, drive, out, jac, dOutDt);
  }

  @Override
  public double timeToSpike(double[] x) {
    return LifDeltaKernel.timeToSpike(x[0], tau, threshold, drive, null);
  }

  @Override
  public double timeToSpike(double[] x, double[] grad) {
    return LifDeltaKernel.timeToSpike(x[0], tau, threshold, drive, grad);
  }

  @Override
  public void jump(double[] y, double w, double[] out, double[] jac, double[] dOutDw) {
    LifDeltaKernel.jump(y, w, out, jac, dOutDw);
  }

  @Override
  public double jumpTimeAdjoint(double[] y, double w, double[] lambdaPlus) {
    return LifDeltaKernel.jumpTimeAdjoint(w, lambdaPlus[0], tau);
  }

  @Override
  public void afterSpike(double[] xPrev, double dt, double[] out, double[] jac, double[] dOutDt) {
    LifDeltaKernel.afterSpike(out, jac, dOutDt);
  }

  @Override
  public void vectorField(double[] x, double[] out) {
    out[0] = LifDeltaKernel.slope(x[0], drive, tau);
  }

  @Override
  public boolean firesAtJumps() {
    return true;
  }
}
