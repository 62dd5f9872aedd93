package org.spikeforge.model;

/**
 * The one definition of a valid theta phase, shared by the file validator ({@code io.NetworkValidator}) and the
 * engine ({@code sim.CompiledNetwork}), so that a network {@code validate} accepts never fails in {@code simulate}:
 * a phase lies in the closed interval [0, Theta] with Theta = tau pi / sqrt(I0 - 1/4), exactly, without slack.
 */
public final class ThetaPhase {
  private ThetaPhase() {}

  /** Theta = tau pi / sqrt(I0 - 1/4), computed exactly as {@link ThetaModel#period()} does. */
  public static double period(double tau, double drive) {
    return ThetaKernel.period(tau, ThetaKernel.rootDrive(drive));
  }

  /** True when {@code phi} is a phase of a neuron whose period is {@code period}: 0 &lt;= phi &lt;= period. */
  public static boolean isPhase(double phi, double period) {
    return phi >= 0 && phi <= period;
  }
}
