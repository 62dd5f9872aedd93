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
}
