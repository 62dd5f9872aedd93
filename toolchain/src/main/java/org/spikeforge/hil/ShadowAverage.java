package org.spikeforge.hil;

/**
 * The running mean of the shadow parameters over the optimizer steps since {@link HilSettings#averageFrom()}
 * (stochastic weight averaging): mean_n = mean_(n-1) + (p_n - mean_(n-1)) / n, so every step weighs the same. Empty
 * until the first step is added; its values and step count go into the checkpoint.
 */
final class ShadowAverage {
  private double[] mean;
  private long steps;

  /** Continues from a checkpoint's mean (null: none yet) and step count. */
  void restore(double[] savedMean, long savedSteps) {
    mean = savedMean == null ? null : savedMean.clone();
    steps = savedSteps;
  }

  /** Adds the parameters after one optimizer step. */
  void add(double[] p) {
    if (mean == null) {
      mean = new double[p.length];
    }
    steps++;
    double f = 1.0 / steps;
    for (int q = 0; q < p.length; q++) {
      mean[q] += (p[q] - mean[q]) * f;
    }
  }

  /** Whether a step has been added. */
  boolean present() {
    return mean != null;
  }

  /** Copies the mean into {@code dst}. */
  void copyInto(double[] dst) {
    System.arraycopy(mean, 0, dst, 0, mean.length);
  }

  /** A copy of the mean (null before the first step), for the checkpoint. */
  double[] snapshot() {
    return mean == null ? null : mean.clone();
  }

  long steps() {
    return steps;
  }
}
