package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * One- and two-neuron cases whose spike times and gradients were worked out by hand. Theta: tau = 1,
 * I0 = 5/4, so b = 1, k = 1 and Theta = pi; psi = phi - pi/2 and H(phi, w) = atan(tan psi + w) + pi/2.
 */
class TtfsClosedFormTest {
  private static final double EPS = 1e-12;
  private static final double INF = Double.POSITIVE_INFINITY;
  private final NeuronConstants theta = NeuronConstants.theta(1.0, 1.25);
  private final NeuronConstants lif = NeuronConstants.lif(1.0, 1.0);

  /** 1 -> 1 theta net: params {w, phi0}. */
  private TtfsNetwork single(double w, double phi0, double trialEnd) {
    return new TtfsNetwork(theta, new int[] {1, 1}, trialEnd, new double[] {w, phi0});
  }

  @Test
  void freeRunningThetaSpikesAtThetaMinusPhi0AndEveryPeriod() {
    TtfsNetwork net = single(0.7, 1.0, 7.5);
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(new double[] {INF}, ws);
    // Spikes at pi - 1 and 2 pi - 1 = 5.283 < 7.5; the third at 3 pi - 1 = 8.42 is after T.
    assertEquals(2, ws.spikeCount(1));
    assertEquals(Math.PI - 1, ws.spikeTime(1, 0), EPS);
    assertEquals(2 * Math.PI - 1, ws.spikeTime(1, 1), EPS);
    assertEquals(Math.PI - 1, net.outputTimes(ws)[0], EPS);
    double[] g = new double[2];
    net.backward(new double[] {1.0}, ws, g);
    assertArrayEquals(new double[] {0.0, -1.0}, g, EPS);
  }

  @Test
  void oneInputAtQuarterPeriod() {
    // phi0 = 0, input at t1 = pi/2 (psi = 0, tan psi = 0), w = 1: psi' = atan(1) = pi/4, phi' = 3 pi / 4,
    // spike at pi/2 + pi - 3 pi/4 = 3 pi / 4. cos^2 psi' = 1/2 = dH/dw = dH/dphi, so
    // dt/dw = -1/2, dt/dphi0 = -1/2, dt/dt1 = 1 - 1/2 = 1/2.
    TtfsNetwork net = single(1.0, 0.0, 3.0);
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(new double[] {Math.PI / 2}, ws);
    assertEquals(1, ws.spikeCount(1));
    assertEquals(3 * Math.PI / 4, net.outputTimes(ws)[0], EPS);
    assertFalse(net.outputSilent(ws)[0]);
    double[] g = new double[2];
    net.backward(new double[] {1.0}, ws, g);
    assertEquals(-0.5, g[0], EPS);
    assertEquals(-0.5, g[1], EPS);
    assertEquals(0.5, ws.inputTimeGradient()[0], EPS);
    assertEquals(3 * Math.PI / 4, net.phaseResponse(Math.PI / 2, 1.0), EPS);
  }

  @Test
  void silentOutputUsesLayerwisePseudospike() {
    // 1 -> 1 -> 1, input silent, T = 1. Hidden phi0 = pi/2 - 1: phi_h(T) = pi/2, r = 1/2, silent.
    // Output w = 2 so x = 1; output phi0 = pi/2 - 1: phi_o(T) = pi/2 (psi = 0), H = pi/2 + atan(1) = 3 pi/4,
    // t = T + pi - 3 pi/4 = 1 + pi/4. dH/dphi = dH/dw = cos^2(pi/4) = 1/2, so dt/dw_out = -1/2 * r = -1/4,
    // dt/dphi0_out = -1/2, dt/dphi0_h = -1/2 * w / Theta = -1/pi, dt/dw_in = 0 (input silent).
    double phi0 = Math.PI / 2 - 1;
    TtfsNetwork net = new TtfsNetwork(theta, new int[] {1, 1, 1}, 1.0,
        new double[] {0.9, phi0, 2.0, phi0});
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(new double[] {INF}, ws);
    assertEquals(0, ws.spikeCount(1));
    assertTrue(net.outputSilent(ws)[0]);
    assertEquals(1 + Math.PI / 4, net.outputTimes(ws)[0], EPS);
    double[] g = new double[4];
    net.backward(new double[] {1.0}, ws, g);
    assertArrayEquals(new double[] {0.0, -1 / Math.PI, -0.25, -0.5}, g, EPS);
  }

