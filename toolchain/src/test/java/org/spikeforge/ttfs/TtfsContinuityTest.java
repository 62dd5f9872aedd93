package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The theta output time (first spike, else pseudospike) is continuous where spikes enter or leave through
 * the trial end T (SCIENCE.md 2 and 3). Theta: tau = 1, I0 = 5/4 (Theta = pi), T = 2.
 */
class TtfsContinuityTest {
  private static final NeuronConstants THETA = NeuronConstants.theta(1.0, 1.25);
  private static final double T = 2.0;
  private static final double[] INPUT = {0.2};

  /** 1 -> 1 -> 1: params {w_in, phi0_h, w_out, phi0_out}. */
  private static TtfsNetwork net(double wIn, double wOut) {
    return new TtfsNetwork(THETA, new int[] {1, 1, 1}, T, new double[] {wIn, 1.0, wOut, 0.3});
  }

  @Test
  void outputTimeIsContinuousWhereTheFirstSpikeEntersThroughT() {
    double wIn = 3.0;
    TtfsWorkspace ws = net(wIn, 0).newWorkspace();
    // Bisect the output weight at which the first output spike sits exactly at T.
    double lo = -1.0;
    double hi = 6.0;
    assertTrue(silent(net(wIn, lo), ws));
    assertFalse(silent(net(wIn, hi), ws));
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (lo + hi);
      if (silent(net(wIn, mid), ws)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double wStar = 0.5 * (lo + hi);
    for (double d : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
      double below = time(net(wIn, wStar - d), ws);
      double above = time(net(wIn, wStar + d), ws);
      assertTrue(silent(net(wIn, wStar - d), ws));
      assertFalse(silent(net(wIn, wStar + d), ws));
      // Both sides approach T linearly in d (gradients are O(1) here).
      assertEquals(T, below, 20 * d + 1e-12, "pseudospike side at d=" + d);
      assertEquals(T, above, 20 * d + 1e-12, "in-trial side at d=" + d);
    }
    sweepWithoutJumps(2, wStar, wIn, ws);
  }

  @Test
  void pseudospikeIsContinuousWhereAHiddenSpikeLeavesThroughT() {
    // Sweep w_in so that the hidden spike crosses T while the output stays silent:
    // H(H(phi, a), b) = H(phi, a + b) makes the pseudo pass agree on both sides.
    double wOut = 0.5;
    TtfsWorkspace ws = net(0, wOut).newWorkspace();
    double lo = 0.0;
    double hi = 4.0;
    assertEquals(0, hiddenSpikes(net(lo, wOut), ws));
    assertEquals(1, hiddenSpikes(net(hi, wOut), ws));
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (lo + hi);
      if (hiddenSpikes(net(mid, wOut), ws) == 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double wStar = 0.5 * (lo + hi);
    for (double d : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
      assertTrue(silent(net(wStar - d, wOut), ws));
      assertTrue(silent(net(wStar + d, wOut), ws));
      double below = time(net(wStar - d, wOut), ws);
      double above = time(net(wStar + d, wOut), ws);
      assertEquals(below, above, 40 * d + 1e-12, "pseudospike jump at d=" + d);
    }
    sweepWithoutJumps(1, wStar, wOut, ws);
  }

  /**
   * Steps the weight of layer {@code layer} across wStar (the other weight fixed): every step changes the
   * output time by at most 1.5 * max|dt/dw| * step, i.e. there is no jump.
   */
  private static void sweepWithoutJumps(int layer, double wStar, double other, TtfsWorkspace ws) {
    double step = 1e-4;
    double prevT = Double.NaN;
    double prevG = 0;
    for (int q = -200; q <= 200; q++) {
      double w = wStar + q * step + 0.37 * step;
      TtfsNetwork n = layer == 1 ? net(w, other) : net(other, w);
      n.forward(INPUT, ws);
      double t = n.outputTimes(ws)[0];
      double[] g = new double[n.numParameters()];
      n.backward(new double[] {1}, ws, g);
      double gw = g[n.weightIndex(layer, 0, 0)];
      if (!Double.isNaN(prevT)) {
        double bound = 1.5 * Math.max(Math.abs(gw), Math.abs(prevG)) * step + 1e-12;
        assertTrue(Math.abs(t - prevT) <= bound, "jump at w=" + w + ": " + (t - prevT) + " > " + bound);
      }
      prevT = t;
      prevG = gw;
    }
  }

  private static boolean silent(TtfsNetwork n, TtfsWorkspace ws) {
    n.forward(INPUT, ws);
    return n.outputSilent(ws)[0];
  }

  private static int hiddenSpikes(TtfsNetwork n, TtfsWorkspace ws) {
    n.forward(INPUT, ws);
    return ws.spikeCount(1);
  }

  private static double time(TtfsNetwork n, TtfsWorkspace ws) {
    n.forward(INPUT, ws);
    return n.outputTimes(ws)[0];
  }
}
