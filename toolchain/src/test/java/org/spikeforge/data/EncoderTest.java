package org.spikeforge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.InputEncoding;

class EncoderTest {
  private static final DenseFeatures ONE = new DenseFeatures(new double[] {0, 0.25, 1, 0.5}, new int[] {1}, 4, 3);

  @Test
  void linearLatencyWithBias() {
    LatencyEncoder e = LatencyEncoder.yinYangDefault();
    double[] out = new double[5];
    e.encode(ONE, 0, null, out);
    // t = 2 - x * 1.85
    assertArrayEquals(new double[] {2.0, 2 - 0.4625, 0.15, 2 - 0.925, 0.15}, out, 1e-15);
    assertEquals(5, e.numChannels(4));
    assertEquals(InputEncoding.Kind.LATENCY_LINEAR, e.toProto("yinyang").getKind());
  }

  @Test
  void logLatencyMapsOneToTMinAndXMinToTMaxAndSilencesBelow() {
    LatencyEncoder e = new LatencyEncoder(LatencyEncoder.Kind.LOG, 0, 2, 0.01, LatencyEncoder.NO_BIAS);
    assertEquals(0, e.time(1), 0);
    assertEquals(2, e.time(0.01), 1e-15);
    assertEquals(1, e.time(0.1), 1e-15); // ln 0.1 / ln 0.01 = 1/2
    assertEquals(Double.POSITIVE_INFINITY, e.time(0.005));
    assertEquals(4, e.numChannels(4));
  }

  @Test
  void timeLevelsRoundSpikeTimesToAnEvenGridInsideTheWindow() {
    // Log code on [0, 2] with 5 levels: grid {0, 0.5, 1, 1.5, 2}.
    LatencyEncoder log = new LatencyEncoder(LatencyEncoder.Kind.LOG, 0, 2, 0.01, LatencyEncoder.NO_BIAS, 5, 0);
    assertEquals(1.0, log.time(0.1), 0); // continuous 1.0 exactly
    assertEquals(0.5, log.time(0.3), 0); // continuous 2 ln 0.3 / ln 0.01 = 0.5229
    assertEquals(1.5, log.time(0.02), 0); // continuous 1.6990 -> 1.5
    assertEquals(2.0, log.time(0.012), 0); // continuous 1.9210 -> 2
    assertEquals(0.0, log.time(1), 0);
    assertEquals(Double.POSITIVE_INFINITY, log.time(0.005));
    // Linear code on [0.15, 2] with 3 levels: grid {0.15, 1.075, 2}; x = 0.6 -> 0.89 -> 1.075.
    LatencyEncoder lin = new LatencyEncoder(LatencyEncoder.Kind.LINEAR, 0.15, 2, 0, 0.15, 3, 0);
    assertEquals(1.075, lin.time(0.6), 1e-15);
    assertEquals(0.15, lin.time(0.8), 1e-15); // 0.52 -> 0.15 (nearer than 1.075)
    assertEquals(2.0, lin.time(0.0), 0);
    // The stored form rebuilds the same encoder, so evaluation rounds exactly as training did.
    assertEquals(lin, Encoders.fromProto(lin.toProto("d")));
    assertEquals(log, Encoders.fromProto(log.toProto("d")));
    assertEquals(0, LatencyEncoder.yinYangDefault().toProto("d").getTimeLevels());
    assertThrows(IllegalArgumentException.class,
        () -> new LatencyEncoder(LatencyEncoder.Kind.LOG, 0, 2, 0.01, LatencyEncoder.NO_BIAS, 1, 0));
  }

  @Test
  void latencyFlipsMirrorTheValueAtTheGivenRateAndOnlyWhenAugmenting() {
    int n = 100;
    int w = 64;
    double[] v = new double[n * w];
    for (int k = 0; k < v.length; k++) {
      v[k] = (k % 6) / 5.0; // 0, 0.2, ..., 1: no value is its own mirror
    }
    DenseFeatures table = new DenseFeatures(v, new int[n], w, 2);
    LatencyEncoder e = new LatencyEncoder(LatencyEncoder.Kind.LOG, 0.02, 1.0, 0.01, LatencyEncoder.NO_BIAS, 0, 0.1);
    assertTrue(e.augments());
    double[] out = new double[w];
    long flipped = 0;
    for (int i = 0; i < n; i++) {
      e.encode(table, i, new java.util.SplittableRandom(i), out);
      for (int j = 0; j < w; j++) {
        double x = v[i * w + j];
        double kept = e.time(x);
        double mirrored = e.time(1 - x);
        assertTrue(out[j] == kept || out[j] == mirrored, "sample " + i + " pixel " + j);
        if (kept != mirrored && out[j] == mirrored) {
          flipped++;
        }
      }
      e.encode(table, i, null, out);
      for (int j = 0; j < w; j++) {
        assertEquals(e.time(v[i * w + j]), out[j], 0, "no augmentation without a generator");
      }
    }
    // Every pixel value has a distinct mirror time: 6400 Binomial(0.1) draws,
    // mean 640, sd 24; 6 sd bounds.
    assertTrue(Math.abs(flipped - 640) < 144, "flipped " + flipped);
    // The stored form never carries augmentation.
    assertEquals(0, Encoders.fromProto(e.toProto("d")).augments() ? 1 : 0);
  }

  @Test
  void thresholdCodeSpikesAtTLnOneOverPointNineNine() {
    byte[] px = {(byte) 127, (byte) 128, (byte) 255, 0};
    ImageSet img = new ImageSet(px, new int[] {3}, 2, 2, 10);
    ThresholdEncoder e = ThresholdEncoder.paper(2.0);
    double t = 2 * Math.log(1 / 0.99);
    double[] out = new double[4];
    e.encode(img, 0, null, out);
    double inf = Double.POSITIVE_INFINITY;
    assertArrayEquals(new double[] {inf, t, t, inf}, out, 0);
  }

  @Test
  void pixelFlipsAreDeterministicPerEpochAndSampleAndHaveTheRightRate() {
    int n = 200;
    byte[] px = new byte[n * 784];
    ImageSet img = new ImageSet(px, new int[n], 28, 28, 10);
    SpikeDataset d = new SpikeDataset("zeros", img, ThresholdEncoder.paper(2.0));
    double[] a = new double[784];
    double[] b = new double[784];
    long flips = 0;
    for (int i = 0; i < n; i++) {
      d.augmentedInputTimes(i, 11, 3, a);
      d.augmentedInputTimes(i, 11, 3, b);
      assertArrayEquals(a, b, 0);
      for (double v : a) {
        if (Double.isFinite(v)) {
          flips++;
        }
      }
    }
    // Binomial(156800, 0.02): mean 3136, sd 55.4; 6 sd bounds.
    assertTrue(Math.abs(flips - 3136) < 333, "flips " + flips);
    d.augmentedInputTimes(0, 11, 4, b);
    d.augmentedInputTimes(0, 11, 3, a);
    assertTrue(!java.util.Arrays.equals(a, b), "another epoch flips other pixels");
    d.inputTimes(0, a);
    for (double v : a) {
      assertEquals(Double.POSITIVE_INFINITY, v);
    }
  }

  @Test
  void badParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> LatencyEncoder.linear(2, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ThresholdEncoder(0.5, 1, 1.5, Double.NaN));
  }
}
