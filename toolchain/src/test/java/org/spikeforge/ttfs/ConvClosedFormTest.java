package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A conv layer worked out by hand. LIF_EXP, tau = 1, V_th = 1, V0 = I0 = 0; input map 1 x 2 x 3, kernel 1 x 2 with
 * kernel[0] = 3 (kx = 0) and kernel[1] = 5 (kx = 1), stride 1, no padding, so the output map is 1 x 2 x 2. Inputs
 * (y, x) = (1, 1) and (1, 2) (flat 4 and 5) spike together at t0 = 0.1. Output (1, 0) (flat 2) reads inputs (1, 0)
 * and (1, 1): only (1, 1) spikes, through kx = 1, so it gets w = 5. Output (1, 1) (flat 3) reads (1, 1) through kx = 0
 * and (1, 2) through kx = 1: w = 3 + 5 = 8 in one coalesced jump. Outputs in row 0 get nothing.
 *
 * <p>After a jump I = w from rest, V(t) = w (s - s^2) with s = e^-(t - t0), so V = 1 at the larger root
 * s* = (1 + sqrt(1 - 4 / w)) / 2, t = t0 - ln s*. Differentiating, ds* / dw = 1 / (w^2 sqrt(1 - 4 / w)) and
 * dt / dw = -(ds* / dw) / s*. With L = t_2 + t_3: dL/dkernel[0] = dt/dw(8), dL/dkernel[1] = dt/dw(5) + dt/dw(8).
 * A flipped kernel would give output 2 the weight 3, whose peak w / 4 = 0.75 never reaches threshold.
 */
class ConvClosedFormTest {
  private static double time(double w) {
    return 0.1 - Math.log((1 + Math.sqrt(1 - 4 / w)) / 2);
  }

  private static double slope(double w) {
    double root = Math.sqrt(1 - 4 / w);
    return -(1 / (w * w * root)) / ((1 + root) / 2);
  }

  @Test
  void tinyConvFiresAtTheClosedFormTimes() {
    Connectivity conv = Connectivity.conv(1, 2, 3, 1, 1, 2, 1, 1, 0, 0);
    assertEquals(2, conv.outH());
    assertEquals(2, conv.outW());
    double[] p = new double[2 + 2 * 4];
    p[0] = 3;
    p[1] = 5;
    TtfsNetwork net = new TtfsNetwork(NeuronConstants.lif(1.0, 1.0), new Connectivity[] {conv}, 2.0, p);
    TtfsWorkspace ws = net.newWorkspace();
    double inf = Double.POSITIVE_INFINITY;
    net.forward(new double[] {inf, inf, inf, inf, 0.1, 0.1}, ws);
    double[] t = net.outputTimes(ws);
    boolean[] silent = net.outputSilent(ws);
    assertTrue(silent[0] && silent[1] && !silent[2] && !silent[3], java.util.Arrays.toString(silent));
    assertEquals(time(5), t[2], 1e-14);
    assertEquals(time(8), t[3], 1e-14);
    // w = 5: after the spike I = 5 s*^2 = 2.62, whose peak I / 4 < 1: one spike. w = 8: I = 8 s*^2 = 5.83 fires
    // again from the reset, at s2* = (1 + sqrt(1 - 4 / I)) / 2 after the first spike.
    assertEquals(1, ws.spikesOfNeuron(1, 2));
    assertEquals(2, ws.spikesOfNeuron(1, 3));
    double s1 = (1 + Math.sqrt(1 - 4 / 8.0)) / 2;
    double i1 = 8 * s1 * s1;
    double second = time(8) - Math.log((1 + Math.sqrt(1 - 4 / i1)) / 2);
    assertEquals(second, ws.spikeTime(1, ws.spikeCount(1) - 1), 1e-13);
    double[] g = new double[p.length];
    net.backward(new double[] {0, 0, 1, 1}, ws, g);
    assertEquals(slope(8), g[0], 1e-13);
    assertEquals(slope(5) + slope(8), g[1], 1e-13);
    // both inputs of the group move the spike times: dt/dt0 = 1 per spike, shared between the two sources
    double[] dIn = ws.inputTimeGradient();
    assertEquals(2.0, dIn[4] + dIn[5], 1e-12);
  }

  @Test
  void poolHasNoWeightParametersAndPassesGradientsThrough() {
    Connectivity conv = Connectivity.conv(1, 2, 3, 1, 1, 2, 1, 1, 0, 0);
    Connectivity pool = Connectivity.pool(1, 2, 2, 2, 2, 0 + 2, 2, 0, 0, 2.5);
    assertEquals(0, pool.weightCount());
    assertEquals(1, pool.targets());
    double[] p = new double[2 + 2 * 4 + 2];
    p[0] = 3;
    p[1] = 5;
    TtfsNetwork net = new TtfsNetwork(NeuronConstants.lif(1.0, 1.0), new Connectivity[] {conv, pool}, 2.0, p);
    TtfsWorkspace ws = net.newWorkspace();
    double inf = Double.POSITIVE_INFINITY;
    net.forward(new double[] {inf, inf, inf, inf, 0.1, 0.1}, ws);
    // the pool neuron gets 2.5 at time(8), time(5) and at the second spike of conv output 3; it must fire
    assertTrue(ws.spikesOfNeuron(2, 0) >= 1);
    double[] g = new double[p.length];
    net.backward(new double[] {1}, ws, g);
    assertTrue(g[0] != 0 && g[1] != 0, "gradient flows through the pool into the kernel");
    assertEquals(net.initialStateOffset(2), 2 + 8, "pool layer: only its initial states are parameters");
  }
}
