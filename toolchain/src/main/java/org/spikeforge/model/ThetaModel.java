package org.spikeforge.model;

/**
 * Theta neuron in phase form (SCIENCE.md 1.2): QIF with constant drive I0 > 1/4 and delta-pulse input. The phase
 * phi = Phi(V) grows with unit speed, the neuron spikes at phi = Theta = tau pi / sqrt(I0 - 1/4) and resets to 0.
 * An input of weight w maps phi to H(phi, w) = Phi(Phi^-1(phi) + w). With the angle a = phi sqrt(I0 - 1/4) / tau in
 * [0, pi] and k = w / sqrt(I0 - 1/4) this is the angle atan2(sin a, cos a - k sin a), which stays finite at phi = 0
 * (V = -infinity, where input has no effect). State: (phi). The formulas live in {@link ThetaKernel}; this record
 * adapts them to the {@link NeuronModel} interface of the general engine.
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
    return ThetaKernel.rootDrive(drive);
  }

  /** The period, which is also the spike phase: Theta = tau pi / sqrt(I0 - 1/4). */
  public double period() {
    return ThetaKernel.period(tau, rootDrive());
  }

  /** Phi(V): the phase of membrane potential V. */
  public double phaseOf(double v) {
    return ThetaKernel.phaseOfPotential(v, tau, rootDrive());
  }

  /** Phi^-1(phi): the membrane potential at phase phi (-infinity at 0, +infinity at Theta). */
  public double potentialOf(double phi) {
    return ThetaKernel.potentialOfPhase(phi, tau, rootDrive());
  }

  /** The phase response H(phi, w). */
  public double phaseResponse(double phi, double w) {
    return ThetaKernel.jump(phi, w, tau, rootDrive());
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
    out[0] = ThetaKernel.flow(x[0], dt);
    if (jac != null) {
      jac[0] = 1;
    }
    if (dOutDt != null) {
      dOutDt[0] = 1;
    }
  }

  @Override
  public double timeToSpike(double[] x) {
    return ThetaKernel.timeToSpike(x[0], period());
  }

  @Override
  public double timeToSpike(double[] x, double[] grad) {
    if (grad != null) {
      grad[0] = -1;
    }
    return ThetaKernel.timeToSpike(x[0], period());
  }

  @Override
  public void jump(double[] y, double w, double[] out, double[] jac, double[] dOutDw) {
    double b = rootDrive();
    out[0] = ThetaKernel.jump(y[0], w, tau, b);
    if (jac != null) {
      jac[0] = ThetaKernel.jumpDerivPhi(y[0], w, tau, b);
    }
    if (dOutDw != null) {
      dOutDw[0] = ThetaKernel.jumpDerivW(y[0], w, tau, b);
    }
  }

  @Override
  public double jumpTimeAdjoint(double[] y, double w, double[] lambdaPlus) {
    return lambdaPlus[0] * (ThetaKernel.jumpDerivPhi(y[0], w, tau, rootDrive()) - 1);
  }

  @Override
  public void afterSpike(double[] xPrev, double dt, double[] out, double[] jac, double[] dOutDt) {
    out[0] = ThetaKernel.RESET;
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
