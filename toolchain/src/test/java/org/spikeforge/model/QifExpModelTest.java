package org.spikeforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QifExpModelTest {
  private static final double TAU = 1.3;
  private final QifExpModel model = new QifExpModel(TAU);

  /** States in every regime of SCIENCE.md 1.1 and exactly on / next to its boundaries. */
  static Stream<Arguments> states() {
    return Stream.of(
        Arguments.of(0.0, 3.0), // I0 > 0 from rest, spikes (sqrt 3 > pi/2)
        Arguments.of(0.3, 1.0), // I0 > 0, no spike
        Arguments.of(-2.0, 6.0),
        Arguments.of(2.0, 0.0), // I0 = 0 exactly, V0 > 1: spikes
        Arguments.of(0.5, 0.0), // I0 = 0 exactly, no spike
        Arguments.of(2.0, 1e-13), // next to I0 = 0 on both sides
        Arguments.of(2.0, -1e-13),
        Arguments.of(1.5, -1.0), // I0 < 0, V0 > a = 1
        Arguments.of(1.0, -1.0), // |V0| = a exactly
        Arguments.of(-1.0, -1.0), // V0 = -a exactly
        Arguments.of(1.0 + 1e-9, -1.0), // next to |V0| = a
        Arguments.of(1.0 - 1e-9, -1.0),
        Arguments.of(0.2, -0.5), // |V0| < a
        Arguments.of(-3.0, -0.5), // V0 < -a
        Arguments.of(5.0, -4.0),
        Arguments.of(1.7, 0.1));
  }

  @ParameterizedTest
  @MethodSource("states")
  void trajectoryMatchesRk4(double v0, double i0) {
    double[] x = {v0, i0};
    double tSpike = model.timeToSpike(x);
    double tEnd = Math.min(1.5, 0.8 * tSpike);
    double[] out = new double[2];
    for (int k = 1; k <= 4; k++) {
      double t = tEnd * k / 4;
      model.flow(x, t, out, null, null);
      double[] ref = Rk4.qifViaAngle(TAU, v0, i0, t, 20000);
      assertEquals(ref[0], out[0], 1e-8 * Math.max(1, Math.abs(ref[0])), "V at t=" + t);
      assertEquals(ref[1], out[1], 1e-8 * Math.max(1, Math.abs(ref[1])), "I at t=" + t);
      if (Math.abs(out[0]) < 5) {
        double[] direct = Rk4.qif(TAU, v0, i0, t, 20000);
        assertEquals(direct[0], out[0], 1e-8, "V (plain RK4) at t=" + t);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("states")
  void spikeTimeMatchesRk4(double v0, double i0) {
    double t = model.timeToSpike(new double[] {v0, i0});
    double ref = Rk4.qifSpikeTime(TAU, v0, i0, 30, 1e-3);
    if (Double.isInfinite(ref)) {
      // RK4 searched 30 tau-units; the closed form must agree that there is no spike (or only a very late one).
      assertTrue(Double.isInfinite(t) || t > 30, "closed form spikes at " + t);
    } else {
      assertEquals(ref, t, 1e-8 * Math.max(1, ref));
    }
  }

  @Test
  void spikeTimeMatchesTableFormulas() {
    // The table of SCIENCE.md 1.1, regime by regime, away from its boundaries.
    double v0 = 0.4;
    double i0 = 4.0;
    double a = 2.0;
    double table = -TAU * Math.log(1 - Math.PI / (2 * a) + Math.atan(v0 / a) / a);
    assertEquals(table, model.timeToSpike(new double[] {v0, i0}), 1e-13);
    assertEquals(TAU * Math.log(3.0 / 2.0), model.timeToSpike(new double[] {3.0, 0.0}), 1e-13);
    double v1 = 3.0;
    double a1 = 0.5;
    double tableNeg = -TAU * Math.log(1 - atanh(a1 / v1) / a1);
    assertEquals(tableNeg, model.timeToSpike(new double[] {v1, -a1 * a1}), 1e-13);
    assertEquals(Double.POSITIVE_INFINITY, model.timeToSpike(new double[] {0.5, -1.0}));
    // From rest a neuron spikes only if sqrt(I0) > pi/2.
    double crit = Math.PI * Math.PI / 4;
    assertEquals(Double.POSITIVE_INFINITY, model.timeToSpike(new double[] {0.0, crit * 0.999}));
    assertTrue(Double.isFinite(model.timeToSpike(new double[] {0.0, crit * 1.001})));
  }

  @Test
  void tableTrajectoryFormulas() {
    double t = 0.37;
    double s = Math.exp(-t / TAU);
    double[] out = new double[2];
    model.flow(new double[] {0.4, 4.0}, t, out, null, null);
    assertEquals(2 * s * Math.tan(Math.atan(0.4 / 2) + 2 * (1 - s)), out[0], 1e-13);
    model.flow(new double[] {0.4, 0.0}, t, out, null, null);
    assertEquals(0.4 / (0.4 - (0.4 - 1) / s), out[0], 1e-13);
    model.flow(new double[] {3.0, -0.25}, t, out, null, null);
    assertEquals(0.5 * s / Math.tanh(atanh(0.5 / 3.0) - 0.5 * (1 - s)), out[0], 1e-13);
    model.flow(new double[] {0.2, -0.25}, t, out, null, null);
    assertEquals(0.5 * s * Math.tanh(atanh(0.2 / 0.5) - 0.5 * (1 - s)), out[0], 1e-13);
    assertEquals(-0.25 * s * s, out[1], 1e-15);
  }

  @Test
  void resetStateFlowsExactly() {
    // From V = -infinity with I0 = a^2: V = a s tan(-pi/2 + a(1 - s)), first spike after u* = pi / a.
    double i0 = 16.0;
    double[] out = new double[2];
    double t = 0.2;
    model.flow(new double[] {Double.NEGATIVE_INFINITY, i0}, t, out, null, null);
    double s = Math.exp(-t / TAU);
    assertEquals(4 * s * Math.tan(-Math.PI / 2 + 4 * (1 - s)), out[0], 1e-12);
    double[] ref = Rk4.qifViaAngle(TAU, Double.NEGATIVE_INFINITY, i0, t, 20000);
    assertEquals(ref[0], out[0], 1e-8 * Math.abs(ref[0]));
    double spike = model.timeToSpike(new double[] {Double.NEGATIVE_INFINITY, i0});
    assertEquals(-TAU * Math.log(1 - Math.PI / 4), spike, 1e-14);
    assertEquals(Rk4.qifSpikeTime(TAU, Double.NEGATIVE_INFINITY, i0, 10, 1e-3), spike, 1e-8);
    ModelChecks.flowDerivatives(model, new double[] {Double.NEGATIVE_INFINITY, i0}, t, "reset flow");
    ModelChecks.flowDerivatives(model, new double[] {Double.NEGATIVE_INFINITY, -2.0}, t, "reset flow I<0");
    ModelChecks.flowDerivatives(model, new double[] {Double.NEGATIVE_INFINITY, 0.0}, t, "reset flow I=0");
    ModelChecks.spikeDerivatives(model, new double[] {Double.NEGATIVE_INFINITY, i0}, "reset spike");
  }

  @ParameterizedTest
  @MethodSource("states")
  void derivativesMatchFiniteDifferences(double v0, double i0) {
    double[] x = {v0, i0};
    double tSpike = model.timeToSpike(x);
    double dt = Math.min(0.9, 0.5 * tSpike);
    ModelChecks.flowDerivatives(model, x, dt, "flow(" + v0 + "," + i0 + ")");
    if (Double.isFinite(tSpike)) {
      ModelChecks.spikeDerivatives(model, x, "spike(" + v0 + "," + i0 + ")");
      ModelChecks.afterSpikeDerivatives(model, x, tSpike, "afterSpike");
    }
    ModelChecks.jumpDerivatives(model, x, 0.7, "jump");
    double t1 = 0.3 * dt;
    ModelChecks.jumpTimeDerivative(model, x, t1, 0.6, 0.4 * dt, new double[] {0.8, -1.1}, "jump time");
  }

  @Test
  void randomStatesDerivatives() {
    Random rnd = new Random(11);
    int spiking = 0;
    for (int k = 0; k < 300; k++) {
      double v0 = rnd.nextGaussian() * 2;
      double i0 = rnd.nextGaussian() * 4;
      double[] x = {v0, i0};
      double tSpike = model.timeToSpike(x);
      double dt = Math.min(1.0, 0.7 * tSpike) * rnd.nextDouble() + 1e-3;
      ModelChecks.flowDerivatives(model, x, dt, "flow(" + v0 + "," + i0 + ")");
      if (Double.isFinite(tSpike)) {
        spiking++;
        ModelChecks.spikeDerivatives(model, x, "spike(" + v0 + "," + i0 + ")");
      }
    }
    assertTrue(spiking > 50, "too few spiking states: " + spiking);
  }

  @Test
  void valuesAndDerivativesContinuousAcrossRegimeBoundaries() {
    // Crossing I0 = 0 and |V0| = a: the spike time and flow and their partials move by O(step) only.
    double[] g1 = new double[2];
    double[] g2 = new double[2];
    for (double[] pair : new double[][] {{2.0, 0.0}, {1.0, -1.0}, {3.0, -9.0}}) {
      double v = pair[0];
      double i = pair[1];
      double e = 1e-10;
      double a = model.timeToSpike(new double[] {v, i - e}, g1);
      double b = model.timeToSpike(new double[] {v, i + e}, g2);
      if (Double.isFinite(a) && Double.isFinite(b)) {
        assertEquals(a, b, 1e-8);
        assertEquals(g1[0], g2[0], 1e-6 * Math.max(1, Math.abs(g1[0])));
        assertEquals(g1[1], g2[1], 1e-6 * Math.max(1, Math.abs(g1[1])));
      }
      double[] o1 = new double[2];
      double[] o2 = new double[2];
      double[] j1 = new double[4];
      double[] j2 = new double[4];
      model.flow(new double[] {v, i - e}, 0.05, o1, j1, null);
      model.flow(new double[] {v, i + e}, 0.05, o2, j2, null);
      assertEquals(o1[0], o2[0], 1e-8 * Math.max(1, Math.abs(o1[0])));
      for (int k = 0; k < 4; k++) {
        assertEquals(j1[k], j2[k], 1e-6 * Math.max(1, Math.abs(j1[k])), "jacobian entry " + k);
      }
    }
  }

  private static double atanh(double x) {
    return 0.5 * Math.log((1 + x) / (1 - x));
  }
}
