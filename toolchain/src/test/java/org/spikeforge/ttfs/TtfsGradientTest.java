package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Exact reverse-mode gradients against central finite differences (step 1e-6) over 120 seeds per model,
 * for every parameter and every input time, with L = sum_k c_k t_k and random c (relative error <= 1e-6;
 * see FLOOR for tiny gradients). A point is skipped only
 * when the event structure (which neuron spikes in which order, which outputs are silent) differs anywhere
 * in [p - h, p + h], i.e. within 1e-6 of a branch switch; skips are counted and bounded.
 */
class TtfsGradientTest {
  private static final double H = 1e-6;
  private static final double REL_TOL = 1e-6;
  /**
   * Relative error uses max(|exact|, |fd|, FLOOR) as denominator: with h = 1e-6 the finite difference itself
   * carries rounding noise of about 1e-16 * |L| / h ~ 1e-10, so gradients below 1e-3 are held to an
   * absolute 1e-9 instead.
   */
  private static final double FLOOR = 1e-3;

  record Tally(int checked, int skipped, int nonZero) {}

  @Test
  void thetaGradientsMatchFiniteDifferences() {
    Tally t = run(RandomNets::theta, 120);
    System.out.println("theta gradient check: " + t);
    assertTrue(t.nonZero() > 2000, "too few nonzero gradients checked: " + t);
    assertTrue(t.skipped() < 0.02 * t.checked(), "too many branch skips: " + t);
  }

  @Test
  void lifGradientsMatchFiniteDifferences() {
    Tally t = run(RandomNets::lif, 120);
    System.out.println("LIF gradient check: " + t);
    assertTrue(t.nonZero() > 1000, "too few nonzero gradients checked: " + t);
    assertTrue(t.skipped() < 0.02 * t.checked(), "too many branch skips: " + t);
  }

  private static Tally run(LongFunction<TtfsNetwork> factory, int seeds) {
    int checked = 0;
    int skipped = 0;
    int nonZero = 0;
    for (long seed = 1; seed <= seeds; seed++) {
      TtfsNetwork net = factory.apply(seed);
      TtfsWorkspace ws = net.newWorkspace();
      double[] in = RandomNets.inputs(seed, net.layerSize(0), net.trialEnd());
      int out = net.layerSize(net.numLayers());
      double[] c = new double[out];
      SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
      for (int q = 0; q < out; q++) {
        c[q] = rng.nextDouble(-1, 1);
      }
      net.forward(in, ws);
      long sig = signature(net, ws);
      double[] grad = new double[net.numParameters()];
      net.backward(c, ws, grad);
      double[] inGrad = ws.inputTimeGradient().clone();
      double[] p = net.parameters();
      for (int q = 0; q < p.length; q++) {
        double keep = p[q];
        p[q] = keep + H;
        double lp = loss(net, ws, in, c);
        long sp = signature(net, ws);
        p[q] = keep - H;
        double lm = loss(net, ws, in, c);
        long sm = signature(net, ws);
        p[q] = keep;
        if (sp != sig || sm != sig) {
          skipped++;
          continue;
        }
        double fd = (lp - lm) / (2 * H);
        check(fd, grad[q], "seed " + seed + " param " + q);
        checked++;
        nonZero += grad[q] != 0 ? 1 : 0;
      }
      for (int ch = 0; ch < in.length; ch++) {
        if (!(in[ch] <= net.trialEnd())) {
          assertEquals(0.0, inGrad[ch], "silent input channel gradient");
          continue;
        }
        double keep = in[ch];
        in[ch] = keep + H;
        double lp = loss(net, ws, in, c);
        long sp = signature(net, ws);
        in[ch] = keep - H;
        double lm = loss(net, ws, in, c);
        long sm = signature(net, ws);
        in[ch] = keep;
        if (sp != sig || sm != sig) {
          skipped++;
          continue;
        }
        check((lp - lm) / (2 * H), inGrad[ch], "seed " + seed + " input " + ch);
        checked++;
        nonZero += inGrad[ch] != 0 ? 1 : 0;
      }
    }
    return new Tally(checked, skipped, nonZero);
  }

  private static void check(double fd, double exact, String where) {
    double err = Math.abs(fd - exact) / Math.max(FLOOR, Math.max(Math.abs(fd), Math.abs(exact)));
    assertTrue(err <= REL_TOL, where + ": exact " + exact + " vs finite difference " + fd + " (rel err "
        + err + ")");
  }

  private static double loss(TtfsNetwork net, TtfsWorkspace ws, double[] in, double[] c) {
    net.forward(in, ws);
    double[] t = net.outputTimes(ws);
    double l = 0;
    for (int q = 0; q < c.length; q++) {
      l += c[q] * t[q];
    }
    return l;
  }

  /** Hash of the event structure: per layer the neuron sequence of spikes, and the silent outputs. */
  static long signature(TtfsNetwork net, TtfsWorkspace ws) {
    long h = 1125899906842597L;
    for (int l = 1; l <= net.numLayers(); l++) {
      h = 31 * h + ws.spikeCount(l);
      for (int s = 0; s < ws.spikeCount(l); s++) {
        h = 31 * h + ws.spikeNeuron(l, s);
      }
    }
    for (boolean b : net.outputSilent(ws)) {
      h = 31 * h + (b ? 1 : 2);
    }
    return h;
  }
}
