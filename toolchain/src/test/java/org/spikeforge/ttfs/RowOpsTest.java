package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RowOps must give bit for bit what the plain one-row-at-a-time loops give (the loops it replaced, written out here
 * again), for every member count around the unrolling width, odd row lengths, offsets, repeated sources and zero
 * rates: training results may not change when the engine gets faster.
 */
class RowOpsTest {
  private static final int TRIALS = 400;

  @Test
  void sumRowsMatchesTheSequentialLoopBitForBit() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int t = 0; t < TRIALS; t++) {
      int n = 1 + rng.nextInt(19);
      int sources = 1 + rng.nextInt(12);
      int wOff = rng.nextInt(5);
      double[] p = randomWithOddValues(rng, wOff + sources * n + 3);
      int count = rng.nextInt(11);
      int[] source = new int[count + 2];
      for (int m = 0; m < source.length; m++) {
        source[m] = rng.nextInt(sources);
      }
      int start = rng.nextInt(2);
      int end = Math.min(source.length, start + count);
      double[] expected = new double[n + 2];
      double[] actual = new double[n + 2];
      expected[n] = actual[n] = 7.0; // past n: untouched
      for (int m = start; m < end; m++) {
        for (int i = 0; i < n; i++) {
          expected[i] += p[wOff + source[m] * n + i];
        }
      }
      java.util.Arrays.fill(actual, 0, n, Double.NaN); // overwritten, not added to
      RowOps.sumRows(p, wOff, n, source, start, end, actual);
      assertBitEqual(expected, actual, "sumRows trial " + t);
    }
  }

  @Test
  void addToRowsAddsOnceToEveryMemberRow() {
    SplittableRandom rng = new SplittableRandom(12);
    for (int t = 0; t < TRIALS; t++) {
      int n = 1 + rng.nextInt(19);
      int sources = 1 + rng.nextInt(12);
      int wOff = rng.nextInt(5);
      double[] expected = randomWithOddValues(rng, wOff + sources * n + 3);
      double[] actual = expected.clone();
      double[] d = randomWithOddValues(rng, n);
      int count = rng.nextInt(9);
      int[] source = new int[count];
      for (int m = 0; m < count; m++) {
        source[m] = rng.nextInt(sources);
      }
      for (int m = 0; m < count; m++) {
        for (int i = 0; i < n; i++) {
          expected[wOff + source[m] * n + i] += d[i];
        }
      }
      RowOps.addToRows(actual, wOff, n, source, 0, count, d);
      assertBitEqual(expected, actual, "addToRows trial " + t);
    }
  }

  @Test
  void addWeightedAndDotAndOuterMatchTheSequentialLoops() {
    SplittableRandom rng = new SplittableRandom(13);
    for (int t = 0; t < TRIALS; t++) {
      int n = 1 + rng.nextInt(19);
      int rows = rng.nextInt(14);
      int wOff = rng.nextInt(5);
      double[] p = randomWithOddValues(rng, wOff + rows * n + 2);
      double[] r = randomWithOddValues(rng, rows);
      for (int j = 0; j < rows; j++) {
        if (rng.nextInt(3) == 0) {
          r[j] = rng.nextBoolean() ? 0.0 : -0.0;
        }
      }
      double[] x0 = randomWithOddValues(rng, n);
      if (rng.nextBoolean()) {
        java.util.Arrays.fill(x0, 0.0);
      }
      double[] expected = x0.clone();
      double[] actual = x0.clone();
      for (int j = 0; j < rows; j++) {
        for (int i = 0; i < n; i++) {
          expected[i] += p[wOff + j * n + i] * r[j];
        }
      }
      RowOps.addWeighted(p, wOff, n, r, rows, actual);
      assertBitEqual(expected, actual, "addWeighted trial " + t);

      double[] dx = randomWithOddValues(rng, n);
      double[] gradE = randomWithOddValues(rng, p.length);
      double[] gradA = gradE.clone();
      double[] adjE = randomWithOddValues(rng, rows);
      double[] adjA = adjE.clone();
      boolean scaled = rng.nextBoolean();
      double scale = scaled ? 1 / 6.0 : 1.0;
      for (int j = 0; j < rows; j++) {
        double dr = 0.0;
        for (int i = 0; i < n; i++) {
          dr += p[wOff + j * n + i] * dx[i];
          gradE[wOff + j * n + i] += r[j] * dx[i];
        }
        adjE[j] += scaled ? dr * scale : dr;
      }
      RowOps.dotAndOuter(p, gradA, wOff, n, r, rows, dx, adjA, scale, scaled);
      assertBitEqual(gradE, gradA, "dotAndOuter grad trial " + t);
      assertBitEqual(adjE, adjA, "dotAndOuter adjoint trial " + t);
    }
  }

  /** Values spread over many binades, so that any change of summation order changes the rounding. */
  private static double[] randomWithOddValues(SplittableRandom rng, int len) {
    double[] a = new double[len];
    for (int q = 0; q < len; q++) {
      a[q] = (rng.nextDouble() - 0.5) * Math.pow(2, rng.nextInt(-20, 20));
    }
    return a;
  }

  private static void assertBitEqual(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    long[] e = new long[expected.length];
    long[] a = new long[actual.length];
    for (int q = 0; q < e.length; q++) {
      e[q] = Double.doubleToRawLongBits(expected[q]);
      a[q] = Double.doubleToRawLongBits(actual[q]);
    }
    assertArrayEquals(e, a, what);
  }
}
