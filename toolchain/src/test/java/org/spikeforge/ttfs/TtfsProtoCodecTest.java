package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;

/** Proto round trips keep every parameter and the behaviour; bad protos fail with one clear line. */
class TtfsProtoCodecTest {

  @Test
  void thetaRoundTripKeepsParametersAndRowMajorWeights() {
    TtfsNetwork net = TtfsNetwork.thetaPaperInit(new int[] {6, 4, 3}, 6 / Math.PI, 1.25, 2.0, 42);
    Network proto = net.toProto("mini");
    assertEquals(NeuronModel.THETA, proto.getModel());
    assertEquals("input", proto.getProjections(0).getSource());
    assertEquals("h1", proto.getProjections(0).getTarget());
    assertEquals("output", proto.getProjections(1).getTarget());
    assertTrue(proto.getPopulations(1).getOutput());
    // Row-major [target][source] in the proto: weights[r * cols + c] is source c onto target r.
    assertEquals(net.parameters()[net.weightIndex(1, 2, 5)], proto.getProjections(0).getWeights(2 * 6 + 5));
    assertEquals(3.0, proto.getPopulations(0).getInitialV(0), 1e-15);
    TtfsNetwork back = TtfsNetwork.fromProto(proto);
    assertArrayEquals(net.parameters(), back.parameters(), 0.0);
    assertEquals(6.0, back.thetaPeriod(), 1e-12);
  }

  @Test
  void lifRoundTripKeepsInitialCurrents() {
    TtfsNetwork net = RandomNets.lif(9);
    TtfsNetwork back = TtfsNetwork.fromProto(net.toProto("lif"));
    assertArrayEquals(net.parameters(), back.parameters(), 0.0);
    double[] in = RandomNets.inputs(9, net.layerSize(0), net.trialEnd());
    TtfsWorkspace a = net.newWorkspace();
    TtfsWorkspace b = back.newWorkspace();
    net.forward(in, a);
    back.forward(in, b);
    assertArrayEquals(net.outputTimes(a), back.outputTimes(b), 0.0);
  }

  @Test
  void badProtosFailWithOneLineNamingTheField() {
    Network good = RandomNets.theta(5).toProto("bad");
    Network wrongCount = good.toBuilder()
        .setProjections(0, good.getProjections(0).toBuilder().clearWeights()
            .addAllWeights(good.getProjections(0).getWeightsList().subList(1,
                good.getProjections(0).getWeightsCount()))).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TtfsNetwork.fromProto(wrongCount));
    assertTrue(e.getMessage().contains("network 'bad' projections[0]"), e.getMessage());
    Network qif = good.toBuilder().setModel(NeuronModel.QIF_EXP).build();
    e = assertThrows(IllegalArgumentException.class, () -> TtfsNetwork.fromProto(qif));
    assertTrue(e.getMessage().contains("model: must be THETA or LIF_EXP"), e.getMessage());
    Network lowDrive = good.toBuilder().setParams(good.getParams().toBuilder().setDrive(0.2)).build();
    e = assertThrows(IllegalArgumentException.class, () -> TtfsNetwork.fromProto(lowDrive));
    assertTrue(e.getMessage().contains("drive") && e.getMessage().contains("1/4"), e.getMessage());
    Network badPhi = good.toBuilder()
        .setPopulations(0, good.getPopulations(0).toBuilder().addInitialV(1.0)).build();
    e = assertThrows(IllegalArgumentException.class, () -> TtfsNetwork.fromProto(badPhi));
    assertTrue(e.getMessage().contains("populations[0].initial_v"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }
}
