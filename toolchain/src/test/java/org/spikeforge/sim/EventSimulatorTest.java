package org.spikeforge.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikeforge.grad.ReferenceNets;
import org.spikeforge.model.ThetaModel;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

class EventSimulatorTest {

  private static Network single(NeuronModel model, NeuronParams params, double trialEnd, double... inputWeights) {
    Projection.Builder pr = Projection.newBuilder().setSource("input").setTarget("n").setRows(1)
        .setCols(inputWeights.length);
    for (double w : inputWeights) {
      pr.addWeights(w);
    }
    return Network.newBuilder().setName("single").setModel(model).setParams(params).setTrialEnd(trialEnd)
        .setNumInputs(inputWeights.length).addPopulations(Population.newBuilder().setName("n").setSize(1))
        .addProjections(pr).build();
  }

  private static InputSpikes in(double[]... perChannel) {
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(perChannel.length);
    for (double[] times : perChannel) {
      SpikeTrain.Builder tr = SpikeTrain.newBuilder();
      for (double t : times) {
        tr.addTimes(t);
      }
      b.addTrains(tr);
    }
    return b.build();
  }

  @Test
  void singleQifNeuronSpikesAtTheClosedFormTimeAndHasHandComputedPseudospike() {
    // One input of weight 9 at t = 0.5 into a QIF neuron at rest, tau = 1: from t = 0.5, V0 = 0, I0 = 9 = 3^2, so
    // the spike comes after -ln(1 - pi/6) (table of SCIENCE.md 1.1 with arctan(0) = 0), then V = -inf.
    Network net = single(NeuronModel.QIF_EXP, NeuronParams.newBuilder().setTau(1).build(), 3.0, 9.0);
    Trace trace = NetworkSimulator.simulate(net, in(new double[] {0.5}));
    assertEquals("float", trace.getSource());
    double expected = 0.5 - Math.log(1 - Math.PI / 6);
    assertEquals(1, trace.getPopulations(0).getSpikes(0).getTimesCount());
    assertEquals(expected, trace.getPopulations(0).getSpikes(0).getTimes(0), 1e-14);
    // After the spike: V = -inf, I = 9 e^{-2 (t - 0.5)}. The second crossing from V = -inf needs
    // u* = pi / sqrt(I) < 1, i.e. I > pi^2, which never holds since I < 9 < pi^2: no more spikes.
    // Pseudospike: no recurrent input, so I_p = I(T) and c = 10 ln(1 + e^{I(T)/10}); V(T) from the closed form.
    double tk = expected;
    double iAtSpike = 9 * Math.exp(-2 * (tk - 0.5));
    double s = Math.exp(-(3.0 - tk));
    double a = Math.sqrt(iAtSpike);
    double vT = a * s * Math.tan(-Math.PI / 2 + a * (1 - s));
    double iT = iAtSpike * s * s;
    double c = 10 * Math.log(1 + Math.exp(iT / 10));
    double sigma = Math.sqrt(c);
    double phase = (Math.atan((vT - 0.5) / sigma) + Math.PI / 2) / sigma;
    double pseudo = 3.0 + Math.PI / sigma - phase;
    assertEquals(1, trace.getPopulations(0).getPseudospikes(0).getTimesCount());
    assertEquals(pseudo, trace.getPopulations(0).getPseudospikes(0).getTimes(0), 1e-12);
  }

