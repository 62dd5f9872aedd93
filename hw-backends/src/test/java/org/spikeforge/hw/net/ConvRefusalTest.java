package org.spikeforge.hw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/** Targets read layers as dense matrices; until conv lowering exists, a conv projection is refused by name. */
class ConvRefusalTest {
  @Test
  void aConvProjectionIsRefusedNamingItsField() {
    MapShape in = MapShape.newBuilder().setChannels(1).setHeight(2).setWidth(3).build();
    MapShape out = MapShape.newBuilder().setChannels(1).setHeight(2).setWidth(2).build();
    Network net = Network.newBuilder().setName("c").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(2).setNumInputs(6)
        .setInputShape(in)
        .addPopulations(Population.newBuilder().setName("h1").setSize(4).setShape(out).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("h1").setRows(4).setCols(6)
            .setConv2D(Conv2d.newBuilder().setKernelH(1).setKernelW(2)).addWeights(0.5).addWeights(-0.5))
        .build();
    NetworkFormatException e = assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(net));
    assertEquals("network 'c': projections[0] (input->h1).conv2d: conv and pool layers are not lowered to any target"
        + " yet; targets take dense layers only", e.getMessage());
  }
}
