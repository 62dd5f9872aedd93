package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;

class NetxExporterTest {

  @Test
  void lavaWeightLoadMatchesHandValues() {
    // MIXED with 8 weight bits keeps 7 magnitude bits: the lowest bit is dropped (floor).
    assertArrayEquals(new int[] {36, -38, 254, -256, 254},
        LavaWeightLoad.effective(new int[] {37, -37, 255, -256, 300}, LavaWeightLoad.MIXED, 8));
    // INHIBITORY truncates the magnitude: -37 with 6 bits -> -(37 >> 2 << 2) = -36.
    assertArrayEquals(new int[] {-36, 0}, LavaWeightLoad.effective(new int[] {-37, 5}, LavaWeightLoad.INHIBITORY, 6));
    assertArrayEquals(new int[] {37, 255}, LavaWeightLoad.effective(new int[] {37, 400}, LavaWeightLoad.EXCITATORY, 8));
  }

  @Test
  void netxRescalingFollowsItsRuleByHand() {
    // max 3, min -5: scale = min(127/3, 128/5 = 25.6) -> floor(log2) = 4, +1 signed = 5 bits of scale;
    // 3 is odd so no trailing zeros, minus the sign bit -> n = -1; bits = 8 - 5 + 1 = 4; exponent -5.
    NetxWeightRebuild r = NetxWeightRebuild.of(new int[] {3, -5});
    assertEquals(4, r.numWeightBits());
    assertEquals(-5, r.weightExp());
    // Lava keeps 4 bits in MIXED mode: drops 8 - 4 + 1 = 5 low bits of 96 and -160, which are zero.
    assertArrayEquals(new int[] {96, -160}, r.weights());
    assertTrue(r.reproduces(new int[] {3, -5}));
    // Excitatory 200 and 8: scale 255/200 -> 0 bits; trailing zeros 3 -> 5 bits; exponent 0.
    NetxWeightRebuild e = NetxWeightRebuild.of(new int[] {200, 8});
    assertEquals(5, e.numWeightBits());
    assertEquals(0, e.weightExp());
    assertTrue(e.reproduces(new int[] {200, 8}));
    // Mixed weights above 254 are clipped by netx, and excitatory ones above 255 need a positive exponent.
    assertFalse(NetxWeightRebuild.of(new int[] {300, -1}).reproduces(new int[] {300, -1}));
    assertFalse(NetxWeightRebuild.of(new int[] {300, 1}).reproduces(new int[] {300, 1}));
    assertFalse(NetxWeightRebuild.of(new int[] {0, 0}).reproduces(new int[] {0, 0}));
  }

