package org.spikeforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShiftedImagesTest {
  /** Two 3x3 images; the second is the first plus 1 in every pixel. */
  private static final ImageSet TWO = new ImageSet(new byte[] {10, 20, 30, 40, 50, 60, 70, 80, 90,
      11, 21, 31, 41, 51, 61, 71, 81, 91}, new int[] {3, 7}, 3, 3, 10);

  private static double[] pixels(FeatureTable t, int i) {
    double[] v = new double[t.width()];
    for (int j = 0; j < v.length; j++) {
      v[j] = t.value(i, j) * 255;
    }
    return v;
  }

  @Test
  void rightAndUpMovesEveryPixelAndBlackensTheVacatedBorder() {
    // dx = 1 (right), dy = -1 (up): view (r, c) = source (r + 1, c - 1).
    ShiftedImages s = new ShiftedImages(TWO, 1, -1);
    assertArrayEquals(new double[] {0, 40, 50, 0, 70, 80, 0, 0, 0}, pixels(s, 0), 1e-12);
    assertArrayEquals(new double[] {0, 41, 51, 0, 71, 81, 0, 0, 0}, pixels(s, 1), 1e-12);
    assertEquals(3, s.label(0));
    assertEquals(7, s.label(1));
    assertEquals(9, s.width());
    assertEquals(2, s.size());
  }

  @Test
  void leftAndDownAndZeroShift() {
    // dx = -2, dy = 1: view (r, c) = source (r - 1, c + 2).
    assertArrayEquals(new double[] {0, 0, 0, 30, 0, 0, 60, 0, 0}, pixels(new ShiftedImages(TWO, -2, 1), 0), 1e-12);
    assertArrayEquals(pixels(TWO, 0), pixels(new ShiftedImages(TWO, 0, 0), 0), 0);
    assertArrayEquals(new double[9], pixels(new ShiftedImages(TWO, 3, 0), 0), 0); // moved out of the frame
  }

  @Test
  void randomOffsetsStayInsideTheLimitAndCoverIt() {
    Set<String> seen = new HashSet<>();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(42);
    for (int k = 0; k < 2000; k++) {
      ShiftedImages s = ShiftedImages.random(TWO, 2, rng);
      assertTrue(Math.abs(s.dx()) <= 2 && Math.abs(s.dy()) <= 2, s.toString());
      seen.add(s.dx() + "," + s.dy());
    }
    assertEquals(25, seen.size()); // all 5 x 5 offsets occur
    assertThrows(IllegalArgumentException.class, () -> ShiftedImages.random(TWO, -1, rng));
  }

  /** Linear code on [0, 1], no bias: t = 1 - x, so each time identifies its pixel value. */
  private static final LatencyEncoder LINEAR = LatencyEncoder.linear(0, 1, LatencyEncoder.NO_BIAS);

  private static double[] encode(FeatureTable t, int i) {
    double[] out = new double[9];
    LINEAR.encode(t, i, null, out);
    return out;
  }

  @Test
  void datasetShiftIsAPureFunctionOfSeedEpochAndSampleAndOneOfTheAllowedOffsets() {
    SpikeDataset d = new SpikeDataset("two", TWO, LINEAR, 1);
    Set<String> offsets = new HashSet<>();
    for (int epoch = 0; epoch < 60; epoch++) {
      for (int i = 1; i >= 0; i--) { // reverse order: the result must not depend on call order
        double[] a = new double[9];
        double[] b = new double[9];
        d.augmentedInputTimes(i, 7, epoch, a);
        d.augmentedInputTimes(i, 7, epoch, b);
        assertArrayEquals(a, b, 0);
        String match = null;
        for (int dx = -1; dx <= 1; dx++) {
          for (int dy = -1; dy <= 1; dy++) {
            if (Arrays.equals(a, encode(new ShiftedImages(TWO, dx, dy), i))) {
              match = dx + "," + dy;
            }
          }
        }
        assertTrue(match != null, "epoch " + epoch + " sample " + i + ": not a shift within 1 pixel");
        offsets.add(match);
      }
    }
    assertEquals(9, offsets.size());
    double[] plain = new double[9];
    d.inputTimes(0, plain); // un-augmented inputs (validation, test) are never moved
    assertArrayEquals(encode(TWO, 0), plain, 0);
  }

  @Test
  void zeroShiftLeavesFlipAugmentationAsBefore() {
    LatencyEncoder flips = new LatencyEncoder(LatencyEncoder.Kind.LINEAR, 0, 1, 0, LatencyEncoder.NO_BIAS, 0, 0.3);
    SpikeDataset d = new SpikeDataset("two", TWO, flips, 0);
    double[] got = new double[9];
    d.augmentedInputTimes(1, 5, 3, got);
    double[] want = new double[9];
    flips.encode(TWO, 1, new java.util.SplittableRandom(SpikeDataset.augmentationKey(5, 3, 1)), want);
    assertArrayEquals(want, got, 0);
    assertThrows(IllegalArgumentException.class,
        () -> new SpikeDataset("table", new DenseFeatures(new double[4], new int[] {0}, 4, 2), LINEAR, 1));
  }
}
