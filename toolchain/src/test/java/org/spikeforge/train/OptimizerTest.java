package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OptimizerTest {
  @Test
  void adamFirstTwoStepsByHand() {
    Adam adam = new Adam(2, 0.9, 0.999, 0);
    double[] p = {1.0, -2.0};
    adam.step(p, new double[] {0.5, -4.0}, 0.1);
    // Step 1: m̂ = g, v̂ = g², so each parameter moves by lr * sign(g).
    assertArrayEquals(new double[] {0.9, -1.9}, p, 1e-15);
    adam.step(p, new double[] {1.0, 0.0}, 0.1);
    // Step 2, component 0: m = 0.9*0.05 + 0.1*1 = 0.145, v = 0.999*0.00025 + 0.001*1 = 0.00124975;
    // m̂ = 0.145/0.19, v̂ = 0.00124975/0.001999.
    double m0 = 0.145 / (1 - 0.81);
    double v0 = 0.00124975 / (1 - 0.998001);
    // component 1: m = 0.9*(-0.4) = -0.36, v = 0.999*0.016 = 0.015984.
    double m1 = -0.36 / (1 - 0.81);
    double v1 = 0.015984 / (1 - 0.998001);
    assertEquals(0.9 - 0.1 * m0 / Math.sqrt(v0), p[0], 1e-12);
    assertEquals(-1.9 - 0.1 * m1 / Math.sqrt(v1), p[1], 1e-12);
    assertEquals(2, adam.steps());
  }

  @Test
  void adaBeliefFirstStepByHand() {
    AdaBelief ab = new AdaBelief(1, 0.9, 0.999, 0, 0);
    double[] p = {0.0};
    ab.step(p, new double[] {2.0}, 0.01);
    // m = 0.2, s = 0.001 * (2 - 0.2)^2 = 0.00324; m̂ = 2, ŝ = 3.24 -> step = 0.01 * 2 / 1.8.
    assertEquals(-0.01 * 2 / 1.8, p[0], 1e-15);
    ab.step(p, new double[] {2.0}, 0.01);
    // m = 0.18 + 0.2 = 0.38, s = 0.999*0.00324 + 0.001*(2-0.38)^2 = 0.00323676 + 0.0026244 = 0.00586116.
    double mHat = 0.38 / 0.19;
    double sHat = 0.00586116 / 0.001999;
    assertEquals(-0.01 * 2 / 1.8 - 0.01 * mHat / Math.sqrt(sHat), p[0], 1e-12);
  }

  @Test
  void restoreContinuesIdentically() {
    double[] g1 = {0.3, -0.2, 0.1};
    double[] g2 = {-0.1, 0.4, 0.0};
    AdaBelief a = AdaBelief.standard(3);
    double[] pa = {1, 2, 3};
    a.step(pa, g1, 0.01);
    AdaBelief b = AdaBelief.standard(3);
    double[] pb = pa.clone();
    b.restore(a.steps(), a.state());
    a.step(pa, g2, 0.01);
    b.step(pb, g2, 0.01);
    assertArrayEquals(pa, pb, 0.0);
  }

  @Test
  void adamRestoreContinuesIdenticallyAndWrongShapesAreRefused() {
    double[] g1 = {0.3, -0.2, 0.1};
    double[] g2 = {-0.1, 0.4, 0.0};
    Adam a = Adam.standard(3);
    double[] pa = {1, 2, 3};
    a.step(pa, g1, 0.01);
    a.step(pa, g2, 0.01);
    Adam b = Adam.standard(3);
    double[] pb = pa.clone();
    b.restore(a.steps(), a.state());
    assertEquals(2, b.steps());
    a.step(pa, g1, 0.01);
    b.step(pb, g1, 0.01);
    assertArrayEquals(pa, pb, 0.0);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> b.restore(1, new double[][] {{0, 0}, {0, 0}}));
    assertEquals("optimizer state must be 2 arrays of 3 values, got 2 arrays (first has 2)", e.getMessage());
  }

  @Test
  void globalNormClipping() {
    double[] g = {3, 4};
    assertEquals(5, GradientClipping.clipGlobalNorm(g, 1), 1e-15);
    assertArrayEquals(new double[] {0.6, 0.8}, g, 1e-15);
    double[] h = {3, 4};
    GradientClipping.clipGlobalNorm(h, 10);
    assertArrayEquals(new double[] {3, 4}, h, 0);
    GradientClipping.clipGlobalNorm(h, 0);
    assertArrayEquals(new double[] {3, 4}, h, 0);
  }

  @Test
  void schedules() {
    LearningRateSchedule exp = new LearningRateSchedule.Exponential(4e-3, Math.exp(-1), 100);
    assertEquals(4e-3, exp.rate(0), 0);
    assertEquals(4e-3 / Math.E, exp.rate(100), 1e-18);
    assertEquals(4e-3 * Math.exp(-0.5), exp.rate(50), 1e-18);
    LearningRateSchedule step = new LearningRateSchedule.Step(1.0, 0.5, 10);
    assertEquals(1.0, step.rate(9), 0);
    assertEquals(0.5, step.rate(10), 0);
    assertEquals(0.25, step.rate(25), 0);
  }

  @Test
  void parameterBoxClampsOnlyItsRange() {
    double[] p = {-1, 7, -0.5, 3, 9};
    new ParameterBox(1, 4, 0, 6).apply(p);
    assertArrayEquals(new double[] {-1, 6, 0, 3, 9}, p, 0);
  }
}
