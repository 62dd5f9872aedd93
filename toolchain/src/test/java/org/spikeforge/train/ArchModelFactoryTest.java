package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.Network;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;

/** {@link ModelFactory} with {@code arch}: the same initial net as {@code hidden} when dense, conv nets otherwise. */
class ArchModelFactoryTest {
  private static TrainConfig config(String model, Map<String, Object> more) {
    TrainConfig base = TrainConfig.defaultsFor(model);
    return base.with(more, "test");
  }

  @Test
  void aDenseArchIsBitIdenticalToHidden() {
    for (String model : new String[] {"theta", "lif", "lif-delta"}) {
      Map<String, Object> extra = "lif-delta".equals(model) ? Map.of("drive", 1.5) : Map.of();
      TrainConfig hidden = config(model, merge(extra, Map.of("hidden", "7,5", "weight-mean", 0.5)));
      TrainConfig arch = config(model, merge(extra, Map.of("arch", "dense7,dense5,dense3", "weight-mean", 0.5)));
      assertArrayEquals(ModelFactory.create(hidden, 6, 3).params(), ModelFactory.create(arch, 6, 3).params(),
          model);
    }
  }

  private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(a);
    m.putAll(b);
    return m;
  }

  @Test
  void aConvArchBuildsTheLayersItNames() {
    TrainConfig c = config("lif", Map.of("arch", "conv3x2x2s1p1,pool2,dense3", "pool-weight", 9.0,
        "dataset", "fashion-mnist"));
    SpikingClassifier<?> m = ModelFactory.create(c, 1, 4, 5, 3);
    Network proto = m.toNetwork("conv");
    TtfsNetwork net = TtfsNetwork.fromProto(proto);
    // (4 + 2 - 3) + 1 = 4 rows, (5 + 2 - 2) + 1 = 6 columns, pooled to 2 x 3, flattened 2 * 2 * 3 = 12 onto 3
    assertEquals(Connectivity.conv(1, 4, 5, 2, 3, 2, 1, 1, 1, 1), net.connectivity(1));
    assertEquals(Connectivity.flatten(2, 2, 3, 3), net.connectivity(3));
    assertEquals(1, proto.getInputShape().getChannels());
    assertEquals(4, proto.getInputShape().getHeight());
    assertEquals(5, proto.getInputShape().getWidth());
    assertTrue(proto.getProjections(0).hasConv2D());
    assertEquals(9.0, proto.getProjections(1).getWeights(0));
    // weights U(+-3 / sqrt(in * kh * kw)) + 2 / sqrt(6): the conv fan-in is its kernel, not its whole input
    double bound = 3 / Math.sqrt(6);
    double shift = 2 / Math.sqrt(6);
    for (int i = 0; i < net.weightCount(1); i++) {
      double w = net.parameters()[net.weightOffset(1) + i];
      assertTrue(w >= shift - bound && w <= shift + bound, "weight " + i + " = " + w);
    }
  }

  @Test
  void aPoolThatDoesNotDivideIsRefusedWithItsShape() {
    TrainConfig c = config("lif", Map.of("arch", "conv3x2x2p1,pool2,dense3", "dataset", "fashion-mnist"));
    String e = assertThrows(ConfigException.class, () -> ModelFactory.create(c, 1, 4, 6, 3)).getMessage();
    assertTrue(e.contains("arch layer 2 'pool2' on a 2x4x7 input: a 2x2 pool must divide its input"), e);
  }

  @Test
  void theLifAutoPoolWeightFiresOneInputSpikeAtAFifthOfATwentiethOfTau() {
    // from rest a weight-w spike gives V = w (s - s^2), s = exp(-t / tau): crossing 1 at t = 0.05 tau needs
    // w = 1 / (exp(-0.05) - exp(-0.1)) = 21.5555...
    TrainConfig c = config("lif", Map.of());
    double expected = 1.0 / (Math.exp(-0.05) - Math.exp(-0.1));
    assertEquals(expected, ModelFactory.poolWeight(c), 1e-9 * expected);
    TrainConfig t3 = config("lif", Map.of("threshold", 3.0));
    assertEquals(3 * expected, ModelFactory.poolWeight(t3), 3e-9 * expected);
  }

  @Test
  void theThetaAutoPoolWeightMovesTheMidPhaseTo005TauBeforeTheSpike() {
    // Phi^-1(Theta / 2) = 1/2; the jump to Theta - 0.05 tau needs V = 1/2 + r tan(pi / 2 - 0.05 r), r = sqrt(I0 - 1/4):
    // w = r cot(0.05 r); the default drive 1.25 gives r = 1, w = cot(0.05) = 19.98...
    TrainConfig c = config("theta", Map.of());
    double r = Math.sqrt(c.drive() - 0.25);
    double expected = r / Math.tan(0.05 * r);
    assertEquals(expected, ModelFactory.poolWeight(c), 1e-7 * expected);
    assertEquals(7.5, ModelFactory.poolWeight(config("theta", Map.of("pool-weight", 7.5))));
  }

  @Test
  void configRefusesArchsThatCannotWork() {
    String e = assertThrows(ConfigException.class, () -> config("lif", Map.of("arch", "conv3x3x2,dense3")))
        .getMessage();
    assertTrue(e.contains("needs an image dataset (yinyang has 4+1 flat inputs)"), e);
    e = assertThrows(ConfigException.class, () -> config("lif-delta", Map.of("drive", 1.5, "arch",
        "conv3x3x2,dense3", "dataset", "fashion-mnist"))).getMessage();
    assertTrue(e.contains("conv and pool layers train with the lif and theta models, not lif-delta"), e);
    e = assertThrows(ConfigException.class, () -> config("lif", Map.of("pool-weight", -1.0))).getMessage();
    assertTrue(e.contains("pool-weight -1.0 must be finite and >= 0"), e);
  }
}
