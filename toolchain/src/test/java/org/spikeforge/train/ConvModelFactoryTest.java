package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.Network;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;

/** A proto conv net read back by {@link ModelFactory#fromNetwork} runs in the layered engine (TtfsClassifier). */
class ConvModelFactoryTest {
  @Test
  void convProtoBecomesALayeredClassifier() {
    Connectivity conv = Connectivity.conv(1, 4, 5, 2, 3, 2, 1, 2, 1, 0);
    Connectivity pool = Connectivity.pool(2, conv.outH(), conv.outW(), 2, 1, 2, 1, 0, 0, 1.0);
    Connectivity dense = Connectivity.flatten(2, pool.outH(), pool.outW(), 3);
    TtfsNetwork net = TtfsNetwork.lifUniformInit(new Connectivity[] {conv, pool, dense}, 1.0, 1.0, 2.0, 8.0, 5);
    Network proto = net.toProto("conv");
    SpikingClassifier<?> model = ModelFactory.fromNetwork(proto);
    assertTrue(model instanceof TtfsClassifier, model.getClass().getName());
    assertEquals(20, model.layerSize(0));
    assertEquals(3, model.layerSize(model.numLayers()));
  }
}