  @Test
  void lifSingleInputCrossing() {
    // tau = 1, V_th = 1, input w = 5 at t1 = 0.5 from rest: V = 5 (s - s^2), crossing 5 s^2 - 5 s + 1 = 0,
    // s* = (5 + sqrt 5) / 10, t = 0.5 + ln(10 / (5 + sqrt 5)). dV/dw = s - s^2 = 1/5 and dV/dt = -V + I =
    // -1 + 5 s^2 = (1 + sqrt 5)/2, so dt/dw = -(1/5) / ((1 + sqrt 5)/2) = -0.4 / (1 + sqrt 5), dt/dt1 = 1.
    // Params: {w, V0, I0}. After the spike I = 5 s*^2 = 2.618 < 4, so no second spike.
    TtfsNetwork net = new TtfsNetwork(lif, new int[] {1, 1}, 3.0, new double[] {5.0, 0.0, 0.0});
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(new double[] {0.5}, ws);
    assertEquals(1, ws.spikeCount(1));
    assertEquals(0.5 + Math.log(10 / (5 + Math.sqrt(5))), net.outputTimes(ws)[0], EPS);
    double[] g = new double[3];
    net.backward(new double[] {1.0}, ws, g);
    assertEquals(-0.4 / (1 + Math.sqrt(5)), g[0], EPS);
    assertEquals(1.0, ws.inputTimeGradient()[0], EPS);
  }

  @Test
  void lifSilentOutputGetsPseudospikeTime() {
    // w = 3 at t = 0.5 peaks at 3/4 < V_th: silent. At T = 3, s = e^-2.5: V(T) = 3 (s - s^2), I(T) = 3 s^2.
    // Pseudospike: E = softplus_alpha(I(T)) with alpha = V_th / 2, t = T + ln((V_th - V(T) + E) / E).
    TtfsNetwork net = new TtfsNetwork(lif, new int[] {1, 1}, 3.0, new double[] {3.0, 0.0, 0.0});
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(new double[] {0.5}, ws);
    assertTrue(net.outputSilent(ws)[0]);
    double s = Math.exp(-2.5);
    double vT = 3 * (s - s * s);
    double iT = 3 * s * s;
    double e = 0.5 * Math.log1p(Math.exp(iT / 0.5));
    double expected = 3.0 + Math.log((1 - vT + e) / e);
    assertEquals(expected, net.outputTimes(ws)[0], EPS);
    // dt/dw by hand: dV(T)/dw = s - s^2, dI(T)/dw = s^2, dE/dI = sigmoid(I / alpha);
    // dt/dV = -1 / (1 - V + E), dt/dE = 1 / (1 - V + E) - 1 / E.
    double d = 1 - vT + e;
    double sig = 1 / (1 + Math.exp(-iT / 0.5));
    double dtdw = -(s - s * s) / d + (1 / d - 1 / e) * sig * s * s;
    double[] g = new double[3];
    net.backward(new double[] {1.0}, ws, g);
    assertEquals(dtdw, g[0], EPS);
    // By superposition V(T) gains V0 e^-T and I0 (e^-T - e^-2T); I(T) gains I0 e^-2T.
    double eT = Math.exp(-3.0);
    assertEquals(-eT / d, g[1], EPS);
    assertEquals(-(eT - eT * eT) / d + (1 / d - 1 / e) * sig * eT * eT, g[2], EPS);
  }

  @Test
  void lifInitialCurrentFiresWithoutInput() {
    // V0 = 0, I0 = 5, no input: same crossing as above from t = 0: t = ln(10 / (5 + sqrt 5)).
    TtfsNetwork net = new TtfsNetwork(lif, new int[] {1, 1}, 3.0, new double[] {1.0, 0.0, 5.0});
    TtfsWorkspace ws = net.newWorkspace();
    net.forward(new double[] {INF}, ws);
    assertEquals(Math.log(10 / (5 + Math.sqrt(5))), net.outputTimes(ws)[0], EPS);
  }
}
