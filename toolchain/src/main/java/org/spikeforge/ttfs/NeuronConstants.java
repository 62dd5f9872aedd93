package org.spikeforge.ttfs;

import org.spikeforge.proto.NeuronModel;

/**
 * The shared neuron constants of a TTFS network, validated once so the hot loops need no checks. The model is
 * the proto {@link NeuronModel} of the general engine; the layered engine runs THETA and LIF_EXP (it has no QIF
 * layer; QIF_EXP networks run in the general {@code sim} engine only).
 *
 * @param model the neuron model: THETA or LIF_EXP
 * @param tau membrane time constant tau_m (> 0); LIF synapses use tau_s = tau / 2
 * @param drive THETA only: constant drive I0 (> 1/4); ignored (0) for LIF
 * @param threshold LIF_EXP only: firing threshold V_th (> 0); ignored (0) for theta
 */
public record NeuronConstants(NeuronModel model, double tau, double drive, double threshold) {

  public NeuronConstants {
    if (model != NeuronModel.THETA && model != NeuronModel.LIF_EXP) {
      throw new IllegalArgumentException("neuron model: the layered TTFS engine runs THETA or LIF_EXP, got "
          + model);
    }
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException("neuron tau: must be finite and > 0, got " + tau);
    }
    if (model == NeuronModel.THETA && (!(drive > 0.25) || Double.isInfinite(drive))) {
      throw new IllegalArgumentException("neuron drive: theta needs a finite drive I0 > 1/4, got " + drive);
    }
    if (model == NeuronModel.LIF_EXP && (!(threshold > 0) || Double.isInfinite(threshold))) {
      throw new IllegalArgumentException("neuron threshold: LIF needs a finite V_th > 0, got " + threshold);
    }
  }

  /** Theta constants; period Theta = tau * pi / sqrt(drive - 1/4). */
  public static NeuronConstants theta(double tau, double drive) {
    return new NeuronConstants(NeuronModel.THETA, tau, drive, 0.0);
  }

  /** LIF constants with tau_s = tau / 2. */
  public static NeuronConstants lif(double tau, double threshold) {
    return new NeuronConstants(NeuronModel.LIF_EXP, tau, 0.0, threshold);
  }

  /** Theta period Theta = tau * pi / sqrt(I0 - 1/4), the phase at which a theta neuron spikes. */
  public double thetaPeriod() {
    return org.spikeforge.model.ThetaKernel.period(tau, org.spikeforge.model.ThetaKernel.rootDrive(drive));
  }

  /** Number of initial-state parameters per neuron: phi0 for theta, (V0, I0) for LIF. */
  public int statesPerNeuron() {
    return model == NeuronModel.THETA ? 1 : 2;
  }
}
