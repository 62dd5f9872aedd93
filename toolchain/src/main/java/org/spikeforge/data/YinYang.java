package org.spikeforge.data;

import java.util.SplittableRandom;

/**
 * The Yin-Yang classification task of Kriener et al. (2021), generated from its published recipe: points (x, y) are
 * drawn uniformly from the square [0, 2 r_big]^2, kept only inside the big circle of radius r_big, and labelled by
 * region. Each sample first draws its goal class uniformly and then rejection-samples a point of that class, so the
 * classes stay balanced. Labels follow the recipe's numbering: 0 and 1 are the two halves (1 is the half containing
 * the right eye and the upper-left lobe), 2 is the two eyes of radius r_small.
 */
public final class YinYang {
  /** Radius of the big circle in the recipe. */
  public static final double R_BIG = 0.5;
  /** Radius of the two eyes in the recipe. */
  public static final double R_SMALL = 0.1;
  /** Number of classes. */
  public static final int NUM_CLASSES = 3;
  /** Feature count: (x, y, 1 - x, 1 - y). */
  public static final int WIDTH = 4;
  /** Seeds of the standard splits (as in the reference recipe's example: train 42, validation 41, test 40). */
  public static final long TRAIN_SEED = 42;
  public static final long VALIDATION_SEED = 41;
  public static final long TEST_SEED = 40;
  /** Seed of the extra samples drawn for a hold-out evaluation beside the standard test set. */
  public static final long HOLDOUT_SEED = 39;
  /** Seed of a larger validation set drawn in place of the standard one. */
  public static final long LARGE_VALIDATION_SEED = 38;

  private YinYang() {}

  /** The class of point (x, y), which must lie inside the big circle. */
  public static int classOf(double x, double y) {
    double dRight = Math.hypot(x - 1.5 * R_BIG, y - R_BIG);
    double dLeft = Math.hypot(x - 0.5 * R_BIG, y - R_BIG);
    if (dRight < R_SMALL || dLeft < R_SMALL) {
      return 2;
    }
    boolean inRightEyeDisk = dRight <= R_SMALL;
    boolean inLeftLobe = dLeft > R_SMALL && dLeft <= 0.5 * R_BIG;
    boolean upperOutsideRightLobe = y > R_BIG && dRight > 0.5 * R_BIG;
    return (inRightEyeDisk || inLeftLobe || upperOutsideRightLobe) ? 1 : 0;
  }

  /** {@code n} samples with features (x, y, 1 - x, 1 - y), reproducible from {@code seed}. */
  public static DenseFeatures generate(int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("yinyang: sample count " + n + " < 0");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] values = new double[n * WIDTH];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int goal = rng.nextInt(NUM_CLASSES);
      double x;
      double y;
      do {
        x = rng.nextDouble() * 2 * R_BIG;
        y = rng.nextDouble() * 2 * R_BIG;
      } while (Math.hypot(x - R_BIG, y - R_BIG) > R_BIG || classOf(x, y) != goal);
      values[i * WIDTH] = x;
      values[i * WIDTH + 1] = y;
      values[i * WIDTH + 2] = 1 - x;
      values[i * WIDTH + 3] = 1 - y;
      labels[i] = goal;
    }
    return new DenseFeatures(values, labels, WIDTH, NUM_CLASSES);
  }

  /** The standard 5000 / 1000 / 1000 splits with the fixed seeds. */
  public static Splits<DenseFeatures> standardSplits() {
    return new Splits<>(generate(5000, TRAIN_SEED), generate(1000, VALIDATION_SEED), generate(1000, TEST_SEED));
  }
}