  @Test
  void thetaChainMatchesHandComputedPhases() {
    // Theta = 6 (tau = 6/pi, I0 = 5/4). Neuron a starts at phase 1, input w = 2 at t = 1 moves it to H(2, 2);
    // it then spikes at 1 + 6 - H(2, 2). Neuron b (phase 3) receives 0.5 from a then.
    ThetaModel m = new ThetaModel(6 / Math.PI, 1.25);
    Network net = Network.newBuilder().setName("chain").setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25)).setTrialEnd(8).setNumInputs(1)
        .addPopulations(Population.newBuilder().setName("a").setSize(1).addInitialV(1.0))
        .addPopulations(Population.newBuilder().setName("b").setSize(1).addInitialV(0.5).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("a").setRows(1).setCols(1)
            .addWeights(2.0))
        .addProjections(Projection.newBuilder().setSource("a").setTarget("b").setRows(1).setCols(1)
            .addWeights(0.5))
        .build();
    Trace trace = NetworkSimulator.simulate(net, in(new double[] {1.0}));
    double ta = 1 + 6 - m.phaseResponse(2.0, 2.0);
    assertEquals(ta, trace.getPopulations(0).getSpikes(0).getTimes(0), 1e-13);
    double tb = ta + 6 - m.phaseResponse(0.5 + ta, 0.5);
    assertEquals(tb, trace.getPopulations(1).getSpikes(0).getTimes(0), 1e-13);
    assertTrue(tb < 8);
    // a spiked once (its second spike would be at ta + 6 > 8): no pseudospike for it.
    assertEquals(0, trace.getPopulations(0).getPseudospikes(0).getTimesCount());
  }

  @Test
  void simultaneousInputsCoalesceIntoOneJump() {
    // Two channels at the same time with weights 1.5 and 2.5 act exactly like one channel with weight 4.
    for (NeuronModel model : new NeuronModel[] {NeuronModel.QIF_EXP, NeuronModel.LIF_EXP, NeuronModel.THETA}) {
      NeuronParams p = NeuronParams.newBuilder().setTau(1).setThreshold(1).setDrive(0.5).build();
      Trace two = NetworkSimulator.simulate(single(model, p, 5, 1.5, 2.5), in(new double[] {0.7}, new double[] {0.7}));
      Trace one = NetworkSimulator.simulate(single(model, p, 5, 4.0), in(new double[] {0.7}));
      assertEquals(one.getPopulations(0).getSpikes(0).getTimesList(), two.getPopulations(0).getSpikes(0)
          .getTimesList(), model.toString());
      assertTrue(one.getPopulations(0).getSpikes(0).getTimesCount() > 0, model.toString());
      EventLog log = new EventSimulator().run(CompiledNetwork.fromProto(single(model, p, 5, 1.5, 2.5)),
          InputTrains.ofSingleSpikes(new double[] {0.7, 0.7}), new EventLog());
      assertEquals(EventLog.JUMP, log.recordKind(0));
      assertEquals(2, log.contributionEnd(0) - log.contributionStart(0), "one record, two contributions");
      assertEquals(4.0, log.recordWeight(0), 0.0);
    }
  }

  @Test
  void recurrentQifMatchesTimeSteppedReference() {
    for (long seed = 3000; seed < 3003; seed++) {
      ReferenceNets.Sample sample = ReferenceNets.qifRecurrent(seed);
      compareWithStepped(sample, true, 1e-6);
    }
  }

  @Test
  void lifLayerMatchesTimeSteppedReference() {
    Random rnd = new Random(8);
    for (int rep = 0; rep < 3; rep++) {
      int n = 6;
      Projection.Builder inProj = Projection.newBuilder().setSource("input").setTarget("rec").setRows(n).setCols(3);
      Projection.Builder rec = Projection.newBuilder().setSource("rec").setTarget("rec").setRows(n).setCols(n);
      for (int k = 0; k < 3 * n; k++) {
        inProj.addWeights(1 + 2 * rnd.nextDouble());
      }
      for (int k = 0; k < n * n; k++) {
        rec.addWeights(rnd.nextGaussian() * 0.5);
      }
      Population.Builder pop = Population.newBuilder().setName("rec").setSize(n);
      for (int k = 0; k < n; k++) {
        pop.addInitialV(0.3 * rnd.nextDouble()).addInitialI(rnd.nextDouble());
      }
      Network net = Network.newBuilder().setName("lif").setModel(NeuronModel.LIF_EXP)
          .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(5).setNumInputs(3)
          .addPopulations(pop).addProjections(inProj).addProjections(rec).build();
      InputSpikes input = in(new double[] {0.2, 1.1, 2.5}, new double[] {0.4, 3.0}, new double[] {1.7});
      compareWithStepped(new ReferenceNets.Sample(net, input), false, 1e-6);
    }
  }

  private static void compareWithStepped(ReferenceNets.Sample sample, boolean qif, double tol) {
    Network net = sample.network();
    Population pop = net.getPopulations(0);
    int n = pop.getSize();
    double[] wRec = null;
    double[] wIn = null;
    for (Projection p : net.getProjectionsList()) {
      double[] w = p.getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
      if (p.getSource().equals("input")) {
        wIn = w;
      } else {
        wRec = w;
      }
    }
    double[] v0 = pop.getInitialVList().stream().mapToDouble(Double::doubleValue).toArray();
    double[] i0 = pop.getInitialIList().stream().mapToDouble(Double::doubleValue).toArray();
    InputSpikes input = sample.input();
    int count = 0;
    for (SpikeTrain tr : input.getTrainsList()) {
      count += tr.getTimesCount();
    }
    double[][] spikes = new double[count][];
    int k = 0;
    for (int c = 0; c < input.getTrainsCount(); c++) {
      for (double t : input.getTrains(c).getTimesList()) {
        spikes[k++] = new double[] {t, c};
      }
    }
    SteppedReference ref = new SteppedReference(qif, net.getParams().getTau(), net.getParams().getThreshold(), n,
        net.getNumInputs(), wIn, wRec);
    List<List<Double>> expected = ref.run(v0, i0, spikes, net.getTrialEnd(), 2e-3);
    Trace trace = NetworkSimulator.simulate(net, input);
    int total = 0;
    for (int j = 0; j < n; j++) {
      List<Double> got = trace.getPopulations(0).getSpikes(j).getTimesList();
      assertEquals(expected.get(j).size(), got.size(), "spike count of neuron " + j + " in " + net.getName());
      for (int s = 0; s < got.size(); s++) {
        assertEquals(expected.get(j).get(s), got.get(s), tol, "spike " + s + " of neuron " + j);
        total++;
      }
    }
    assertTrue(total > n, "too few spikes to be a meaningful comparison: " + total);
  }

  @Test
  void invalidNetworksAreRejectedWithTheField() {
    Network ok = single(NeuronModel.QIF_EXP, NeuronParams.newBuilder().setTau(1).build(), 3.0, 9.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompiledNetwork.fromProto(ok.toBuilder().setProjections(0,
            ok.getProjections(0).toBuilder().setCols(2)).build()));
    assertTrue(e.getMessage().startsWith("projections[0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CompiledNetwork.fromProto(ok.toBuilder().setParams(NeuronParams.newBuilder().setTau(-1)).build()));
    assertTrue(e.getMessage().contains("tau"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CompiledNetwork.fromProto(ok.toBuilder().setModel(NeuronModel.THETA)
            .setParams(NeuronParams.newBuilder().setTau(1).setDrive(0.2)).build()));
    assertTrue(e.getMessage().contains("drive"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NetworkSimulator.simulate(ok,
        in(new double[] {2.0, 1.0})));
    assertTrue(e.getMessage().contains("trains[0].times[1]"), e.getMessage());
  }

  @Test
  void runsAreDeterministicAndWorkspacesReusable() {
    ReferenceNets.Sample a = ReferenceNets.qifRecurrent(5);
    ReferenceNets.Sample b = ReferenceNets.thetaFeedForward(6);
    EventSimulator sim = new EventSimulator();
    EventLog log = new EventLog();
    CompiledNetwork na = CompiledNetwork.fromProto(a.network());
    CompiledNetwork nb = CompiledNetwork.fromProto(b.network());
    InputTrains ia = InputTrains.fromProto(a.input(), na.numInputs());
    InputTrains ib = InputTrains.fromProto(b.input(), nb.numInputs());
    sim.run(na, ia, log);
    double[] first = java.util.Arrays.copyOf(log.spikeTimes(), log.totalSpikes());
    long hash = log.structureHash();
    sim.run(nb, ib, log);
    sim.run(na, ia, log);
    assertEquals(hash, log.structureHash());
    assertEquals(java.util.Arrays.toString(first),
        java.util.Arrays.toString(java.util.Arrays.copyOf(log.spikeTimes(), log.totalSpikes())));
    // several spikes per neuron in the recurrent QIF reference net
    assertTrue(log.totalSpikes() >= 2 * log.neuronCount(), "spikes: " + log.totalSpikes());
    Network back = na.toProto(a.network());
    assertEquals(a.network(), back);
  }
}
