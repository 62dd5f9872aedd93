package org.spikeforge.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * SCIENCE.md 2: with QIF neurons a spike enters the trial through T, so every in-trial spike time and its derivative
 * is a continuous function of the weights. Halving the sweep step must roughly halve the largest jump between
 * neighbouring points (a discontinuity would not shrink at all).
 */
class SmoothnessSweepsTest {

  /** Largest |value(p+1) - value(p)| over neighbouring points where the spike exists at both. */
  static double maxJump(double[][] series) {
    double worst = 0;
    for (int p = 0; p + 1 < series.length; p++) {
      for (int k = 0; k < series[p].length; k++) {
        double a = series[p][k];
        double b = series[p + 1][k];
        if (!Double.isNaN(a) && !Double.isNaN(b)) {
          worst = Math.max(worst, Math.abs(b - a));
        }
      }
    }
    return worst;
  }

  private static void assertSmooth(IntFunction<SmoothnessSweep> sweep, boolean spikeEnters) {
    SmoothnessSweep coarse = sweep.apply(41);
    SmoothnessSweep fine = sweep.apply(81);
    double timeRatio = maxJump(fine.spikeTimes()) / maxJump(coarse.spikeTimes());
    double derivRatio = maxJump(fine.dTimeDWeight()) / maxJump(coarse.dTimeDWeight());
    System.out.printf("%s: time jump %.3g -> %.3g (ratio %.3f), derivative jump %.3g -> %.3g (ratio %.3f)%n",
        coarse.label(), maxJump(coarse.spikeTimes()), maxJump(fine.spikeTimes()), timeRatio,
        maxJump(coarse.dTimeDWeight()), maxJump(fine.dTimeDWeight()), derivRatio);
    assertTrue(timeRatio > 0.35 && timeRatio < 0.65, "time jump ratio " + timeRatio);
    assertTrue(derivRatio > 0.35 && derivRatio < 0.65, "derivative jump ratio " + derivRatio);
    int entered = 0;
    double[][] t = fine.spikeTimes();
    for (int k = 0; k < t[0].length; k++) {
      for (int p = 0; p + 1 < t.length; p++) {
        if (Double.isNaN(t[p][k]) && !Double.isNaN(t[p + 1][k])) {
          // the spike enters through T: it appears within one step's worth of movement of T
          entered++;
          assertTrue(3.0 - t[p + 1][k] <= maxJump(t) + 1e-12, "spike " + k + " appeared at " + t[p + 1][k]);
          assertTrue(!Double.isNaN(fine.dTimeDWeight()[p + 1][k]));
        }
        if (!Double.isNaN(t[p][k])) {
          assertTrue(!Double.isNaN(t[p + 1][k]), "spike " + k + " left the trial");
        }
      }
    }
    assertEquals(spikeEnters ? 1 : 0, entered);
  }

  @Test
  void singleQifNeuronSpikeTimesAreContinuous() {
    assertSmooth(SmoothnessSweeps::singleQifNeuron, true);
  }

  @Test
  void twoLayerQifOutputSpikeTimesAreContinuous() {
    // The hidden neuron's spike enters through T; the output neuron's in-trial spike moves smoothly through it.
    assertSmooth(SmoothnessSweeps::twoLayerQif, false);
  }

  @Test
  void sweptDerivativeMatchesFiniteDifferenceOfTheSweep() {
    SmoothnessSweep s = SmoothnessSweeps.singleQifNeuron(401);
    double[] w = s.weights();
    for (int p = 1; p + 1 < w.length; p++) {
      for (int k = 0; k < SmoothnessSweeps.SPIKES; k++) {
        double a = s.spikeTimes()[p - 1][k];
        double b = s.spikeTimes()[p + 1][k];
        if (!Double.isNaN(a) && !Double.isNaN(b)) {
          double fd = (b - a) / (w[p + 1] - w[p - 1]);
          assertEquals(fd, s.dTimeDWeight()[p][k], 1e-3 * Math.max(1, Math.abs(fd)), "point " + p + " spike " + k);
        }
      }
    }
  }
}
