package org.spikeforge.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;

/**
 * LIF_DELTA through the event simulator and the reverse-mode gradient: two small nets solved by hand, and the
 * reference nets against central finite differences. Without a drive every spike sits at an input's arrival, so
 * spike times move one-for-one with input times and not at all with weights or initial states; a drive above
 * threshold adds crossings between inputs, whose times move with all three.
 */
class LifDeltaGradientTest {

  private static Network net(double drive, double[] v0, double[] wIn, double[] wAb, double trialEnd) {
    Network.Builder b = Network.newBuilder().setName("delta").setModel(NeuronModel.LIF_DELTA)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1).setDrive(drive)).setTrialEnd(trialEnd)
        .setNumInputs(1)
        .addPopulations(Population.newBuilder().setName("a").setSize(1).addInitialV(v0[0]).setOutput(wAb == null))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("a").setRows(1).setCols(1)
            .addWeights(wIn[0]));
    if (wAb != null) {
      b.addPopulations(Population.newBuilder().setName("b").setSize(1).addInitialV(v0[1]).setOutput(true))
          .addProjections(Projection.newBuilder().setSource("a").setTarget("b").setRows(1).setCols(1)
              .addWeights(wAb[0]));
    }
    return b.build();
  }

  @Test
  void withoutDriveSpikesSitAtInputArrivals() {
    // tau = 1, V_th = 1, D = 0. a: V0 = 0.1, input weight 0.8 at t = 0.5 and 1.0; a -> b weight 1.5, b: V0 = 0.
    // t = 0.5: V_a = 0.1 e^-0.5 + 0.8 = 0.86065 < 1, no spike.
    // t = 1.0: V_a = 0.86065 e^-0.5 + 0.8 = 1.32201 > 1: a spikes at 1.0 (the arrival), resets to 0;
    //          b jumps to 1.5 > 1 and spikes at 1.0 as well. Nothing else happens up to T = 3.
    // L = t_a + 2 t_b = 3 t_in[1]: dL/dt_in = (0, 3); dL/dw = 0 and dL/dV0 = 0 (piecewise constant).
    CompiledNetwork c = CompiledNetwork.fromProto(net(0, new double[] {0.1, 0}, new double[] {0.8},
        new double[] {1.5}, 3));
    double[] times = {0.5, 1.0};
    InputTrains in = new InputTrains(new int[] {0, 2}, times);
    EventLog log = new EventSimulator().run(c, in, new EventLog());
    assertEquals(1, log.spikeCount(0));
    assertEquals(1, log.spikeCount(1));
    assertEquals(1.0, log.spikeTime(0, 0), 0.0);
    assertEquals(1.0, log.spikeTime(1, 0), 0.0);
    ParameterGradients g = new ParameterGradients(c, 2);
    new SpikeTimeGradient().backward(log, new double[] {1, 2}, null, g);
    assertArrayEquals(new double[] {0, 3}, g.inputTimes(), 0.0);
    assertArrayEquals(new double[] {0, 0}, g.weights(), 0.0);
    assertArrayEquals(new double[] {0, 0}, g.initialState(), 0.0);
    // the finite difference agrees: moving the second input moves both spikes with it
    double h = 1e-6;
    times[1] = 1.0 + h;
    EventLog plus = new EventSimulator().run(c, in, new EventLog());
    times[1] = 1.0 - h;
    EventLog minus = new EventSimulator().run(c, in, new EventLog());
    double fd = (plus.spikeTime(0, 0) + 2 * plus.spikeTime(1, 0) - minus.spikeTime(0, 0)
        - 2 * minus.spikeTime(1, 0)) / (2 * h);
    assertEquals(3, fd, 1e-8);
  }

  @Test
  void aDriveAboveThresholdMakesSpikesMoveWithWeights() {
    // tau = 1, V_th = 1, D = 2, one neuron from V0 = 0.2, one input of weight w = -0.5 at t_in = 0.3, T = 2.
    // Alone it would cross at ln(1.8) = 0.588 > 0.3, so the input comes first:
    //   V(t_in) = 2 - (2 - V0) e^-t_in, after the jump 2 - G with G = (2 - V0) e^-t_in - w = 1.83347,
    //   t1 = t_in + ln(G / (D - V_th)) = t_in + ln G = 0.90621, then from reset t2 = t1 + ln(D / (D - V_th))
    //   = t1 + ln 2 = 1.59936 (t3 = 2.29 > T).
    // dt1/dw = -1/G, dt1/dV0 = -e^-t_in / G, dt1/dt_in = 1 - (2 - V0) e^-t_in / G = -w / G; t2 inherits them.
    double v0 = 0.2;
    double w = -0.5;
    double tIn = 0.3;
    CompiledNetwork c = CompiledNetwork.fromProto(net(2, new double[] {v0}, new double[] {w}, null, 2));
    EventLog log = new EventSimulator().run(c, new InputTrains(new int[] {0, 1}, new double[] {tIn}),
        new EventLog());
    double gG = (2 - v0) * Math.exp(-tIn) - w;
    double t1 = tIn + Math.log(gG);
    assertEquals(2, log.spikeCount(0));
    assertEquals(t1, log.spikeTime(0, 0), 1e-14);
    assertEquals(t1 + Math.log(2), log.spikeTime(0, 1), 1e-14);
    assertEquals(0.90621, t1, 1e-5);
    // L = t1 + 3 t2: every derivative is 4 times dt1/d.
    ParameterGradients g = new ParameterGradients(c, 1);
    new SpikeTimeGradient().backward(log, new double[] {1, 3}, null, g);
    assertEquals(-4 / gG, g.weights()[0], 1e-13);
    assertEquals(-4 * Math.exp(-tIn) / gG, g.initialState()[0], 1e-13);
    assertEquals(-4 * w / gG, g.inputTimes()[0], 1e-13);
  }

  @Test
  void referenceNetsWithoutDriveHaveZeroWeightGradientsAndMatchFiniteDifferences() {
    GradientCheck.Detailed d = GradientCheck.runDetailed("lif-delta", 100, 3000, null);
    GradCheckResult r = d.result();
    System.out.println(r + " structure skips " + d.structureSkips());
    assertTrue(r.worstRelativeError() <= GradientCheck.TOLERANCE, r.toString());
    assertTrue(r.checkedComponents() > 90L * r.seeds(), r.toString());
    assertTrue(r.skippedNearBranch() <= 0.01 * r.checkedComponents(), "too many skips: " + r);
    int[] counts = gradientCounts("lif-delta", 0);
    assertEquals(0, counts[0], "weight gradients must all be 0 without a drive");
    assertEquals(0, counts[1], "initial-state gradients must all be 0 without a drive");
    assertTrue(counts[2] > 100, "input times must move spikes: " + counts[2] + " nonzero components");
    assertTrue(counts[3] > 500, "the nets must spike: " + counts[3] + " spikes");
  }

  @Test
  void referenceNetsWithDriveMatchFiniteDifferences() {
    GradientCheck.Detailed d = GradientCheck.runDetailed("lif-delta-driven", 100, 4000, null);
    GradCheckResult r = d.result();
    System.out.println(r + " structure skips " + d.structureSkips());
    assertTrue(r.worstRelativeError() <= GradientCheck.TOLERANCE, r.toString());
    assertTrue(r.checkedComponents() > 90L * r.seeds(), r.toString());
    assertTrue(r.skippedNearBranch() <= 0.01 * r.checkedComponents(), "too many skips: " + r);
    int[] counts = gradientCounts("lif-delta-driven", GradientCheck.DRIVE);
    assertTrue(counts[0] > 1000, "driven crossings move with the weights: " + counts[0] + " nonzero components");
    assertTrue(counts[1] > 100, "and with initial states: " + counts[1]);
    assertTrue(counts[2] > 100, "and with input times: " + counts[2]);
  }

  /** Nonzero weight, initial-state and input-time gradient components, and spikes, over 100 reference nets. */
  private static int[] gradientCounts(String model, double drive) {
    int[] counts = new int[4];
    EventSimulator sim = new EventSimulator();
    SpikeTimeGradient grad = new SpikeTimeGradient();
    for (long seed = 0; seed < 100; seed++) {
      ReferenceNets.Sample s = ReferenceNets.lifDeltaFeedForward(seed, drive);
      CompiledNetwork c = CompiledNetwork.fromProto(s.network());
      InputTrains in = InputTrains.fromProto(s.input(), c.numInputs());
      EventLog log = sim.run(c, in, new EventLog());
      double[] coef = new double[log.totalSpikes()];
      Random rnd = new Random(seed);
      for (int k = 0; k < coef.length; k++) {
        coef[k] = rnd.nextGaussian();
      }
      ParameterGradients g = new ParameterGradients(c, in.spikeCount());
      grad.backward(log, coef, null, g);
      counts[0] += nonzero(g.weights());
      counts[1] += nonzero(g.initialState());
      counts[2] += nonzero(g.inputTimes());
      counts[3] += log.totalSpikes();
    }
    assertTrue(model.startsWith("lif-delta"));
    return counts;
  }

  private static int nonzero(double[] a) {
    int n = 0;
    for (double v : a) {
      n += v != 0 ? 1 : 0;
    }
    return n;
  }
}