  @Test
  void fileHasNetxLayoutFieldByField(@TempDir Path dir) throws Exception {
    HardwareConfig cfg = DemoLoihi2Config.build(11, 5, 8, 3, 40);
    Path file = dir.resolve("demo.net");
    NetxExporter.write(cfg, file);
    try (HdfFile h = new HdfFile(file)) {
      assertEquals("input", h.getDatasetByPath("layer/0/type").getData());
      assertArrayEquals(new int[] {5}, (int[]) h.getDatasetByPath("layer/0/shape").getData());
      assertEquals(3, ((io.jhdf.api.Group) h.getByPath("layer")).getChildren().size());
      for (int i = 1; i <= 2; i++) {
        HwLayer l = cfg.getLayers(i - 1);
        String g = "layer/" + i + "/";
        assertEquals("dense", h.getDatasetByPath(g + "type").getData());
        assertArrayEquals(new int[] {l.getSize()}, (int[]) h.getDatasetByPath(g + "shape").getData());
        int[][] w = (int[][]) h.getDatasetByPath(g + "weight").getData();
        assertEquals(l.getSize(), w.length);
        assertEquals(l.getFanIn(), w[0].length);
        for (int r = 0; r < l.getSize(); r++) {
          for (int c = 0; c < l.getFanIn(); c++) {
            int raw = l.getWeights(r * l.getFanIn() + c);
            // MIXED, 8 bits, exponent 0: Lava uses the weight with its lowest bit cleared (floor).
            assertEquals(Math.floorDiv(raw, 2) * 2, w[r][c], "weight " + r + "," + c);
          }
        }
        int[] bias = (int[]) h.getDatasetByPath(g + "bias").getData();
        for (int k = 0; k < l.getSize(); k++) {
          // bias_exp 6 in the demo equals netx's fixed exponent, so the mantissa is copied.
          assertEquals(l.getLoihi2().getBiasMant(k), bias[k]);
        }
        assertNull(((io.jhdf.api.Group) h.getByPath(g + "neuron")).getChildren().get("messageBits"));
        assertEquals("CUBA", h.getDatasetByPath(g + "neuron/type").getData());
        assertIntegerScalar(h.getDatasetByPath(g + "neuron/iDecay"), l.getLoihi2().getDu() + 1);
        assertIntegerScalar(h.getDatasetByPath(g + "neuron/vDecay"), l.getLoihi2().getDv());
        assertIntegerScalar(h.getDatasetByPath(g + "neuron/vThMant"), l.getLoihi2().getVth());
        assertNull(((io.jhdf.api.Group) h.getByPath("layer/" + i)).getChildren().get("delay"));
      }
    }
    NetxReader.NetxFile back = NetxReader.read(file);
    assertEquals(5, back.numInputs());
    assertEquals(1025, back.layers().get(0).iDecay());
  }

  @Test
  void delaysAndExponentsCarryOver(@TempDir Path dir) {
    HardwareConfig cfg = DemoLoihi2Config.build(12, 4, 6, 2, 20);
    HwLayer.Builder h = cfg.getLayers(0).toBuilder().setInputDelay(4);
    h.getLoihi2Builder().setWeightExp(1).setBiasExp(7);
    HardwareConfig shifted = cfg.toBuilder().setLayers(0, h).build();
    Path file = dir.resolve("d.net");
    NetxExporter.write(shifted, file);
    NetxExporter.DenseLayer l = NetxReader.read(file).layers().get(0);
    assertEquals(3, l.delay());
    assertEquals(Math.floorDiv(h.getWeights(0), 2) * 2 * 2, l.weight()[0][0]);
    assertEquals(h.getLoihi2().getBiasMant(1) * 2, l.bias()[1]);
  }

  @Test
  void unrepresentableConfigsAreRefusedByField(@TempDir Path dir) {
    HardwareConfig cfg = DemoLoihi2Config.build(13, 4, 6, 2, 20);
    HwLayer.Builder odd = cfg.getLayers(0).toBuilder();
    odd.getLoihi2Builder().setWeightExp(-2);
    assertField("layers[0].loihi2.weight_exp", cfg.toBuilder().setLayers(0, odd).build(), dir);
    HwLayer.Builder rec = cfg.getLayers(1).toBuilder().addAllRecurrentWeights(java.util.Collections.nCopies(4, 1));
    assertField("layers[1].recurrent_weights", cfg.toBuilder().setLayers(1, rec).build(), dir);
    HwLayer.Builder bias = cfg.getLayers(0).toBuilder();
    bias.getLoihi2Builder().setBiasExp(0).setBiasMant(0, 3);
    assertField("layers[0].loihi2.bias_mant", cfg.toBuilder().setLayers(0, bias).build(), dir);
    assertField("target", cfg.toBuilder().setTarget("xylo").build(), dir);
  }

  private static void assertField(String field, HardwareConfig cfg, Path dir) {
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class,
        () -> NetxExporter.write(cfg, dir.resolve("bad.net")));
    assertEquals(field, e.field(), e.getMessage());
    assertFalse(dir.resolve("bad.net").toFile().exists());
  }

  /** Floats here make a netx run hang: the datasets must be integer typed. */
  private static void assertIntegerScalar(Dataset d, int expected) {
    assertTrue(d.isScalar());
    assertTrue(d.getData() instanceof Integer, "integer typed");
    assertEquals(expected, d.getData());
  }
}
