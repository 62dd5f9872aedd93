package org.spikeforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** LIF_DELTA closed forms by hand and every partial derivative against central differences. */
class LifDeltaModelTest {
  private static final double TAU = 0.8;
  private static final double VTH = 1.0;

  @Test
  void handSolvedFlowAndCrossings() {
    LifDeltaModel free = new LifDeltaModel(TAU, VTH, 0);
    double[] out = new double[1];
    // tau dV/dt = -V: V(t) = V0 e^(-t / tau); 0.9 e^(-0.4 / 0.8) = 0.9 e^(-1/2)
    free.flow(new double[] {0.9}, 0.4, out, null, null);
    assertEquals(0.9 * Math.exp(-0.5), out[0], 1e-15);
    // without a drive only a state already above threshold spikes, and it does so at once
    assertEquals(Double.POSITIVE_INFINITY, free.timeToSpike(new double[] {0.999}));
    assertEquals(Double.POSITIVE_INFINITY, free.timeToSpike(new double[] {VTH})); // strict: V = V_th is not a spike
    assertEquals(0.0, free.timeToSpike(new double[] {1.2}));
    // drive D = 3: V(t) = 3 + (V0 - 3) e^(-t / tau) reaches 1 from V0 = 0 when e^(-t / tau) = 2/3
    LifDeltaModel driven = new LifDeltaModel(TAU, VTH, 3);
    assertEquals(TAU * Math.log(1.5), driven.timeToSpike(new double[] {0}), 1e-15);
    assertEquals(TAU * Math.log(1.5), LifDeltaKernel.drivenPeriod(TAU, VTH, 3), 1e-15);
    driven.flow(new double[] {0}, TAU * Math.log(1.5), out, null, null);
    assertEquals(VTH, out[0], 1e-15);
    // a drive equal to the threshold is approached, never crossed
    assertEquals(Double.POSITIVE_INFINITY, new LifDeltaModel(TAU, VTH, VTH).timeToSpike(new double[] {0.5}));
    // the jump adds w to V; the reset is 0
    free.jump(new double[] {0.3}, 0.5, out, null, null);
    assertEquals(0.8, out[0], 1e-15);
    driven.afterSpike(new double[] {VTH}, 0.2, out, null, null);
    assertEquals(0.0, out[0]);
    assertTrue(free.firesAtJumps() && free.additiveJumps() && !free.driven() && driven.driven());
  }

  @Test
  void parametersAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new LifDeltaModel(0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new LifDeltaModel(1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LifDeltaModel(1, 1, Double.NaN));
  }

  @Test
  void derivativesMatchFiniteDifferences() {
    Random rnd = new Random(11);
    int crossings = 0;
    for (double drive : new double[] {0, 0.6, 1.7, 3}) {
      LifDeltaModel m = new LifDeltaModel(TAU, VTH, drive);
      for (int k = 0; k < 100; k++) {
        double[] x = {rnd.nextDouble() * 1.8 - 0.8}; // below threshold
        double spike = m.timeToSpike(x);
        double dt = 1e-3 + rnd.nextDouble() * (Double.isFinite(spike) ? 0.7 * spike : 1.0);
        ModelChecks.flowDerivatives(m, x, dt, "flow D=" + drive);
        ModelChecks.jumpDerivatives(m, x, rnd.nextGaussian(), "jump D=" + drive);
        ModelChecks.jumpTimeDerivative(m, x, 0.3 * dt, rnd.nextGaussian(), 0.5 * dt,
            new double[] {rnd.nextGaussian()}, "jump time D=" + drive);
        if (Double.isFinite(spike)) {
          crossings++;
          ModelChecks.spikeDerivatives(m, x, "spike D=" + drive);
          ModelChecks.afterSpikeDerivatives(m, x, spike, "afterSpike D=" + drive);
          // by hand: t* = tau ln((D - V0) / (D - V_th)), so dt*/dV0 = -tau / (D - V0)
          double[] grad = new double[1];
          m.timeToSpike(x, grad);
          assertEquals(-TAU / (drive - x[0]), grad[0], 1e-14);
        }
      }
    }
    assertEquals(200, crossings); // every state below threshold crosses when D > V_th, none otherwise
  }
}
