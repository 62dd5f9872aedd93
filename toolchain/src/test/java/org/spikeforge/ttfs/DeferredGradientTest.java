package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The input layer's weight gradient held back over a chunk of samples ({@link TtfsNetwork#backwardDeferringInputWeights}
 * and {@link TtfsNetwork#flushDeferredGradient}) must equal, bit for bit, the per-sample accumulation of
 * {@link TtfsNetwork#backward}: the trainer uses the first, and a faster engine may not train other weights.
 * Covers theta and LIF nets, inputs with simultaneous spikes (one group of many channels, the threshold code) and
 * with spread times, and flushes after 1, 3 and 25 samples.
 */
class DeferredGradientTest {

  @Test
  void thetaDeferredEqualsImmediateBitForBit() {
    for (long seed = 1; seed <= 12; seed++) {
      check(RandomNets.theta(seed), seed);
    }
  }

  @Test
  void lifDeferredEqualsImmediateBitForBit() {
    for (long seed = 1; seed <= 12; seed++) {
      check(RandomNets.lif(seed), seed);
    }
  }

  @Test
  void discardForgetsWhatWasHeldBack() {
    TtfsNetwork net = RandomNets.theta(3);
    TtfsWorkspace ws = net.newWorkspace();
    double[] in = RandomNets.inputs(5, net.layerSize(0), net.trialEnd());
    double[] dL = new double[net.layerSize(net.numLayers())];
    Arrays.fill(dL, 0.25);
    double[] grad = new double[net.numParameters()];
    net.forward(in, ws);
    net.backwardDeferringInputWeights(dL, ws, grad);
    double[] before = grad.clone();
    net.discardDeferredGradient(ws);
    net.flushDeferredGradient(ws, grad);
    assertArrayEquals(before, grad);
  }

  private static void check(TtfsNetwork net, long seed) {
    int in = net.layerSize(0);
    int out = net.layerSize(net.numLayers());
    SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
    int samples = 40;
    double[][] inputs = new double[samples][];
    double[][] dL = new double[samples][out];
    for (int s = 0; s < samples; s++) {
      inputs[s] = RandomNets.inputs(seed * 100 + s, in, net.trialEnd());
      if (s % 2 == 0) { // threshold-code-like: many channels at one shared time, the rest silent
        double t = rng.nextDouble(0, net.trialEnd() / 2);
        for (int c = 0; c < in; c++) {
          inputs[s][c] = rng.nextBoolean() ? t : Double.POSITIVE_INFINITY;
        }
      }
      for (int q = 0; q < out; q++) {
        dL[s][q] = rng.nextDouble(-1, 1);
      }
    }
    TtfsWorkspace ws = net.newWorkspace();
    double[] immediate = new double[net.numParameters()];
    for (int s = 0; s < samples; s++) {
      net.forward(inputs[s], ws);
      net.backward(dL[s], ws, immediate);
    }
    boolean touched = false;
    for (int q = 0; q < net.weightCount(1); q++) {
      touched |= immediate[net.weightOffset(1) + q] != 0.0;
    }
    assertTrue(touched, "seed " + seed + ": the input layer's weights got no gradient; test is vacuous");
    for (int chunk : new int[] {1, 3, 25}) {
      double[] deferred = new double[net.numParameters()];
      for (int s = 0; s < samples; s++) {
        net.forward(inputs[s], ws);
        net.backwardDeferringInputWeights(dL[s], ws, deferred);
        if ((s + 1) % chunk == 0 || s == samples - 1) {
          net.flushDeferredGradient(ws, deferred);
        }
      }
      assertArrayEquals(bits(immediate), bits(deferred), "seed " + seed + ", flush every " + chunk + " samples");
    }
  }

  private static long[] bits(double[] a) {
    long[] b = new long[a.length];
    for (int q = 0; q < a.length; q++) {
      b[q] = Double.doubleToRawLongBits(a[q]);
    }
    return b;
  }
}
