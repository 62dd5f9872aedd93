package org.spikeforge.hw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/** Each target's check and lower refuse a conv/pool projection by name, before reading it as a dense matrix. */
class DenseOnlyTest {
  private static Network pooled() {
    MapShape in = MapShape.newBuilder().setChannels(1).setHeight(2).setWidth(2).build();
    MapShape out = MapShape.newBuilder().setChannels(1).setHeight(1).setWidth(1).build();
    return Network.newBuilder().setName("p").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(2).setNumInputs(4)
        .setInputShape(in)
        .addPopulations(Population.newBuilder().setName("h1").setSize(1).setShape(out).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("h1").setRows(1).setCols(4)
            .setSumPool2D(SumPool2d.newBuilder().setKernelH(2).setKernelW(2)).addWeights(0.5))
        .build();
  }

  @Test
  void loihi2NamesItselfInCheckAndLower() {
    String expected = "projections[0] (h1 <- input) is a sum_pool2d projection: conv layers are not lowered to"
        + " loihi2 yet";
    var t = Targets.byName("loihi2");
    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> t.check(pooled(), QuantSpec.defaults(0.1))).getMessage());
    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> t.lower(pooled(), QuantSpec.defaults(0.1), Calibration.none())).getMessage());
  }

  @Test
  void xyloNamesItsDenseOnlyLimit() {
    var t = Targets.byName("xylo");
    assertEquals("projections[0] (h1 <- input) is a sum_pool2d projection: conv layers are not lowered to "
            + t.name() + " yet (Xylo has dense input, dense recurrent and dense readout weights only)",
        assertThrows(IllegalArgumentException.class, () -> t.check(pooled(), QuantSpec.defaults(0.1))).getMessage());
  }
}
