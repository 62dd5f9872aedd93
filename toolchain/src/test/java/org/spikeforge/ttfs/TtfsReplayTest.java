package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The hardware-in-the-loop replay: exact spike-time gradients of the float LIF model evaluated at measured spike
 * times. Checked three ways: with the model's own times it equals forward/backward and central finite differences;
 * with hidden times snapped to a hardware step grid, the output layer's gradient equals finite differences of the
 * output layer driven by those snapped times; and a single neuron spiking at an arbitrary measured time gets the
 * hand-derived implicit-function gradient.
 */
class TtfsReplayTest {
  private static final double MIN_SLOPE = 0.1;

  /** Loss sum_k c_k t_k with fixed coefficients (dL/dt_k = c_k). */
  private static double[] coefficients(int n) {
    double[] c = new double[n];
    for (int k = 0; k < n; k++) {
      c[k] = 0.7 - 0.45 * k;
    }
    return c;
  }

  private static double[][][] ownTimes(TtfsNetwork net, TtfsWorkspace ws) {
    double[][][] m = new double[net.numLayers()][][];
    for (int l = 1; l <= net.numLayers(); l++) {
      int n = net.layerSize(l);
      m[l - 1] = new double[n][];
      int[] fill = new int[n];
      for (int i = 0; i < n; i++) {
        m[l - 1][i] = new double[ws.spikesOfNeuron(l, i)];
      }
      for (int s = 0; s < ws.spikeCount(l); s++) {
        int i = ws.spikeNeuron(l, s);
        m[l - 1][i][fill[i]++] = ws.spikeTime(l, s);
      }
    }
    return m;
  }

