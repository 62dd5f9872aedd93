package org.spikeforge.train;

/**
 * Adam (Kingma and Ba) with bias correction: {@code m = β1 m + (1-β1) g}, {@code v = β2 v + (1-β2) g²},
 * {@code p -= lr m̂ / (sqrt(v̂) + ε)} with {@code m̂ = m/(1-β1^t)}, {@code v̂ = v/(1-β2^t)}.
 */
public final class Adam implements Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final MomentState moments;

  public Adam(int n, double beta1, double beta2, double eps) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.moments = new MomentState(n);
  }

  /** Standard hyper-parameters β1 = 0.9, β2 = 0.999, ε = 1e-8. */
  public static Adam standard(int n) {
    return new Adam(n, 0.9, 0.999, 1e-8);
  }

  @Override
  public void step(double[] params, double[] grad, double lr) {
    moments.advance();
    double c1 = moments.biasCorrection(beta1);
    double c2 = moments.biasCorrection(beta2);
    double[] m = moments.first;
    double[] v = moments.second;
    for (int i = 0; i < params.length; i++) {
      double g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    }
  }

  @Override
  public long steps() {
    return moments.steps();
  }

  @Override
  public double[][] state() {
    return moments.arrays();
  }

  @Override
  public void restore(long steps, double[][] saved) {
    moments.restore(steps, saved);
  }

  @Override
  public String name() {
    return "adam";
  }
}
