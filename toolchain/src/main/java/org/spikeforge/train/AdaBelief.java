package org.spikeforge.train;

/**
 * AdaBelief (Zhuang et al. 2020), the optimizer of the paper's MNIST recipe: like Adam but the second moment tracks
 * the "belief" {@code (g - m)²}: {@code m = β1 m + (1-β1) g}, {@code s = β2 s + (1-β2)(g - m)² + ε_root},
 * {@code p -= lr m̂ / (sqrt(ŝ) + ε)} with bias corrections {@code m̂ = m/(1-β1^t)}, {@code ŝ = s/(1-β2^t)}.
 * Defaults follow optax (ε = ε_root = 1e-16), which the reference code used.
 */
public final class AdaBelief extends MomentOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double epsRoot;

  public AdaBelief(int n, double beta1, double beta2, double eps, double epsRoot) {
    super(n);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.epsRoot = epsRoot;
  }

  /** β1 = 0.9, β2 = 0.999, ε = ε_root = 1e-16. */
  public static AdaBelief standard(int n) {
    return new AdaBelief(n, 0.9, 0.999, 1e-16, 1e-16);
  }

  @Override
  public void step(double[] params, double[] grad, double lr) {
    advance();
    double c1 = biasCorrection(beta1);
    double c2 = biasCorrection(beta2);
    double[] m = first;
    double[] s = second;
    for (int i = 0; i < params.length; i++) {
      double g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      double d = g - m[i];
      s[i] = beta2 * s[i] + (1 - beta2) * d * d + epsRoot;
      params[i] -= lr * (m[i] / c1) / (Math.sqrt(s[i] / c2) + eps);
    }
  }

  @Override
  public String name() {
    return "adabelief";
  }
}
