package org.spikeforge.model;

/**
 * The input jump shared by the two current-based models (QIF_EXP and LIF_EXP): a spike of weight w adds w to
 * the synaptic current I and leaves V alone. Both models also share tau_s = tau / 2, so the change of the flow
 * across the jump, f(y) - f(y + w e_I) = (-w, 2w) / tau, is the same for both (the QIF V^2 terms cancel).
 */
final class CurrentJump {
  private CurrentJump() {}

  /** State (V, I) after the jump, with its Jacobian in y (row-major 2x2) and its derivative in w. */
  static void apply(double[] y, double w, double[] out, double[] jac, double[] dOutDw) {
    out[0] = y[0];
    out[1] = y[1] + w;
    if (jac != null) {
      jac[0] = 1;
      jac[1] = 0;
      jac[2] = 0;
      jac[3] = 1;
    }
    if (dOutDw != null) {
      dOutDw[0] = 0;
      dOutDw[1] = 1;
    }
  }

  /** Adjoint of the jump time: lambda+ . (f(y) - f(y + w e_I)), with J_y the identity. */
  static double timeAdjoint(double tau, double w, double[] lambdaPlus) {
    return -w * (lambdaPlus[0] - 2 * lambdaPlus[1]) / tau;
  }
}
