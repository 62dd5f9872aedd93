package org.spikeforge.ttfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Projection;

/** Conv, pool and flatten layers round-trip through the proto exactly; bad conv protos fail with one line. */
class ConvProtoCodecTest {

  @Test
  void everyArchitectureRoundTripsExactly() {
    for (ConvNets.Arch arch : ConvNets.Arch.values()) {
      for (long seed = 1; seed <= 20; seed++) {
        for (TtfsNetwork net : new TtfsNetwork[] {ConvNets.theta(arch, seed), ConvNets.lif(arch, seed)}) {
          Network proto = net.toProto("conv");
          TtfsNetwork back = TtfsNetwork.fromProto(proto);
          assertArrayEquals(net.parameters(), back.parameters(), 0.0, arch + " seed " + seed);
          for (int l = 1; l <= net.numLayers(); l++) {
            assertEquals(net.connectivity(l), back.connectivity(l), arch + " seed " + seed + " layer " + l);
          }
          assertEquals(proto, back.toProto("conv"));
          double[] in = ConvNets.inputs(seed, net.layerSize(0), net.trialEnd());
          TtfsWorkspace a = net.newWorkspace();
          TtfsWorkspace b = back.newWorkspace();
          net.forward(in, a);
          back.forward(in, b);
          assertArrayEquals(net.outputTimes(a), back.outputTimes(b), 0.0);
        }
      }
    }
  }

  @Test
  void protoCarriesTheDocumentedKernelLayoutAndShapes() {
    Connectivity conv = Connectivity.conv(2, 5, 7, 3, 3, 2, 2, 2, 1, 1);
    Connectivity pool = Connectivity.pool(3, conv.outH(), conv.outW(), 1, 2, 0 + 1, 2, 0, 0, 1.5);
    Connectivity dense = Connectivity.flatten(3, pool.outH(), pool.outW(), 4);
    TtfsNetwork net = TtfsNetwork.lifUniformInit(new Connectivity[] {conv, pool, dense}, 1.0, 1.0, 2.0, 1.0, 3);
    Network proto = net.toProto("layout");
    assertEquals(2, proto.getInputShape().getChannels());
    assertEquals(5, proto.getInputShape().getHeight());
    assertEquals(7, proto.getInputShape().getWidth());
    assertEquals(3, conv.outH()); // (5 + 2 - 3) / 2 + 1
    assertEquals(4, conv.outW()); // (7 + 2 - 2) / 2 + 1
    Projection c = proto.getProjections(0);
    assertEquals(3, c.getConv2D().getKernelH());
    assertEquals(2, c.getConv2D().getKernelW());
    assertEquals(3 * 2 * 3 * 2, c.getWeightsCount());
    // weights[((o * in + i) * kh + ky) * kw + kx]: o = 2, i = 1, ky = 2, kx = 1 is the last one
    assertEquals(net.parameters()[net.weightOffset(1) + 35], c.getWeights(((2 * 2 + 1) * 3 + 2) * 2 + 1));
    assertEquals(3, proto.getPopulations(0).getShape().getChannels());
    assertEquals(1, proto.getProjections(1).getWeightsCount());
    assertEquals(1.5, proto.getProjections(1).getWeights(0));
    assertEquals(3 * pool.outH() * pool.outW(), proto.getProjections(2).getCols());
    assertTrue(!proto.getProjections(2).hasConv2D() && !proto.getProjections(2).hasSumPool2D());
  }

  @Test
  void badConvProtosFailWithOneLineNamingTheField() {
    Network good = ConvNets.lif(ConvNets.Arch.CONV_POOL, 4).toProto("bad");
    Network noShape = good.toBuilder().clearInputShape().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TtfsNetwork.fromProto(noShape));
    assertTrue(e.getMessage().contains("network 'bad' projections[0]") && e.getMessage().contains("input_shape"),
        e.getMessage());
    Projection p0 = good.getProjections(0);
    Network bigKernel = good.toBuilder().setProjections(0, p0.toBuilder().setConv2D(p0.getConv2D().toBuilder()
        .setKernelH(40))).build();
    e = assertThrows(IllegalArgumentException.class, () -> TtfsNetwork.fromProto(bigKernel));
    assertTrue(e.getMessage().contains("projections[0].conv2d") && e.getMessage().contains("larger than"),
        e.getMessage());
    Projection p1 = good.getProjections(1);
    Network twoPoolWeights = good.toBuilder().setProjections(1, p1.toBuilder().addWeights(1.0)).build();
    e = assertThrows(IllegalArgumentException.class, () -> TtfsNetwork.fromProto(twoPoolWeights));
    assertTrue(e.getMessage().contains("projections[1].weights: expected 1"), e.getMessage());
    Network badShape = good.toBuilder().setInputShape(good.getInputShape().toBuilder().setWidth(99)).build();
    e = assertThrows(IllegalArgumentException.class, () -> TtfsNetwork.fromProto(badShape));
    assertTrue(e.getMessage().contains("input_shape: channels * height * width must equal"), e.getMessage());
  }
}
