package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LossGradientTest {
  @Test
  void ttfsCrossEntropyMatchesHandValueForTwoOutputs() {
    // t = (1, 2), label 0, tau0 = 1, tau1 = 2, gamma = 0.01:
    // -log(e^-1 / (e^-1 + e^-2)) = log(1 + e^-1); regulariser 0.01 (e^0.5 - 1).
    TtfsCrossEntropy loss = new TtfsCrossEntropy(1, 2, 0.01);
    double[] g = new double[2];
    double l = loss.lossAndGradient(new double[] {1, 2}, 0, g);
    assertEquals(Math.log(1 + Math.exp(-1)) + 0.01 * (Math.exp(0.5) - 1), l, 1e-15);
    double p0 = 1 / (1 + Math.exp(-1));
    assertEquals((1 - p0) + 0.01 / 2 * Math.exp(0.5), g[0], 1e-15);
    assertEquals(-(1 - p0), g[1], 1e-15);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void ttfsCrossEntropyGradientMatchesCentralDifferences(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 2 + r.nextInt(9);
    double[] t = new double[n];
    for (int k = 0; k < n; k++) {
      t[k] = 0.1 + 4 * r.nextDouble();
    }
    int label = r.nextInt(n);
    TtfsCrossEntropy loss = new TtfsCrossEntropy(0.5 + r.nextDouble(), 1 + r.nextDouble(), 0.01 + r.nextDouble());
    double[] g = new double[n];
    loss.lossAndGradient(t, label, g);
    double[] scratch = new double[n];
    double h = 1e-5;
    for (int k = 0; k < n; k++) {
      double[] tp = t.clone();
      double[] tm = t.clone();
      tp[k] += h;
      tm[k] -= h;
      double fd = (loss.lossAndGradient(tp, label, scratch) - loss.lossAndGradient(tm, label, scratch)) / (2 * h);
      assertEquals(fd, g[k], 1e-7 * Math.max(1, Math.abs(fd)), "component " + k);
    }
  }

  @Test
  void ttfsCrossEntropyIsStableForLargeTimes() {
    double[] g = new double[3];
    double l = new TtfsCrossEntropy(1, 1000, 0.01).lossAndGradient(new double[] {900, 950, 1000}, 0, g);
    // -log softmax: log(1 + e^-50 + e^-100) ~ 2e-22; regulariser 0.01 (e^0.9 - 1).
    assertEquals(0.01 * (Math.exp(0.9) - 1), l, 1e-12);
  }

  @Test
  void predictionIsEarliestOutput() {
    assertEquals(2, new TtfsCrossEntropy(1, 1, 0).predict(new double[] {3, 2.5, 1, 4}));
    assertEquals(0, new TtfsCrossEntropy(1, 1, 0).predict(new double[] {1, 1, 2}));
  }

  @Test
  void mseMatchesHandValueAndFiniteDifferences() {
    double[] t = {2.4, 7.9};
    double[] target = {2.5, 7.5};
    double[] g = new double[2];
    double l = SpikeTimeMse.lossAndGradient(t, target, g);
    assertEquals((0.01 + 0.16) / 2, l, 1e-15);
    assertEquals(2 * -0.1 / 2, g[0], 1e-15);
    assertEquals(2 * 0.4 / 2, g[1], 1e-15);
    double h = 1e-6;
    double[] s = new double[2];
    for (int k = 0; k < 2; k++) {
      double[] tp = t.clone();
      double[] tm = t.clone();
      tp[k] += h;
      tm[k] -= h;
      double fd = (SpikeTimeMse.lossAndGradient(tp, target, s) - SpikeTimeMse.lossAndGradient(tm, target, s))
          / (2 * h);
      assertEquals(fd, g[k], 1e-8);
    }
  }

  @Test
  void nthSpikeFallsBackToPseudospikes() {
    double[] spikes = {1.0, 3.0};
    double[] pseudo = {11.0, 13.5, 16.0};
    assertEquals(1.0, SpikeTimeMse.nthSpike(spikes, pseudo, 1));
    assertEquals(3.0, SpikeTimeMse.nthSpike(spikes, pseudo, 2));
    assertEquals(11.0, SpikeTimeMse.nthSpike(spikes, pseudo, 3));
    assertEquals(16.0, SpikeTimeMse.nthSpike(spikes, pseudo, 5));
    assertEquals(11.0, SpikeTimeMse.nthSpike(new double[0], pseudo, 1));
    assertThrows(IllegalArgumentException.class, () -> SpikeTimeMse.nthSpike(spikes, pseudo, 6));
    assertThrows(IllegalArgumentException.class, () -> SpikeTimeMse.nthSpike(spikes, pseudo, 0));
  }
}
