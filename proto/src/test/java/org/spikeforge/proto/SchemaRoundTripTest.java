package org.spikeforge.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Test;

class SchemaRoundTripTest {
  @Test
  void networkSurvivesBinaryAndJson() throws Exception {
    Network net =
        Network.newBuilder()
            .setName("tiny")
            .setModel(NeuronModel.THETA)
            .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25))
            .setTrialEnd(2.0)
            .setNumInputs(2)
            .addPopulations(Population.newBuilder().setName("out").setSize(1).addInitialV(3.0).setOutput(true))
            .addProjections(
                Projection.newBuilder().setSource("input").setTarget("out").setRows(1).setCols(2)
                    .addWeights(0.25).addWeights(-0.5))
            .build();
    assertEquals(net, Network.parseFrom(net.toByteArray()));
    Network.Builder fromJson = Network.newBuilder();
    JsonFormat.parser().merge(JsonFormat.printer().print(net), fromJson);
    assertEquals(net, fromJson.build());
  }

  @Test
  void hardwareConfigKeepsFamilyOneof() throws Exception {
    HardwareConfig cfg =
        HardwareConfig.newBuilder()
            .setTarget("loihi2")
            .addLayers(HwLayer.newBuilder().setName("h").setSize(1).setFanIn(1).addWeights(-7)
                .setLoihi2(Loihi2Lif.newBuilder().setDu(100).setDv(200).setVth(1000)))
            .build();
    HardwareConfig back = HardwareConfig.parseFrom(cfg.toByteArray());
    assertEquals(HwLayer.NeuronCase.LOIHI2, back.getLayers(0).getNeuronCase());
    assertEquals(-7, back.getLayers(0).getWeights(0));
  }
}
