package org.spikeforge.train;

/** Global-norm gradient clipping: rescales the whole gradient so its L2 norm is at most {@code maxNorm}. */
public final class GradientClipping {
  private GradientClipping() {}

  /** Clips in place and returns the norm before clipping; {@code maxNorm <= 0} or infinite disables clipping. */
  public static double clipGlobalNorm(double[] grad, double maxNorm) {
    double sq = 0;
    for (double g : grad) {
      sq += g * g;
    }
    double norm = Math.sqrt(sq);
    if (maxNorm > 0 && Double.isFinite(maxNorm) && norm > maxNorm) {
      double scale = maxNorm / norm;
      for (int i = 0; i < grad.length; i++) {
        grad[i] *= scale;
      }
    }
    return norm;
  }
}
