package org.spikeforge.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikeforge.train.TtfsCrossEntropy;

/** The HIL loss: the deadline hinge by hand at its bend, and every gradient against central differences. */
class LabelDeadlineLossTest {
  private static final TtfsCrossEntropy CE = new TtfsCrossEntropy(0.3, 2.0, 0.01);

  @Test
  void hingeAtTheDeadlineAddsLambdaKappaLn2AndHalfLambda() {
    LabelDeadlineLoss l = new LabelDeadlineLoss(CE, 2.0, 1.8, 0.05);
    double[] t = {1.8, 1.0, 4.0};
    double[] g = new double[3];
    double[] g0 = new double[3];
    double base = CE.lossAndGradient(t, 0, g0);
    double loss = l.lossAndGradient(t, 0, g);
    assertEquals(base + 2.0 * 0.05 * Math.log(2), loss, 1e-12);
    assertEquals(g0[0] + 1.0, g[0], 1e-12); // λ σ(0) = 2 * 1/2
    assertEquals(g0[1], g[1], 0.0);
    assertEquals(g0[2], g[2], 0.0);
  }

  @Test
  void farBeforeTheDeadlineTheHingeVanishesAndFarAfterItHasSlopeLambda() {
    LabelDeadlineLoss l = new LabelDeadlineLoss(CE, 3.0, 1.8, 0.05);
    double[] g = new double[2];
    double[] g0 = new double[2];
    double early = l.lossAndGradient(new double[] {0.5, 1.0}, 0, g) - CE.lossAndGradient(new double[] {0.5, 1.0}, 0, g0);
    assertEquals(0.0, early, 1e-10);
    assertEquals(g0[0], g[0], 1e-10);
    double late = l.lossAndGradient(new double[] {3.8, 1.0}, 0, g) - CE.lossAndGradient(new double[] {3.8, 1.0}, 0, g0);
    assertEquals(3.0 * 2.0, late, 1e-10); // λ (t - d) once the softplus is linear: 3 * 2
    assertEquals(g0[0] + 3.0, g[0], 1e-10);
  }

  @Test
  void gradientMatchesCentralDifferences() {
    SplittableRandom rng = new SplittableRandom(9);
    LabelDeadlineLoss l = new LabelDeadlineLoss(CE, 1.5, 1.8, 0.05);
    for (int trial = 0; trial < 200; trial++) {
      double[] t = new double[3];
      for (int k = 0; k < 3; k++) {
        t[k] = rng.nextDouble(0, 4);
      }
      int label = rng.nextInt(3);
      double[] g = new double[3];
      l.lossAndGradient(t, label, g);
      for (int k = 0; k < 3; k++) {
        double h = 1e-6;
        double[] p = t.clone();
        double[] m = t.clone();
        p[k] += h;
        m[k] -= h;
        double fd = (l.lossAndGradient(p, label, new double[3]) - l.lossAndGradient(m, label, new double[3])) / (2 * h);
        assertEquals(fd, g[k], 1e-6 * Math.max(1, Math.abs(fd)), "trial " + trial + " output " + k);
      }
    }
  }

  @Test
  void settingsGiveDeadlineAndSoftnessAndRejectBadValues() {
    HilSettings.Builder b = HilSettings.defaults().toBuilder().lr(1e-3).tau0(0.3).fireWeight(2.0).fireMargin(0.2);
    HilSettings s = b.lrDecay(0.5).build();
    LabelDeadlineLoss l = LabelDeadlineLoss.of(s, 2.0);
    assertEquals(1.8, l.deadline(), 1e-15);
    assertEquals(0.05, l.softness(), 1e-15);
    assertEquals(1e-3 * 0.25, s.learningRate(3), 1e-18);
    assertEquals(1e-3, s.learningRate(1), 0.0);
    assertThrows(IllegalArgumentException.class, () -> new LabelDeadlineLoss(CE, -1, 1.8, 0.05));
    assertThrows(IllegalArgumentException.class,
        () -> b.lrDecay(1.5).build());
  }
}
