package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The LIF output time (first spike, else pseudospike) is continuous where an output spike leaves through T and
 * where a hidden spike leaves through T while the output stays silent (docs/LIF-PSEUDOSPIKES.md). LIF with
 * tau = 1, V_th = 1, T = 2; the input spike comes late (t = 1.5, after the membrane peak would pass T) so that the crossings pass through T
 * on the rising flank rather than vanishing at a membrane peak.
 */
class LifPseudospikeContinuityTest {
  private static final NeuronConstants LIF = NeuronConstants.lif(1.0, 1.0);
  private static final double T = 2.0;

  /** 1 -> 1: params {w, V0, I0}; input at 1.5. */
  private static TtfsNetwork single(double w) {
    return new TtfsNetwork(LIF, new int[] {1, 1}, T, new double[] {w, 0.0, 0.0});
  }

  /** 1 -> 1 -> 1: params {w_in, V0_h, I0_h, w_out, V0_out, I0_out}; input at 1.5. */
  private static TtfsNetwork chain(double wIn) {
    return new TtfsNetwork(LIF, new int[] {1, 1, 1}, T, new double[] {wIn, 0.0, 0.0, 2.0, 0.1, 0.2});
  }

  @Test
  void outputTimeIsContinuousWhereTheFirstSpikeLeavesThroughT() {
    double[] in = {1.5};
    // by hand: V(T) = w (s - s^2) with s = e^-0.5 reaches V_th = 1 at w* = 1 / (s - s^2)
    double s = Math.exp(-0.5);
    double wStar = bisect(LifPseudospikeContinuityTest::single, in, 1, 3.0, 6.0);
    assertEquals(1 / (s - s * s), wStar, 1e-12);
    TtfsWorkspace ws = single(0).newWorkspace();
    for (double d : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
      TtfsNetwork below = single(wStar - d);
      TtfsNetwork above = single(wStar + d);
      below.forward(in, ws);
      assertTrue(below.outputSilent(ws)[0]);
      double tBelow = below.outputTimes(ws)[0];
      above.forward(in, ws);
      assertFalse(above.outputSilent(ws)[0]);
      double tAbove = above.outputTimes(ws)[0];
      assertEquals(T, tBelow, 20 * d + 1e-12, "pseudospike side at d=" + d);
      assertEquals(T, tAbove, 20 * d + 1e-12, "in-trial side at d=" + d);
    }
    sweepWithoutJumps(LifPseudospikeContinuityTest::single, in, 1, wStar, ws);
  }

  @Test
  void pseudospikeIsContinuousWhereAHiddenSpikeLeavesThroughT() {
    double[] in = {1.5};
    double wStar = bisect(LifPseudospikeContinuityTest::chain, in, 1, 2.0, 8.0);
    TtfsWorkspace ws = chain(0).newWorkspace();
    for (double d : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
      TtfsNetwork below = chain(wStar - d);
      TtfsNetwork above = chain(wStar + d);
      below.forward(in, ws);
      assertEquals(0, ws.spikeCount(1));
      assertTrue(below.outputSilent(ws)[0]);
      double tBelow = below.outputTimes(ws)[0];
      above.forward(in, ws);
      assertEquals(1, ws.spikeCount(1));
      assertTrue(above.outputSilent(ws)[0]);
      double tAbove = above.outputTimes(ws)[0];
      assertEquals(tBelow, tAbove, 40 * d + 1e-12, "pseudospike jump at d=" + d);
    }
    sweepWithoutJumps(LifPseudospikeContinuityTest::chain, in, 1, wStar, ws);
  }

  /** The first-layer weight at which layer {@code layer} gets its first spike exactly at T. */
  private static double bisect(DoubleFunction<TtfsNetwork> make, double[] in, int layer, double lo, double hi) {
    TtfsWorkspace ws = make.apply(lo).newWorkspace();
    assertEquals(0, spikes(make.apply(lo), in, layer, ws));
    assertTrue(spikes(make.apply(hi), in, layer, ws) > 0);
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (lo + hi);
      if (spikes(make.apply(mid), in, layer, ws) == 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  private static int spikes(TtfsNetwork n, double[] in, int layer, TtfsWorkspace ws) {
    n.forward(in, ws);
    return ws.spikeCount(layer);
  }

  /**
   * Steps the first weight across wStar: every step changes the output time by at most 1.5 max|dt/dw| step,
   * i.e. there is no jump.
   */
  private static void sweepWithoutJumps(DoubleFunction<TtfsNetwork> make, double[] in, int layer, double wStar,
      TtfsWorkspace ws) {
    double step = 1e-4;
    double prevT = Double.NaN;
    double prevG = 0;
    for (int q = -200; q <= 200; q++) {
      double w = wStar + q * step + 0.37 * step;
      TtfsNetwork n = make.apply(w);
      n.forward(in, ws);
      double t = n.outputTimes(ws)[0];
      double[] g = new double[n.numParameters()];
      n.backward(new double[] {1}, ws, g);
      double gw = g[n.weightIndex(layer, 0, 0)];
      assertTrue(Double.isFinite(t) && Double.isFinite(gw), "non-finite at w=" + w);
      if (!Double.isNaN(prevT)) {
        double bound = 1.5 * Math.max(Math.abs(gw), Math.abs(prevG)) * step + 1e-12;
        assertTrue(Math.abs(t - prevT) <= bound, "jump at w=" + w + ": " + (t - prevT) + " > " + bound);
      }
      prevT = t;
      prevG = gw;
    }
  }
}
