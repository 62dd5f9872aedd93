package org.spikeforge.train;

/**
 * Time-to-first-spike cross-entropy of Klos and Memmesheimer:
 * {@code L = -log softmax(-t/τ0)[y] + γ (exp(t_y/τ1) - 1)}. The first term rewards the label neuron for spiking
 * before the others; the second pushes the label spike early and keeps it from running off to late pseudospike
 * times. Gradient: {@code dL/dt_k = (δ_ky - p_k)/τ0 + δ_ky γ/τ1 exp(t_y/τ1)} with {@code p = softmax(-t/τ0)}.
 */
public record TtfsCrossEntropy(double tau0, double tau1, double gamma) implements ClassificationLoss {

  public TtfsCrossEntropy {
    if (!(tau0 > 0) || !(tau1 > 0) || !(gamma >= 0)) {
      throw new IllegalArgumentException("ttfs loss: need tau0 > 0, tau1 > 0, gamma >= 0; got " + tau0 + ", "
          + tau1 + ", " + gamma);
    }
  }

  /** The paper's choice: τ0 = 1, τ1 = T, γ = 0.01. */
  public static TtfsCrossEntropy paper(double trialEnd) {
    return new TtfsCrossEntropy(1, trialEnd, 0.01);
  }

  @Override
  public double lossAndGradient(double[] t, int label, double[] grad) {
    int n = t.length;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      max = Math.max(max, -t[k] / tau0);
    }
    double sum = 0;
    for (int k = 0; k < n; k++) {
      double e = Math.exp(-t[k] / tau0 - max);
      grad[k] = e;
      sum += e;
    }
    double logSumExp = max + Math.log(sum);
    double regulariser = Math.exp(t[label] / tau1);
    for (int k = 0; k < n; k++) {
      grad[k] = -grad[k] / sum / tau0;
    }
    grad[label] += 1 / tau0 + gamma / tau1 * regulariser;
    return t[label] / tau0 + logSumExp + gamma * (regulariser - 1);
  }
}
