package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.hw.export.NirExchangeTest.node;
import static org.spikeforge.hw.export.NirExchangeTest.writeGraph;

import io.jhdf.HdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * NIR Conv2d, SumPool2d and Flatten. The fixture is asymmetric everywhere (a 3×2 kernel, a 5×7 input, stride 1×2,
 * padding 1×0, a 1×3 pool, every weight different), so a transposed kernel or swapped (h, w) fails.
 */
class NirConvTest {
  private static MapShape shape(int c, int h, int w) {
    return MapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
  }

  /** input 1x5x7 -> conv 3x2, 2 channels, stride (1, 2), pad (1, 0) -> 2x5x3 -> pool 1x3 -> 2x5x1 -> dense 3. */
  static Network convNet() {
    Projection.Builder conv = Projection.newBuilder().setSource("input").setTarget("c1").setRows(30).setCols(35)
        .setConv2D(Conv2d.newBuilder().setKernelH(3).setKernelW(2).setStrideH(1).setStrideW(2).setPadH(1));
    for (int q = 0; q < 2 * 1 * 3 * 2; q++) {
      conv.addWeights(0.25 + 0.125 * q - (q % 3) * 0.5);
    }
    Projection.Builder dense = Projection.newBuilder().setSource("p1").setTarget("output").setRows(3).setCols(10);
    for (int q = 0; q < 30; q++) {
      dense.addWeights(Math.sin(q + 1.0));
    }
    return Network.newBuilder().setName("conv").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(2.0).setThreshold(0.75)).setTrialEnd(4.0).setNumInputs(35)
        .setInputShape(shape(1, 5, 7))
        .addPopulations(Population.newBuilder().setName("c1").setSize(30).setShape(shape(2, 5, 3)))
        .addPopulations(Population.newBuilder().setName("p1").setSize(10).setShape(shape(2, 5, 1)))
        .addPopulations(Population.newBuilder().setName("output").setSize(3).setOutput(true))
        .addProjections(conv)
        .addProjections(Projection.newBuilder().setSource("c1").setTarget("p1").setRows(10).setCols(30)
            .addWeights(7.3).setSumPool2D(SumPool2d.newBuilder().setKernelH(1).setKernelW(3).setStrideH(1)
                .setStrideW(3)))
        .addProjections(dense)
        .build();
  }

  @Test
  void exportWritesNirsLayoutsAndImportRestoresTheNetworkExactly(@TempDir Path dir) throws Exception {
    Network net = convNet();
    Path file = dir.resolve("conv.nir");
    NirExporter.write(net, 0.01, "test", file);
    try (HdfFile h = new HdfFile(file)) {
      assertArrayEquals(new long[] {1, 5, 7}, (long[]) h.getDatasetByPath("node/nodes/input/shape").getData());
      assertEquals("Conv2d", h.getDatasetByPath("node/nodes/input_to_c1/type").getData());
      double[][][][] w = (double[][][][]) h.getDatasetByPath("node/nodes/input_to_c1/weight").getData();
      assertEquals(List.of(2, 1, 3, 2), List.of(w.length, w[0].length, w[0][0].length, w[0][0][0].length));
      for (int o = 0; o < 2; o++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 2; x++) {
            assertEquals(net.getProjections(0).getWeights((o * 3 + y) * 2 + x), w[o][0][y][x], o + " " + y + " " + x);
          }
        }
      }
      assertArrayEquals(new long[] {5, 7}, (long[]) h.getDatasetByPath("node/nodes/input_to_c1/input_shape").getData());
      assertArrayEquals(new long[] {1, 2}, (long[]) h.getDatasetByPath("node/nodes/input_to_c1/stride").getData());
      assertArrayEquals(new long[] {1, 0}, (long[]) h.getDatasetByPath("node/nodes/input_to_c1/padding").getData());
      assertEquals("SumPool2d", h.getDatasetByPath("node/nodes/c1_to_p1/type").getData());
      assertArrayEquals(new long[] {1, 3}, (long[]) h.getDatasetByPath("node/nodes/c1_to_p1/kernel_size").getData());
      assertEquals("Flatten", h.getDatasetByPath("node/nodes/p1_to_lif_output_flatten/type").getData());
      assertArrayEquals(new long[] {2, 5, 1},
          (long[]) h.getDatasetByPath("node/nodes/p1_to_lif_output_flatten/input_type").getData());
      double[][][] tau = (double[][][]) h.getDatasetByPath("node/nodes/c1/tau_mem").getData();
      assertEquals(List.of(2, 5, 3), List.of(tau.length, tau[0].length, tau[0][0].length));
      // the pool weight rides on its target's r
      assertEquals(7.3, ((double[][][]) h.getDatasetByPath("node/nodes/p1/r").getData())[1][4][0]);
    }
    assertEquals(net, NirImporter.read(file));
  }

  /** A conv graph as other tools write it: scalar stride and dilation, parameters in the layer's shape, w_in = 1. */
  private static void foreignGraph(Path file, long groups, double[] rChannel1) {
    writeGraph(file, g -> {
      node(g, "x", "Input").putDataset("shape", new long[] {1, 4, 5});
      WritableGroup c = node(g, "conv", "Conv2d");
      c.putDataset("weight", new double[][][][] {{{{1, 2}, {3, 4}}}, {{{-1, 0.5}, {0.25, -2}}}});
      c.putDataset("stride", 1L);
      c.putDataset("padding", new long[] {0, 0});
      c.putDataset("dilation", 1L);
      c.putDataset("groups", groups);
      c.putDataset("bias", new double[] {0, 0});
      c.putDataset("input_shape", new long[] {4, 5});
      cuba(node(g, "lif1", "CubaLIF"), 2, 3, 4, rChannel1);
      WritableGroup pool = node(g, "pool", "SumPool2d");
      pool.putDataset("kernel_size", new long[] {3, 2});
      pool.putDataset("stride", new long[] {3, 2});
      pool.putDataset("padding", new long[] {0, 0});
      cuba(node(g, "lif2", "CubaLIF"), 2, 1, 2, null);
      WritableGroup f = node(g, "flat", "Flatten");
      f.putDataset("start_dim", 0L);
      f.putDataset("end_dim", -1L);
      f.putDataset("input_type", new long[] {2, 1, 2});
      node(g, "fc", "Linear").putDataset("weight", new double[][] {{1, 2, 3, 4}, {-1, -2, -3, -4}});
      cuba(node(g, "lif3", "CubaLIF"), 1, 1, 2, null);
      node(g, "y", "Output").putDataset("shape", new long[] {2});
    }, new String[][] {{"x", "conv"}, {"conv", "lif1"}, {"lif1", "pool"}, {"pool", "lif2"}, {"lif2", "flat"},
        {"flat", "fc"}, {"fc", "lif3"}, {"lif3", "y"}});
  }

  /** CubaLIF with tau_mem 0.02, tau_syn 0.01, w_in 1 (scale r * 1 / 0.01 = 100 r), threshold 1, shape c x h x w. */
  private static void cuba(WritableGroup g, int c, int h, int w, double[] rChannel1) {
    double[][][] tm = new double[c][h][w];
    double[][][] ts = new double[c][h][w];
    double[][][] one = new double[c][h][w];
    double[][][] r = new double[c][h][w];
    double[][][] zero = new double[c][h][w];
    for (int i = 0; i < c; i++) {
      for (int y = 0; y < h; y++) {
        java.util.Arrays.fill(tm[i][y], 0.02);
        java.util.Arrays.fill(ts[i][y], 0.01);
        java.util.Arrays.fill(one[i][y], 1.0);
        java.util.Arrays.fill(r[i][y], 1.0);
      }
    }
    if (rChannel1 != null) {
      for (int k = 0; k < rChannel1.length; k++) {
        r[1][k / w][k % w] = rChannel1[k];
      }
    }
    g.putDataset("tau_mem", tm);
    g.putDataset("tau_syn", ts);
    g.putDataset("r", r);
    g.putDataset("v_leak", zero);
    g.putDataset("v_threshold", one);
    g.putDataset("v_reset", zero);
    g.putDataset("w_in", one);
  }

  @Test
  void aConvGraphInTheLayoutOtherToolsWriteImports(@TempDir Path dir) {
    Path file = dir.resolve("foreign.nir");
    foreignGraph(file, 1, new double[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
    Network net = NirImporter.read(file);
    assertEquals(0.02, net.getParams().getTau());
    assertEquals(shape(1, 4, 5), net.getInputShape());
    assertEquals(shape(2, 3, 4), net.getPopulations(0).getShape());
    assertEquals(shape(2, 1, 2), net.getPopulations(1).getShape());
    Projection conv = net.getProjections(0);
    assertEquals(Conv2d.newBuilder().setKernelH(2).setKernelW(2).setStrideH(1).setStrideW(1).build(),
        conv.getConv2D());
    // scale 100 for channel 0, 200 (r = 2) for channel 1: the kernel stays in (out, in, kh, kw) order
    assertEquals(List.of(100.0, 200.0, 300.0, 400.0, -200.0, 100.0, 50.0, -400.0), conv.getWeightsList());
    assertEquals(List.of(100.0), net.getProjections(1).getWeightsList());
    assertEquals(2, net.getProjections(1).getSumPool2D().getKernelW());
    Projection fc = net.getProjections(2);
    assertEquals("lif2", fc.getSource());
    assertEquals(4, fc.getCols());
    assertEquals(-400.0, fc.getWeights(7));
  }

  @Test
  void sharedWeightsThatTheNeuronsScaleDifferentlyAreRefused(@TempDir Path dir) {
    Path file = dir.resolve("uneven.nir");
    foreignGraph(file, 1, new double[] {2, 2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2});
    String e = assertThrows(BadExchangeFileException.class, () -> NirImporter.read(file)).getMessage();
    assertTrue(e.contains("node/nodes/conv/weight") && e.contains("shared over output channel 1 of lif1")
        && e.contains("at neuron 15"), e);
  }

  @Test
  void groupedConvolutionIsRefusedNamingTheField(@TempDir Path dir) {
    Path file = dir.resolve("grouped.nir");
    foreignGraph(file, 2, null);
    String e = assertThrows(BadExchangeFileException.class, () -> NirImporter.read(file)).getMessage();
    assertTrue(e.contains("node/nodes/conv/groups") && e.contains("must be 1"), e);
  }

  @Test
  void aDenseLayerOntoAFeatureMapIsRefusedAtExport(@TempDir Path dir) {
    Network net = convNet().toBuilder().setPopulations(2, Population.newBuilder().setName("output").setSize(3)
        .setOutput(true).setShape(shape(3, 1, 1))).build();
    String e = assertThrows(BadExchangeFileException.class,
        () -> NirExporter.write(net, 0.01, "t", dir.resolve("x.nir"))).getMessage();
    assertTrue(e.contains("projections[2]") && e.contains("Unflatten"), e);
  }
}
