package org.spikeforge.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/** Calibration statistics worked out by hand on {@link TinyNets#lifConstantClass()}. */
class CalibrationCollectorTest {
  @Test
  void currentsAndClipsOfUsedSynapsesOnly() {
    Network base = TinyNets.lifConstantClass();
    // hidden 1 never spikes, so a weight of 20 from it must not widen the output layer's clip
    Projection p = base.getProjections(1);
    Network net = base.toBuilder().setProjections(1, p.toBuilder().setWeights(1 * 2 + 1, 20.0)).build();
    Calibration c = CalibrationCollector.collect(net, EncodedData.train(net, "yinyang"), 40, 100, 1.25);
    // h1: every input channel spikes (latency code), largest |w| 8; I jumps 0 -> 8 at the bias spike
    assertEquals(8, c.of("h1").weightClip(), 0);
    assertEquals(8 * 1.25, c.of("h1").maxAbsInputCurrent(), 1e-12);
    // output: only hidden 0 spikes; its weights are 8, 0, 0. Hidden 0 keeps its current after the reset and
    // fires again, so output 0 gets jumps of 8 at each hidden spike: I = 8 + 8 exp(-2 (t2 - t1) / tau) after two
    assertEquals(8, c.of("output").weightClip(), 0);
    TtfsNetwork f = TtfsNetwork.fromProto(net);
    TtfsWorkspace ws = f.newWorkspace();
    double[] in = new double[5];
    EncodedData.train(net, "yinyang").inputTimes(0, in);
    f.forward(in, ws);
    assertEquals(2, ws.spikesOfNeuron(1, 0), "hidden 0 fires twice within T = 4");
    double want = 8 + 8 * Math.exp(-2 * (ws.spikeTime(1, 1) - ws.spikeTime(1, 0)));
    assertEquals(want * 1.25, c.of("output").maxAbsInputCurrent(), 1e-9);
  }

  @Test
  void thetaNetsGetClipsButNoCurrents() {
    Network net = TinyNets.thetaFreeRunning().toBuilder()
        .setProjections(0, TinyNets.thetaFreeRunning().getProjections(0).toBuilder().setWeights(3, -0.75)).build();
    Calibration c = CalibrationCollector.collect(net, EncodedData.train(net, "yinyang"), 10, 100, 1.25);
    assertEquals(0.75, c.of("h1").weightClip(), 0);
    assertTrue(Double.isNaN(c.of("h1").maxAbsInputCurrent()));
    // nothing in h1 spikes within T = 2 (phases 0 + 2 < 6, and a -0.75 kick only slows them)
    assertTrue(Double.isNaN(c.of("output").weightClip()));
  }

  /**
   * A LIF conv net (conv, pool, dense) calibrates without expansion, and its currents are those of the same net
   * expanded to dense matrices (a different engine path: every target of every source updated at every event). At
   * the 100th percentile the clip is the largest |w| over synapses of active sources, which the expansion's zeros
   * cannot change; at a lower percentile the conv clip counts each used kernel entry once.
   */
  @Test
  void convNetsCalibrateAsTheirDenseExpansion() {
    Network.Builder b = org.spikeforge.io.ConvNetworks.conv().setModel(org.spikeforge.proto.NeuronModel.LIF_EXP)
        .setEncoding(org.spikeforge.proto.InputEncoding.newBuilder()
            .setKind(org.spikeforge.proto.InputEncoding.Kind.LATENCY_LINEAR).setTMin(0).setTMax(1));
    b.getParamsBuilder().setTau(1.0).setThreshold(1.0).setDrive(0.0);
    Projection.Builder conv = b.getProjectionsBuilder(0);
    for (int k = 0; k < conv.getWeightsCount(); k++) {
      conv.setWeights(k, conv.getWeights(k) * 3 + 1.5);
    }
    Network net = b.build();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    double[] v = new double[30 * 16];
    for (int k = 0; k < v.length; k++) {
      v[k] = rng.nextDouble() < 0.3 ? 0 : rng.nextDouble();
    }
    var data = new org.spikeforge.data.SpikeDataset("rand", new org.spikeforge.data.DenseFeatures(v, new int[30], 16,
        2), org.spikeforge.data.Encoders.fromProto(net.getEncoding()));
    Network dense = org.spikeforge.io.DenseExpansion.expand(net, java.nio.file.Path.of("conv.net.pb"));
    Calibration c = CalibrationCollector.collect(net, data, 30, 100, 1.25);
    Calibration d = CalibrationCollector.collect(dense, data, 30, 100, 1.25);
    for (String pop : new String[] {"c1", "p1", "out"}) {
      double cur = c.of(pop).maxAbsInputCurrent();
      assertTrue(cur > 0, pop + ": no current");
      assertEquals(d.of(pop).maxAbsInputCurrent(), cur, 1e-12 * cur, pop);
      assertEquals(d.of(pop).weightClip(), c.of(pop).weightClip(), 0, pop);
    }
    assertEquals(1.5, c.of("p1").weightClip(), 0);
    // the kernel has 18 entries; with sources active everywhere each is used once: its median |w|
    double[] k = new double[18];
    for (int e = 0; e < 18; e++) {
      k[e] = net.getProjections(0).getWeights(e);
    }
    assertEquals(org.spikeforge.hw.quant.WeightQuantizer.absPercentile(k, 0, 18, 50),
        CalibrationCollector.collect(net, data, 30, 50, 1.25).of("c1").weightClip(), 0);
  }
}
