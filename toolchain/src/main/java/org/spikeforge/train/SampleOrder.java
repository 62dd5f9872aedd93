package org.spikeforge.train;

import java.util.SplittableRandom;

/**
 * The order in which a run visits its samples: the one seeded Fisher-Yates shuffle of the project. The float
 * {@link Trainer}, the hardware-in-the-loop trainer ({@link org.spikeforge.hil.HilTrainer}) and the dataset split
 * ({@link LoadedData}) all draw from here, so that an epoch's order is the same pure function of (seed, epoch)
 * wherever it is used, and a resumed run repeats the interrupted epoch exactly.
 */
public final class SampleOrder {
  /** Mixes the run seed with the epoch so that neighbouring seeds do not give shifted epoch sequences. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private SampleOrder() {}

  /** 0, 1, ..., n-1: the order of an un-shuffled pass (evaluation, probes). */
  public static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /** The permutation of 0..n-1 for epoch {@code epoch} of a run with seed {@code seed}: a pure function of both. */
  public static int[] epoch(int n, long seed, int epoch) {
    return permutation(n, seed * GOLDEN + epoch);
  }

  /** The permutation of 0..n-1 drawn by a Fisher-Yates shuffle from a {@link SplittableRandom} seeded with seed. */
  public static int[] permutation(int n, long seed) {
    int[] p = identity(n);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
