package org.spikeforge.train;

/**
 * Adam (Kingma and Ba) with bias correction: {@code m = β1 m + (1-β1) g}, {@code v = β2 v + (1-β2) g²},
 * {@code p -= lr m̂ / (sqrt(v̂) + ε)} with {@code m̂ = m/(1-β1^t)}, {@code v̂ = v/(1-β2^t)}.
 */
public final class Adam extends MomentOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;

  public Adam(int n, double beta1, double beta2, double eps) {
    super(n);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** Standard hyper-parameters β1 = 0.9, β2 = 0.999, ε = 1e-8. */
  public static Adam standard(int n) {
    return new Adam(n, 0.9, 0.999, 1e-8);
  }

  @Override
  public void step(double[] params, double[] grad, double lr) {
    advance();
    double c1 = biasCorrection(beta1);
    double c2 = biasCorrection(beta2);
    double[] m = first;
    double[] v = second;
    for (int i = 0; i < params.length; i++) {
      double g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    }
  }

  @Override
  public String name() {
    return "adam";
  }
}
