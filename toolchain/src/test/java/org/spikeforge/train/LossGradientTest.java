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
    assertGradientMatchesCentralDifferences(loss, t, label, 1e-5);
  }

  @Test
  void fireTermMatchesHandValues() {
    // t = (1, 2), label 1, tau0 = 1, tau1 = 2, gamma = 0; fire term lambda = 3, deadline d = 1.8, kappa = 0.1.
    // z = (2 - 1.8)/0.1 = 2: term 3 * 0.1 * ln(1 + e^2), gradient on t_1 adds 3 * sigma(2) = 3 / (1 + e^-2).
    TtfsCrossEntropy plain = new TtfsCrossEntropy(1, 2, 0);
    TtfsCrossEntropy fire = new TtfsCrossEntropy(1, 2, 0, 3, 1.8, 0.1);
    double[] g0 = new double[2];
    double[] g = new double[2];
    double l0 = plain.lossAndGradient(new double[] {1, 2}, 1, g0);
    double l = fire.lossAndGradient(new double[] {1, 2}, 1, g);
    assertEquals(Math.log(1 + Math.exp(1)), l0, 1e-15); // -log(e^-2 / (e^-1 + e^-2))
    assertEquals(0.3 * Math.log(1 + Math.exp(2)), l - l0, 1e-14);
    assertEquals(g0[0], g[0], 0.0);
    assertEquals(3 / (1 + Math.exp(-2)), g[1] - g0[1], 1e-14);
    // Exactly at the deadline: lambda kappa ln 2 and slope lambda / 2.
    l = fire.lossAndGradient(new double[] {1, 1.8}, 1, g);
    l0 = plain.lossAndGradient(new double[] {1, 1.8}, 1, g0);
    assertEquals(0.3 * Math.log(2), l - l0, 1e-14);
    assertEquals(1.5, g[1] - g0[1], 1e-14);
    // Far before the deadline the term vanishes (kappa e^z), far after it is the hinge lambda (t - d).
    l = fire.lossAndGradient(new double[] {1, 0.2}, 1, g);
    l0 = plain.lossAndGradient(new double[] {1, 0.2}, 1, g0);
    assertEquals(0.3 * Math.exp(-16), l - l0, 1e-12);
    l = fire.lossAndGradient(new double[] {1, 60}, 1, g);
    l0 = plain.lossAndGradient(new double[] {1, 60}, 1, g0);
    assertEquals(3 * (60 - 1.8), l - l0, 1e-9);
    assertEquals(3, g[1] - g0[1], 1e-12);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
  void fireTermGradientMatchesCentralDifferences(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 2 + r.nextInt(5);
    double[] t = new double[n];
    for (int k = 0; k < n; k++) {
      t[k] = 0.1 + 3 * r.nextDouble();
    }
    int label = r.nextInt(n);
    double deadline = 2 - 0.5 * r.nextDouble();
    double softness = 0.02 + 0.2 * r.nextDouble();
    t[label] = deadline + softness * (4 * r.nextDouble() - 2); // inside the bend, where the term is curved
    TtfsCrossEntropy loss = new TtfsCrossEntropy(0.5 + r.nextDouble(), 2, 0.01 + 0.1 * r.nextDouble(),
        0.1 + 2 * r.nextDouble(), deadline, softness);
    assertGradientMatchesCentralDifferences(loss, t, label, 1e-6);
  }

  @Test
  void gapTermMatchesHandValues() {
    // t = (1, 1.05, 3), label 0, gap g = 0.1, kappa = 0.05, mu = 2: z_1 = (1 + 0.1 - 1.05)/0.05 = 1,
    // z_2 = (1.1 - 3)/0.05 = -38. Term 2 * 0.05 * (ln(1 + e) + ln(1 + e^-38)); gradient: t_1 gets -2 sigma(1),
    // t_2 gets -2 sigma(-38), the label the opposite sum.
    TtfsCrossEntropy plain = new TtfsCrossEntropy(1, 2, 0.01);
    TtfsCrossEntropy gap = new TtfsCrossEntropy(1, 2, 0.01, 0, 0, 0.05, 2, 0.1);
    double[] t = {1, 1.05, 3};
    double[] g0 = new double[3];
    double[] g = new double[3];
    double l0 = plain.lossAndGradient(t, 0, g0);
    double l = gap.lossAndGradient(t, 0, g);
    assertEquals(0.1 * (Math.log(1 + Math.E) + Math.log1p(Math.exp(-38))), l - l0, 1e-14);
    double s1 = 2 / (1 + Math.exp(-1));
    double s2 = 2 / (1 + Math.exp(38));
    assertEquals(-s1, g[1] - g0[1], 1e-14);
    assertEquals(-s2, g[2] - g0[2], 1e-15); // s2 ~ 6e-17 is below the rounding of g0[2]
    assertEquals(s1 + s2, g[0] - g0[0], 1e-14);
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
  void fireAndGapTermsTogetherMatchCentralDifferences(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 2 + r.nextInt(5);
    int label = r.nextInt(n);
    double softness = 0.02 + 0.2 * r.nextDouble();
    double gap = 0.3 * r.nextDouble();
    double deadline = 2 - 0.5 * r.nextDouble();
    double[] t = new double[n];
    t[label] = deadline + softness * (4 * r.nextDouble() - 2);
    for (int k = 0; k < n; k++) {
      if (k != label) { // near the gap edge, where the hinge bends
        t[k] = t[label] + gap + softness * (4 * r.nextDouble() - 2);
      }
    }
    TtfsCrossEntropy loss = new TtfsCrossEntropy(0.5 + r.nextDouble(), 2, 0.01 + 0.1 * r.nextDouble(),
        0.1 + 2 * r.nextDouble(), deadline, softness, 0.1 + 2 * r.nextDouble(), gap);
    assertGradientMatchesCentralDifferences(loss, t, label, 1e-6);
  }

  @Test
  void fireTermRejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new TtfsCrossEntropy(1, 2, 0, 0, 1.8, 0.1, -1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new TtfsCrossEntropy(1, 2, 0, -1, 1.8, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new TtfsCrossEntropy(1, 2, 0, 1, 1.8, 0));
    assertThrows(IllegalArgumentException.class, () -> new TtfsCrossEntropy(1, 2, 0, 1, Double.NaN, 0.1));
  }

  @Test
  void ttfsCrossEntropyIsStableForLargeTimes() {
    double[] g = new double[3];
    double l = new TtfsCrossEntropy(1, 1000, 0.01).lossAndGradient(new double[] {900, 950, 1000}, 0, g);
    // -log softmax: log(1 + e^-50 + e^-100) ~ 2e-22; regulariser 0.01 (e^0.9 - 1).
    assertEquals(0.01 * (Math.exp(0.9) - 1), l, 1e-12);
  }

  @Test
  void regulariserContinuesLinearlyPastItsCapInsteadOfOverflowing() {
    // tau1 = 2, gamma = 0.5: a label pseudospike at t = 2000 (u = 1000) overflowed exp(u) to an infinite loss
    TtfsCrossEntropy loss = new TtfsCrossEntropy(1, 2, 0.5);
    assertEquals(5.0, TtfsCrossEntropy.REGULARISER_CAP);
    double[] g = new double[2];
    double l = loss.lossAndGradient(new double[] {2000, 1}, 0, g);
    double e5 = Math.exp(5);
    // by hand: -log softmax = t0 - t1 + log(1 + e^(t1 - t0)) ~ 1999; regulariser e^5 (1 + (1000 - 5)) - 1
    assertEquals(1999 + 0.5 * (e5 * 996 - 1), l, 1e-12 * l);
    assertEquals(1 + 0.5 / 2 * e5, g[0], 1e-12 * g[0]);
    assertEquals(-1, g[1], 1e-12);
    // below the cap the plain exponential, bit for bit (u = 4.5, t = 9)
    double[] gb = new double[2];
    double lb = loss.lossAndGradient(new double[] {9, 1}, 0, gb);
    double ce = 9 - 1 + Math.log1p(Math.exp(1 - 9));
    assertEquals(ce + 0.5 * (Math.exp(4.5) - 1), lb, 1e-12 * lb);
    assertEquals(1 - Math.exp(-8) / (1 + Math.exp(-8)) + 0.5 / 2 * Math.exp(4.5), gb[0], 1e-12 * gb[0]);
    // continuous value and slope at the cap (u = 5, t = 10): one-sided values agree with exp
    double[] g2 = new double[2];
    double below = loss.lossAndGradient(new double[] {10 - 1e-9, 1}, 0, g2);
    double above = loss.lossAndGradient(new double[] {10 + 1e-9, 1}, 0, g);
    assertEquals(below, above, 1e-8 * below);
    assertEquals(g2[0], g[0], 1e-8 * g[0]);
    // central differences on both sides of the cap and far beyond it
    for (double t : new double[] {9.5, 10.5, 12, 400}) {
      double h = 1e-4;
      double fd = (loss.lossAndGradient(new double[] {t + h, 1}, 0, new double[2])
          - loss.lossAndGradient(new double[] {t - h, 1}, 0, new double[2])) / (2 * h);
      loss.lossAndGradient(new double[] {t, 1}, 0, g);
      assertEquals(fd, g[0], 1e-7 * Math.abs(fd), "t = " + t);
    }
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

  /** Every component of the analytic gradient against a central difference of step {@code h}. */
  private static void assertGradientMatchesCentralDifferences(TtfsCrossEntropy loss, double[] t, int label, double h) {
    int n = t.length;
    double[] g = new double[n];
    loss.lossAndGradient(t, label, g);
    double[] scratch = new double[n];
    for (int k = 0; k < n; k++) {
      double[] tp = t.clone();
      double[] tm = t.clone();
      tp[k] += h;
      tm[k] -= h;
      double fd = (loss.lossAndGradient(tp, label, scratch) - loss.lossAndGradient(tm, label, scratch)) / (2 * h);
      assertEquals(fd, g[k], 1e-7 * Math.max(1, Math.abs(fd)), "component " + k);
    }
  }
}
