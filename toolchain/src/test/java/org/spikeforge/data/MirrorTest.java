package org.spikeforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MirrorTest {
  /** Forty 2x3 images whose six pixels all differ: image i, pixel j holds (7 i + 40 j + 1) mod 256. */
  private static final ImageSet RAMPS = ramps(40);
  /** Linear code on [0, 1], no bias: pixel value v spikes at 1 - v/255 (silent at 0). */
  private static final LatencyEncoder LINEAR = LatencyEncoder.linear(0, 1, LatencyEncoder.NO_BIAS);

  private static ImageSet ramps(int n) {
    byte[] px = new byte[n * 6];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        px[i * 6 + j] = (byte) ((i * 7 + j * 40 + 1) % 256);
      }
      labels[i] = i % 10;
    }
    return new ImageSet(px, labels, 2, 3, 10);
  }

  @Test
  void theViewSwapsColumnsWithinEachRow() {
    MirroredImages m = new MirroredImages(RAMPS);
    // a 2x3 image: row 0 = pixels 0 1 2, row 1 = pixels 3 4 5; mirrored: 2 1 0 / 5 4 3
    int[] source = {2, 1, 0, 5, 4, 3};
    for (int i = 0; i < RAMPS.size(); i++) {
      for (int j = 0; j < 6; j++) {
        assertEquals(RAMPS.value(i, source[j]), m.value(i, j), 0.0, "image " + i + " pixel " + j);
      }
      assertEquals(RAMPS.label(i), m.label(i));
    }
    MirroredImages twice = new MirroredImages(m, 3);
    for (int j = 0; j < 6; j++) {
      assertEquals(RAMPS.value(7, j), twice.value(7, j), 0.0, "mirroring twice is the identity");
    }
  }

  @Test
  void mirrorsWithTheGivenProbabilityAsAPureFunctionOfSeedEpochAndSample() {
    SpikeDataset d = new SpikeDataset("ramps", RAMPS, LINEAR, 0, 0, 0.5);
    SpikeDataset plain = new SpikeDataset("ramps", RAMPS, LINEAR);
    SpikeDataset mirroredAlways = new SpikeDataset("ramps", new MirroredImages(RAMPS), LINEAR);
    double[] out = new double[6];
    double[] again = new double[6];
    double[] straight = new double[6];
    double[] mirrored = new double[6];
    int flips = 0;
    int draws = 0;
    for (int epoch = 0; epoch < 50; epoch++) {
      for (int i = 0; i < RAMPS.size(); i++) {
        d.augmentedInputTimes(i, 3, epoch, out);
        d.augmentedInputTimes(i, 3, epoch, again);
        assertArrayEquals(out, again, "same (seed, epoch, sample), same draw");
        plain.inputTimes(i, straight);
        mirroredAlways.inputTimes(i, mirrored);
        boolean isStraight = java.util.Arrays.equals(out, straight);
        boolean isMirrored = java.util.Arrays.equals(out, mirrored);
        assertTrue(isStraight ^ isMirrored, "each sample is either the image or its mirror, exactly");
        flips += isMirrored ? 1 : 0;
        draws++;
      }
    }
    // 2000 Bernoulli(0.5) draws: standard deviation 22.4; 5 standard deviations is 112
    assertEquals(0.5 * draws, flips, 112);
    d.inputTimes(5, out);
    plain.inputTimes(5, straight);
    assertArrayEquals(straight, out, "validation and test inputs are never mirrored");
  }

  @Test
  void mirroringUsesItsOwnStreamSoTheValueFlipsStayTheSame() {
    LatencyEncoder flipping = new LatencyEncoder(LatencyEncoder.Kind.LINEAR, 0, 1, 0, LatencyEncoder.NO_BIAS, 0, 0.3);
    SpikeDataset always = new SpikeDataset("ramps", RAMPS, flipping, 0, 0, 1);
    SpikeDataset mirroredSet = new SpikeDataset("ramps", new MirroredImages(RAMPS), flipping);
    double[] b = new double[6];
    for (int i = 0; i < RAMPS.size(); i++) {
      mirroredSet.augmentedInputTimes(i, 9, 2, b);
      double[] expected = b.clone();
      always.augmentedInputTimes(i, 9, 2, b);
      // the flip of channel j is drawn as before; it now acts on the mirrored image's pixel j
      assertArrayEquals(expected, b, "sample " + i);
    }
  }

  @Test
  void badProbabilitiesAndNonImagesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SpikeDataset("ramps", RAMPS, LINEAR, 0, 0, 1.5));
    assertTrue(e.getMessage().contains("mirror 1.5"), e.getMessage());
    FeatureTable notImages = new MirroredImages(RAMPS);
    assertThrows(IllegalArgumentException.class, () -> new SpikeDataset("view", notImages, LINEAR, 0, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new MirroredImages(RAMPS, 4));
  }
}