  private static double loss(TtfsNetwork net, double[] in, double[] c) {
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(in, ws);
    double[] t = net.outputTimes(ws);
    double sum = 0;
    for (int k = 0; k < t.length; k++) {
      sum += c[k] * (net.outputSilent(ws)[k] ? 0 : t[k]);
    }
    return sum;
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 8, 21, 34, 55})
  void ownTimesReproduceBackwardAndFiniteDifferences(long seed) {
    TtfsNetwork net = RandomNets.lif(seed);
    double[] in = RandomNets.inputs(seed, net.layerSize(0), net.trialEnd());
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(in, ws);
    double[] c = coefficients(net.layerSize(net.numLayers()));
    double[] t0 = net.outputTimes(ws).clone();
    double[] dL = c.clone();
    for (int k = 0; k < dL.length; k++) {
      if (net.outputSilent(ws)[k]) {
        dL[k] = 0;
      }
    }
    double[] gForward = new double[net.numParameters()];
    net.backward(dL, ws, gForward);
    double[][][] own = ownTimes(net, ws);

    TtfsWorkspace wr = net.newWorkspace();
    net.replay(in, own, MIN_SLOPE, wr);
    double[] gReplay = new double[net.numParameters()];
    net.backward(dL, wr, gReplay);
    for (int k = 0; k < t0.length; k++) {
      assertEquals(t0[k], net.outputTimes(wr)[k], 1e-12, "output time " + k);
    }
    for (int q = 0; q < gForward.length; q++) {
      assertEquals(gForward[q], gReplay[q], 1e-9 * (1 + Math.abs(gForward[q])), "parameter " + q);
    }
    // central differences of the float loss over the weights, where the spike count does not change
    double[] p = net.parameters();
    int checked = 0;
    for (int q = 0; q < p.length; q++) {
      double h = 1e-6;
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[q] += h;
      minus[q] -= h;
      TtfsNetwork np = net.withParameters(plus);
      TtfsNetwork nm = net.withParameters(minus);
      if (!sameSpikeCounts(net, np, in) || !sameSpikeCounts(net, nm, in)) {
        continue;
      }
      double fd = (loss(np, in, c) - loss(nm, in, c)) / (2 * h);
      assertEquals(fd, gReplay[q], 1e-5 * (1 + Math.abs(fd)), "parameter " + q + " (seed " + seed + ")");
      checked++;
    }
    assertTrue(checked > p.length / 2, "too few parameters checked: " + checked + " of " + p.length);
  }

  private static boolean sameSpikeCounts(TtfsNetwork a, TtfsNetwork b, double[] in) {
    TtfsWorkspace wa = a.newWorkspace();
    TtfsWorkspace wb = b.newWorkspace();
    a.forward(in, wa);
    b.forward(in, wb);
    for (int l = 1; l <= a.numLayers(); l++) {
      for (int i = 0; i < a.layerSize(l); i++) {
        if (wa.spikesOfNeuron(l, i) != wb.spikesOfNeuron(l, i)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Two layers; the hidden times are snapped up to a step grid of 0.05 (as a chip reports them), the output times
   * are the float output layer's own crossings driven by those snapped times. Then the replay's output-layer weight
   * gradient is the finite difference of that output layer alone.
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 12, 40})
  void outputLayerGradientAtSnappedHiddenTimesMatchesFiniteDifferences(long seed) {
    NeuronConstants lif = NeuronConstants.lif(1.0, 1.0);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    int nIn = 3;
    int nHid = 4;
    int nOut = 2;
    int[] sizes = {nIn, nHid, nOut};
    double dt = 0.05;
    TtfsNetwork net = null;
    double[] in = null;
    double[][][] m = null;
    // draw until every hidden neuron spikes exactly once (a seeded, deterministic search)
    for (int attempt = 0; attempt < 500 && m == null; attempt++) {
      double[] p = new double[RandomNets.count(lif, sizes)];
      TtfsNetwork cand = new TtfsNetwork(lif, sizes, 3.0, p);
      p = cand.parameters();
      for (int q = 0; q < cand.weightCount(1); q++) {
        p[cand.weightOffset(1) + q] = rng.nextDouble(0.5, 3.5);
      }
      for (int q = 0; q < cand.weightCount(2); q++) {
        p[cand.weightOffset(2) + q] = rng.nextDouble(0.5, 3.5);
      }
      double[] x = {0.1 + rng.nextDouble(0.5), 0.2 + rng.nextDouble(0.5), 0.3 + rng.nextDouble(0.5)};
      TtfsWorkspace ws = cand.newWorkspace();
      cand.forward(x, ws);
      boolean once = true;
      for (int i = 0; i < nHid; i++) {
        once &= ws.spikesOfNeuron(1, i) == 1;
      }
      if (once) {
        net = cand;
        in = x;
        m = ownTimes(cand, ws);
      }
    }
    assertTrue(m != null, "test setup: no draw with single hidden spikes");
    double[] p = net.parameters();
    double[] hiddenFirst = new double[nHid];
    for (int i = 0; i < nHid; i++) {
      m[0][i][0] = Math.ceil(m[0][i][0] / dt) * dt;
      hiddenFirst[i] = m[0][i][0];
    }
    // the output layer alone, driven by the snapped hidden times
    int[] topSizes = {nHid, nOut};
    double[] top = new double[RandomNets.count(lif, topSizes)];
    System.arraycopy(p, net.weightOffset(2), top, 0, net.weightCount(2));
    TtfsNetwork topNet = new TtfsNetwork(lif, topSizes, 3.0, top);
    TtfsWorkspace wt = topNet.newWorkspace();
    topNet.forward(hiddenFirst, wt);
    double[] c = coefficients(nOut);
    for (int k = 0; k < nOut; k++) {
      m[1][k] = new double[wt.spikesOfNeuron(1, k)];
      if (topNet.outputSilent(wt)[k]) {
        c[k] = 0;
      }
    }
    int[] fill = new int[nOut];
    for (int s = 0; s < wt.spikeCount(1); s++) {
      int k = wt.spikeNeuron(1, s);
      m[1][k][fill[k]++] = wt.spikeTime(1, s);
    }
    TtfsWorkspace wr = net.newWorkspace();
    net.replay(in, m, MIN_SLOPE, wr);
    double[] g = new double[net.numParameters()];
    net.backward(c, wr, g);
    for (int q = 0; q < net.weightCount(2); q++) {
      double h = 1e-6;
      double[] plus = top.clone();
      double[] minus = top.clone();
      plus[q] += h;
      minus[q] -= h;
      double fd = (loss(topNet.withParameters(plus), hiddenFirst, c)
          - loss(topNet.withParameters(minus), hiddenFirst, c)) / (2 * h);
      assertEquals(fd, g[net.weightOffset(2) + q], 1e-6 * (1 + Math.abs(fd)), "output weight " + q);
    }
  }

  /**
   * One neuron, one input at t_in with weight w, measured spike at an arbitrary time t_m: V(t) = w (s - s^2) with
   * s = exp(-(t_m - t_in)/tau), dV/dt = (I - V)/tau = w (2 s^2 - s)/tau, so dt/dw = -(s - s^2) / (dV/dt), with the slope floored at
   * minSlope V_th / tau past the potential's peak; dt/dt_in = 1 by time-translation invariance.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.35, 0.6, 0.9, 1.6})
  void singleNeuronGradientAtArbitraryMeasuredTime(double tm) {
    double tau = 1.3;
    double vth = 0.8;
    double w = 4.0;
    double tin = 0.2;
    TtfsNetwork net = new TtfsNetwork(NeuronConstants.lif(tau, vth), new int[] {1, 1}, 3.0, new double[] {w, 0, 0});
    TtfsWorkspace ws = net.newWorkspace();
    net.replay(new double[] {tin}, new double[][][] {{{tm}}}, MIN_SLOPE, ws);
    assertEquals(tm, net.outputTimes(ws)[0], 0.0);
    double[] g = new double[3];
    net.backward(new double[] {1.0}, ws, g);
    double s = Math.exp(-(tm - tin) / tau);
    double slope = Math.max(w * (2 * s * s - s) / tau, MIN_SLOPE * vth / tau);
    assertEquals(-(s - s * s) / slope, g[0], 1e-12);
    // a shift of the only input shifts the whole replayed trajectory and the spike with it, floored or not
    assertEquals(1.0, ws.inputTimeGradient()[0], 1e-12);
  }

  @Test
  void refusesThetaNetworksAndBadTimes() {
    TtfsNetwork theta = TtfsNetwork.thetaPaperInit(new int[] {1, 1}, 1.0, 1.25, 2.0, 1);
    assertThrows(UnsupportedOperationException.class,
        () -> theta.replay(new double[] {0.1}, new double[][][] {{{0.5}}}, 0.1, theta.newWorkspace()));
    TtfsNetwork lif = new TtfsNetwork(NeuronConstants.lif(1, 1), new int[] {1, 1}, 2.0, new double[3]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lif.replay(new double[] {0.1}, new double[][][] {{{0.5, 0.4}}}, 0.1, lif.newWorkspace()));
    assertTrue(e.getMessage().contains("ascending"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> lif.replay(new double[] {0.1}, new double[][][] {{{0.5}}}, 0.0, lif.newWorkspace()));
  }
}
