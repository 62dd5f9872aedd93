package org.spikeforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputDropoutTest {
  /** Fifty 20x20 images, every pixel 200/255, labels 0..9: every pixel spikes without dropout. */
  private static final ImageSet BRIGHT = brightImages(50, 20);
  /** Linear code on [0, 1] plus a bias spike at 0.15: pixel 200 spikes at 1 - 200/255, the bias at 0.15. */
  private static final LatencyEncoder WITH_BIAS = LatencyEncoder.linear(0, 1, 0.15);

  private static ImageSet brightImages(int n, int side) {
    byte[] px = new byte[n * side * side];
    Arrays.fill(px, (byte) 200);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    return new ImageSet(px, labels, side, side, 10);
  }

  @Test
  void removesEachPixelSpikeWithTheGivenProbabilityAndNothingElse() {
    SpikeDataset d = new SpikeDataset("bright", BRIGHT, WITH_BIAS, 0, 0.25);
    double pixelTime = 1 - 200 / 255.0;
    int w = BRIGHT.width();
    double[] out = new double[w + 1];
    long dropped = 0;
    long draws = 0;
    for (int epoch = 0; epoch < 4; epoch++) {
      for (int i = 0; i < BRIGHT.size(); i++) {
        d.augmentedInputTimes(i, 11, epoch, out);
        for (int j = 0; j < w; j++) {
          if (out[j] == Double.POSITIVE_INFINITY) {
            dropped++;
          } else {
            assertEquals(pixelTime, out[j], 1e-15, "a kept pixel keeps its time");
          }
        }
        assertEquals(0.15, out[w], 0, "the bias spike is never removed");
        draws += w;
      }
    }
    // 80,000 Bernoulli(0.25) draws: mean 20,000, standard deviation 122.5; 5 standard deviations is 612.
    assertEquals(0.25 * draws, dropped, 612);
  }

  @Test
  void dropoutIsAPureFunctionOfSeedEpochAndSampleAndNeverTouchesUnaugmentedInputs() {
    SpikeDataset d = new SpikeDataset("bright", BRIGHT, WITH_BIAS, 0, 0.3);
    int n = BRIGHT.width() + 1;
    double[] a = new double[n];
    double[] b = new double[n];
    d.augmentedInputTimes(7, 3, 2, a);
    d.augmentedInputTimes(8, 3, 2, b); // another sample in between must not matter
    d.augmentedInputTimes(7, 3, 2, b);
    assertArrayEquals(a, b, 0);
    d.augmentedInputTimes(7, 3, 5, b);
    assertFalse(Arrays.equals(a, b), "another epoch draws another mask");
    double[] plain = new double[n];
    d.inputTimes(7, plain);
    double[] want = new double[n];
    WITH_BIAS.encode(BRIGHT, 7, null, want);
    assertArrayEquals(want, plain, 0);
  }

  @Test
  void zeroDropoutLeavesTheFlipStreamAsBefore() {
    LatencyEncoder flips = new LatencyEncoder(LatencyEncoder.Kind.LINEAR, 0, 1, 0, LatencyEncoder.NO_BIAS, 0, 0.3);
    double[] got = new double[BRIGHT.width()];
    new SpikeDataset("bright", BRIGHT, flips, 0, 0).augmentedInputTimes(4, 5, 3, got);
    double[] want = new double[BRIGHT.width()];
    flips.encode(BRIGHT, 4, new SplittableRandom(SpikeDataset.augmentationKey(5, 3, 4)), want);
    assertArrayEquals(want, got, 0);
    // with dropout the flips are the same draws; dropout only removes spikes on top of them
    double[] thinned = new double[BRIGHT.width()];
    new SpikeDataset("bright", BRIGHT, flips, 0, 0.5).augmentedInputTimes(4, 5, 3, thinned);
    int kept = 0;
    for (int j = 0; j < thinned.length; j++) {
      if (thinned[j] != Double.POSITIVE_INFINITY) {
        assertEquals(want[j], thinned[j], 0);
        kept++;
      }
    }
    assertTrue(kept > 0 && kept < thinned.length, "kept " + kept);
  }

  @Test
  void rejectsProbabilitiesOutsideZeroToOne() {
    for (double p : new double[] {-0.1, 1, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new SpikeDataset("bright", BRIGHT, WITH_BIAS, 0, p));
      assertEquals("bright: input dropout " + p + " must be in [0, 1)", e.getMessage());
    }
  }
}
