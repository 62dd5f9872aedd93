package org.spikeforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LifExpModelTest {
  private static final double TAU = 0.8;
  private static final double VTH = 1.0;
  private final LifExpModel model = new LifExpModel(TAU, VTH);

  @Test
  void trajectoriesAndSpikeTimesMatchRk4() {
    Random rnd = new Random(3);
    int spiking = 0;
    double[] out = new double[2];
    for (int k = 0; k < 40; k++) {
      double v0 = rnd.nextDouble() * 1.6 - 0.8;
      double i0 = rnd.nextDouble() * 14 - 2;
      if (k == 0) {
        i0 = 0; // I0 = 0 exactly: V decays, never reaches the threshold from below
      }
      double t = 0.1 + rnd.nextDouble();
      model.flow(new double[] {v0, i0}, t, out, null, null);
      double[] ref = Rk4.lif(TAU, v0, i0, t, 10000);
      assertEquals(ref[0], out[0], 1e-10);
      assertEquals(ref[1], out[1], 1e-10);
      double spike = model.timeToSpike(new double[] {v0, i0});
      double refSpike = Rk4.lifSpikeTime(TAU, VTH, v0, i0, 20, 1e-3);
      if (Double.isFinite(refSpike)) {
        spiking++;
        assertEquals(refSpike, spike, 1e-8);
      } else {
        assertEquals(Double.POSITIVE_INFINITY, spike);
      }
    }
    assertTrue(spiking > 5);
  }

  @Test
  void handSolvedCrossing() {
    // V0 = 0, I0 = 4.5, V_th = 1: 4.5 s^2 - 4.5 s + 1 = 0 gives s = 2/3 or 1/3; the earliest crossing is s = 2/3.
    assertEquals(-TAU * Math.log(2.0 / 3.0), model.timeToSpike(new double[] {0, 4.5}), 1e-14);
    // I0 = 0 and V0 < V_th never crosses; V_th reached exactly at the peak is a tangent (disc = 0) root.
    assertEquals(Double.POSITIVE_INFINITY, model.timeToSpike(new double[] {0.5, 0}));
    assertEquals(Double.POSITIVE_INFINITY, model.timeToSpike(new double[] {0, 3.9}));
  }

  @Test
  void derivativesMatchFiniteDifferences() {
    Random rnd = new Random(5);
    for (int k = 0; k < 200; k++) {
      double[] x = {rnd.nextDouble() * 1.6 - 0.8, rnd.nextDouble() * 10 - 2};
      double spike = model.timeToSpike(x);
      double dt = Math.min(1.0, 0.7 * spike) * rnd.nextDouble() + 1e-3;
      ModelChecks.flowDerivatives(model, x, dt, "flow");
      ModelChecks.jumpDerivatives(model, x, rnd.nextGaussian(), "jump");
      ModelChecks.jumpTimeDerivative(model, x, 0.3 * dt, rnd.nextGaussian(), 0.5 * dt,
          new double[] {rnd.nextGaussian(), rnd.nextGaussian()}, "jump time");
      if (Double.isFinite(spike)) {
        ModelChecks.spikeDerivatives(model, x, "spike");
        ModelChecks.afterSpikeDerivatives(model, x, spike, "afterSpike");
      }
    }
  }
}
