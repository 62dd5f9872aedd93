package org.spikeforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThetaModelTest {
  // The MNIST parameters of SCIENCE.md 4: tau = 6 / pi, I0 = 5/4 gives Theta = 6.
  private final ThetaModel model = new ThetaModel(6 / Math.PI, 1.25);

  @Test
  void periodOfMnistParameters() {
    assertEquals(6.0, model.period(), 1e-14);
  }

  @Test
  void phaseAdvancesWithUnitSpeedUnderTheVoltageOde() {
    // tau dV/dt = V(V - 1) + I0 integrated by RK4 while V stays moderate: Phi(V(t)) = Phi(V0) + t.
    double tau = model.tau();
    for (double v0 : new double[] {-3.0, 0.0, 0.5, 2.0}) {
      double phi0 = model.phaseOf(v0);
      // cross-check the angle form against the voltage ODE itself while V stays moderate
      double vTheta = v0;
      for (int k = 0; k < 20000; k++) {
        double hh = 0.2 / 20000;
        double k1 = (vTheta * (vTheta - 1) + 1.25) / tau;
        double k2 = ((vTheta + 0.5 * hh * k1) * (vTheta + 0.5 * hh * k1 - 1) + 1.25) / tau;
        double k3 = ((vTheta + 0.5 * hh * k2) * (vTheta + 0.5 * hh * k2 - 1) + 1.25) / tau;
        double k4 = ((vTheta + hh * k3) * (vTheta + hh * k3 - 1) + 1.25) / tau;
        vTheta += hh / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      }
      assertEquals(phi0 + 0.2, model.phaseOf(vTheta), 1e-9, "Phi(V(0.2)) from V0=" + v0);
    }
  }

  @Test
  void phaseResponseIsPhiOfShiftedPotential() {
    Random rnd = new Random(2);
    double[] out = new double[1];
    for (int k = 0; k < 200; k++) {
      double phi = rnd.nextDouble() * model.period();
      double w = rnd.nextGaussian();
      model.jump(new double[] {phi}, w, out, null, null);
      double ref = model.phaseOf(model.potentialOf(phi) + w);
      assertEquals(ref, out[0], 1e-11);
    }
    model.jump(new double[] {0.0}, 3.0, out, null, null);
    assertEquals(0.0, out[0], 0.0); // V = -infinity ignores input
    // coalescing is exact: H(H(phi, w1), w2) = H(phi, w1 + w2)
    double h12 = model.phaseResponse(model.phaseResponse(2.0, 0.3), -0.7);
    assertEquals(model.phaseResponse(2.0, -0.4), h12, 1e-13);
  }

  @Test
  void derivativesMatchFiniteDifferences() {
    Random rnd = new Random(4);
    for (int k = 0; k < 200; k++) {
      double[] x = {rnd.nextDouble() * 0.98 * model.period() + 0.01};
      double w = rnd.nextGaussian();
      ModelChecks.flowDerivatives(model, x, 0.3, "flow");
      ModelChecks.spikeDerivatives(model, x, "spike");
      ModelChecks.jumpDerivatives(model, x, w, "jump");
      ModelChecks.afterSpikeDerivatives(model, x, model.timeToSpike(x), "afterSpike");
      double room = model.period() - x[0];
      ModelChecks.jumpTimeDerivative(model, x, 0.2 * room, w, 0.1, new double[] {1.3}, "jump time");
    }
  }
}
