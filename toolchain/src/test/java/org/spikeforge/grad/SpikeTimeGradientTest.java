package org.spikeforge.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.model.ThetaModel;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;
import org.spikeforge.sim.SimulationOptions;

class SpikeTimeGradientTest {
  private static final double TAU = 6 / Math.PI;

  private static Network thetaSingle(double phi0, double w, double trialEnd) {
    return Network.newBuilder().setName("theta1").setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(TAU).setDrive(1.25)).setTrialEnd(trialEnd).setNumInputs(1)
        .addPopulations(Population.newBuilder().setName("n").setSize(1).addInitialV(phi0))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("n").setRows(1).setCols(1)
            .addWeights(w))
        .build();
  }

  @Test
  void singleThetaNeuronGradientIsTheHandDerivedOne() {
    // t = t_in + Theta - H(phi0 + t_in, w): dt/dw = -H_w, dt/dphi0 = -H_phi, dt/dt_in = 1 - H_phi.
    ThetaModel m = new ThetaModel(TAU, 1.25);
    double phi0 = 1.0;
    double w = 1.5;
    double tIn = 0.8;
    CompiledNetwork net = CompiledNetwork.fromProto(thetaSingle(phi0, w, 8));
    InputTrains in = InputTrains.ofSingleSpikes(new double[] {tIn});
    EventLog log = new EventSimulator().run(net, in, new EventLog());
    assertEquals(1, log.spikeCount(0));
    double[] out = new double[1];
    double[] jac = new double[1];
    double[] dw = new double[1];
    m.jump(new double[] {phi0 + tIn}, w, out, jac, dw);
    assertEquals(tIn + 6 - out[0], log.spikeTime(0, 0), 1e-13);
    ParameterGradients g = new ParameterGradients(net, 1);
    new SpikeTimeGradient().backward(log, new double[] {1.0}, new double[log.totalPseudospikes()], g);
    assertEquals(-dw[0], g.weights()[0], 1e-13);
    assertEquals(-jac[0], g.initialState()[0], 1e-13);
    assertEquals(1 - jac[0], g.inputTimes()[0], 1e-13);
  }

  @Test
  void silentThetaNeuronPseudospikeGradient() {
    // T = 1: the neuron stays silent; its pseudospike is T + Theta - H(phi(T), 0) = T + Theta - (phi' + T - t_in)
    // with phi' = H(phi0 + t_in, w): d/dw = -H_w, d/dphi0 = -H_phi, d/dt_in = 1 - H_phi, as for a real spike.
    ThetaModel m = new ThetaModel(TAU, 1.25);
    CompiledNetwork net = CompiledNetwork.fromProto(thetaSingle(1.0, 0.7, 1.0));
    EventLog log = new EventSimulator().run(net, InputTrains.ofSingleSpikes(new double[] {0.4}), new EventLog());
    assertEquals(0, log.spikeCount(0));
    assertEquals(1, log.pseudospikeCount(0));
    double[] out = new double[1];
    double[] jac = new double[1];
    double[] dw = new double[1];
    m.jump(new double[] {1.4}, 0.7, out, jac, dw);
    assertEquals(1.0 + 6 - (out[0] + 0.6), log.pseudospikeTime(0, 0), 1e-13);
    ParameterGradients g = new ParameterGradients(net, 1);
    new SpikeTimeGradient().backward(log, null, new double[] {1.0}, g);
    assertEquals(-dw[0], g.weights()[0], 1e-13);
    assertEquals(-jac[0], g.initialState()[0], 1e-13);
    assertEquals(1 - jac[0], g.inputTimes()[0], 1e-13);
  }

  @Test
  void thetaNetsWithShortTrialsCheckManyPseudospikes() {
    // T = 1.5 leaves most neurons silent, so the layer-wise pseudospike scheme carries most of the gradient.
    GradientCheck.Checker checker = new GradientCheck.Checker();
    long silent = 0;
    long checked = 0;
    double worst = 0;
    for (long seed = 500; seed < 530; seed++) {
      ReferenceNets.Sample s = ReferenceNets.thetaFeedForward(seed);
      CompiledNetwork net = CompiledNetwork.fromProto(s.network().toBuilder().setTrialEnd(1.5).build());
      InputTrains in = InputTrains.fromProto(s.input(), net.numInputs());
      EventLog log = new EventSimulator(SimulationOptions.DEFAULT).run(net, in, new EventLog());
      silent += log.totalPseudospikes();
      checker.check(net, in, seed);
      checked += checker.checked;
      worst = Math.max(worst, checker.worst);
      assertTrue(checker.skipped <= 2, "skips " + checker.skipped);
    }
    assertTrue(silent > 100, "silent neurons: " + silent);
    assertTrue(checked > 2000);
    assertTrue(worst <= GradientCheck.TOLERANCE, "worst relative error " + worst);
  }

  @Test
  void nthSpikeLossUsesPseudospikesBeyondTheTrial() {
    // Squared error of the first three spike times of neuron 0 of the recurrent QIF net (3 pseudospikes): the
    // gradient through spikeOrPseudospike/addToNthSpike equals the central difference of the loss in one weight.
    ReferenceNets.Sample s = ReferenceNets.qifRecurrent(3001);
    CompiledNetwork net = CompiledNetwork.fromProto(s.network());
    InputTrains in = InputTrains.fromProto(s.input(), net.numInputs());
    EventSimulator sim = new EventSimulator(SimulationOptions.DEFAULT.withQifPseudospikes(3));
    EventLog log = sim.run(net, in, new EventLog());
    int neuron = 0;
    double[] target = {1.0, 2.5, 4.0};
    double[] dSpike = SpikeTimeGradient.spikeBuffer(log);
    double[] dPseudo = SpikeTimeGradient.pseudoBuffer(log);
    for (int n = 0; n < 3; n++) {
      double t = log.spikeOrPseudospike(neuron, n);
      assertTrue(SpikeTimeGradient.addToNthSpike(log, neuron, n, 2 * (t - target[n]), dSpike, dPseudo));
    }
    ParameterGradients g = new ParameterGradients(net, in.spikeCount());
    new SpikeTimeGradient().backward(log, dSpike, dPseudo, g);
    int wi = net.weightOffset(1) + 3; // recurrent weight 0 <- 3
    double w0 = net.weights()[wi];
    double h = 1e-6;
    net.weights()[wi] = w0 + h;
    double plus = nthLoss(sim.run(net, in, new EventLog()), neuron, target);
    net.weights()[wi] = w0 - h;
    double minus = nthLoss(sim.run(net, in, new EventLog()), neuron, target);
    net.weights()[wi] = w0;
    assertEquals((plus - minus) / (2 * h), g.weights()[wi], 1e-6 * Math.max(1, Math.abs(g.weights()[wi])));
  }

  private static double nthLoss(EventLog log, int neuron, double[] target) {
    double sum = 0;
    for (int n = 0; n < target.length; n++) {
      double d = log.spikeOrPseudospike(neuron, n) - target[n];
      sum += d * d;
    }
    return sum;
  }
}
