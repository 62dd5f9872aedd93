package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwConv2d;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwMapShape;
import org.spikeforge.proto.HwSumPool2d;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/**
 * netx conv, pool and flatten blocks. The fixture is asymmetric everywhere (a 3×2 kernel, a 1×5×7 input, stride
 * 1×2, padding 1×0, a 1×3 pool, every kernel entry different), so a transposed or flipped kernel, or swapped
 * (h, w), changes the shapes or the spikes and fails.
 */
class NetxConvTest {
  static final int KH = 3;
  static final int KW = 2;

  private static HwMapShape shape(int c, int h, int w) {
    return HwMapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
  }

  private static Loihi2Lif.Builder lif(int vth) {
    return Loihi2Lif.newBuilder().setDu(1024).setDv(512).setVth(vth).setBiasExp(6).setWeightExp(0)
        .setNumWeightBits(8).setSignMode(2);
  }

  /** input 1x5x7 -> conv 3x2, 2 channels, stride (1, 2), pad (1, 0) -> 2x5x3 -> pool 1x3 -> 2x5x1 -> dense 3. */
  static HardwareConfig convConfig() {
    HwConv2d.Builder conv = HwConv2d.newBuilder().setInShape(shape(1, 5, 7)).setOutShape(shape(2, 5, 3))
        .setKernelH(KH).setKernelW(KW).setStrideH(1).setStrideW(2).setPadH(1);
    for (int q = 0; q < 2 * KH * KW; q++) {
      conv.addKernel(2 * (((q * 7) % 12) * 9 - 30)); // distinct, even, mixed sign
    }
    HwLayer.Builder c1 = HwLayer.newBuilder().setName("c1").setSource("input").setSize(30).setFanIn(35)
        .setInputDelay(1).setConv2D(conv).setLoihi2(lif(120));
    for (int n = 0; n < 30; n++) {
      c1.getLoihi2Builder().addBiasMant(n < 15 ? 64 : 0); // one bias per channel
    }
    HwLayer.Builder p1 = HwLayer.newBuilder().setName("p1").setSource("c1").setSize(10).setFanIn(30).setInputDelay(1)
        .setSumPool2D(HwSumPool2d.newBuilder().setInShape(shape(2, 5, 3)).setOutShape(shape(2, 5, 1)).setKernelH(1)
            .setKernelW(3).setStrideH(1).setStrideW(3).setWeight(90))
        .setLoihi2(lif(100));
    HwLayer.Builder out = HwLayer.newBuilder().setName("output").setSource("p1").setSize(3).setFanIn(10)
        .setInputDelay(1).setOutput(true).setLoihi2(lif(80));
    for (int q = 0; q < 30; q++) {
      out.addWeights((int) Math.round(120 * Math.sin(q + 1.0)) & ~1);
    }
    return HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNetworkName("netx-conv")
        .setNumInputs(35).setDt(0.1).setNumSteps(30).addLayers(c1).addLayers(p1).addLayers(out).build();
  }

  @Test
  void fileHoldsNetxLayoutsAndReadsBackExactly(@TempDir Path dir) throws Exception {
    HardwareConfig cfg = convConfig();
    Path file = dir.resolve("conv.net");
    NetxExporter.write(cfg, file);
    try (HdfFile h = new HdfFile(file)) {
      assertArrayEquals(new int[] {1, 5, 7}, (int[]) h.getDatasetByPath("layer/0/shape").getData());
      assertEquals("conv", h.getDatasetByPath("layer/1/type").getData());
      assertArrayEquals(new int[] {2, 5, 3}, (int[]) h.getDatasetByPath("layer/1/shape").getData());
      int[][][][] w = (int[][][][]) h.getDatasetByPath("layer/1/weight").getData();
      assertEquals(List.of(2, 1, KH, KW), List.of(w.length, w[0].length, w[0][0].length, w[0][0][0].length));
      for (int o = 0; o < 2; o++) {
        for (int y = 0; y < KH; y++) {
          for (int x = 0; x < KW; x++) {
            assertEquals(cfg.getLayers(0).getConv2D().getKernel((o * KH + y) * KW + x), w[o][0][y][x]);
          }
        }
      }
      assertArrayEquals(new int[] {1, 2}, (int[]) h.getDatasetByPath("layer/1/stride").getData());
      assertArrayEquals(new int[] {1, 0}, (int[]) h.getDatasetByPath("layer/1/padding").getData());
      assertArrayEquals(new int[] {1, 1}, (int[]) h.getDatasetByPath("layer/1/dilation").getData());
      // bias_mant 64 at bias_exp 6 is 4096, which netx (bias_exp fixed at 6) holds as 64, one value per channel
      assertArrayEquals(new int[] {64, 0}, (int[]) h.getDatasetByPath("layer/1/bias").getData());
      assertEquals("conv", h.getDatasetByPath("layer/2/type").getData());
      assertEquals(2, ((Number) h.getDatasetByPath("layer/2/groups").getData()).intValue());
      assertTrue(h.getDatasetByPath("layer/2/spikeforgeSumPool") != null);
      assertEquals("flatten", h.getDatasetByPath("layer/3/type").getData());
      assertEquals("dense", h.getDatasetByPath("layer/4/type").getData());
    }
    NetxReader.NetxBlocks back = NetxReader.readBlocks(file);
    List<NetxExporter.Block> sent = NetxExporter.convertBlocks(cfg, "config");
    assertArrayEquals(new int[] {1, 5, 7}, back.inputShape());
    assertEquals(sent.size(), back.blocks().size());
    for (int i = 0; i < sent.size(); i++) {
      assertEquals(describe(sent.get(i)), describe(back.blocks().get(i)), "block " + i);
    }
    // the dense-only reader refuses the map blocks by name rather than misreading them
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class, () -> NetxReader.read(file));
    assertTrue(e.getMessage().contains("layer/0/shape"), e.getMessage());
  }

  /** The integer content of a block as a string, arrays included, for exact comparison. */
  static String describe(NetxExporter.Block b) {
    if (b instanceof NetxExporter.ConvBlock c) {
      return "conv " + java.util.Arrays.toString(c.inChw()) + java.util.Arrays.toString(c.outChw()) + " k" + c.kh()
          + "x" + c.kw() + " s" + c.sh() + "," + c.sw() + " p" + c.ph() + "," + c.pw() + " g" + c.groups() + " "
          + java.util.Arrays.toString(c.kernel()) + " pool=" + c.sumPool() + " b" + java.util.Arrays.toString(c.bias())
          + " n" + c.iDecay() + "," + c.vDecay() + "," + c.vThMant();
    }
    if (b instanceof NetxExporter.FlattenBlock f) {
      return "flatten " + java.util.Arrays.toString(f.chw());
    }
    NetxExporter.DenseLayer d = (NetxExporter.DenseLayer) b;
    return "dense " + d.size() + "x" + d.fanIn() + " " + java.util.Arrays.deepToString(d.weight()) + " b"
        + java.util.Arrays.toString(d.bias()) + " d" + d.delay() + " n" + d.iDecay() + "," + d.vDecay() + ","
        + d.vThMant();
  }

  /**
   * What lava-dl's netx does with a conv group (hdf5.py create_conv), followed by what Lava's Conv computes
   * (proc/conv/utils.py conv_scipy): the file kernel F becomes Lava's W = F[:, :, ::-1, ::-1].transpose(0, 3, 2, 1)
   * of shape (out, kw, kh, in); the input map is (x, y, f); each output channel k is the sum over input channels of
   * scipy.signal.convolve2d(padded input[:, :, c], W[k, :, :, c], 'valid') taken at [::stride_x, ::stride_y].
   * Returns the output in our (c, h, w) order.
   */
  static long[] lavaConvOfNetxFile(int[][][][] f, int[] inChw, int[] stride, int[] pad, int[] inputChw) {
    int o = f.length;
    int ci = f[0].length;
    int kh = f[0][0].length;
    int kw = f[0][0][0].length;
    // W[k][kx][ky][c] = F[k][c][kh-1-ky][kw-1-kx]
    int[][][][] w = new int[o][kw][kh][ci];
    for (int k = 0; k < o; k++) {
      for (int kx = 0; kx < kw; kx++) {
        for (int ky = 0; ky < kh; ky++) {
          for (int c = 0; c < ci; c++) {
            w[k][kx][ky][c] = f[k][c][kh - 1 - ky][kw - 1 - kx];
          }
        }
      }
    }
    int width = inChw[2];
    int height = inChw[1];
    int px = pad[1];
    int py = pad[0];
    int sx = stride[1];
    int sy = stride[0];
    int pw = width + 2 * px;
    int ph = height + 2 * py;
    int validX = pw - kw + 1;
    int validY = ph - kh + 1;
    int outW = (validX - 1) / sx + 1;
    int outH = (validY - 1) / sy + 1;
    long[] out = new long[o * outH * outW];
    for (int k = 0; k < o; k++) {
      for (int c = 0; c < ci; c++) {
        for (int i = 0; i < validX; i += sx) {
          for (int j = 0; j < validY; j += sy) {
            long acc = 0;
            // convolve2d 'valid': out[i, j] = sum_{m,n} in[i + M-1-m, j + N-1-n] * w[m, n]
            for (int m = 0; m < kw; m++) {
              for (int n = 0; n < kh; n++) {
                int x = i + kw - 1 - m - px;
                int y = j + kh - 1 - n - py;
                if (x >= 0 && x < width && y >= 0 && y < height) {
                  acc += (long) inputChw[(c * height + y) * width + x] * w[k][m][n][c];
                }
              }
            }
            out[(k * outH + j / sy) * outW + i / sx] += acc;
          }
        }
      }
    }
    return out;
  }

  /** Our definition (docs/TARGET-SEMANTICS.md): out(o, y, x) = sum K[o, i, ky, kx] in(i, y*sh - ph + ky, x*sw - pw + kx). */
  static long[] ourConv(HwConv2d c, int[] input) {
    int ci = c.getInShape().getChannels();
    int h = c.getInShape().getHeight();
    int wd = c.getInShape().getWidth();
    HwMapShape os = c.getOutShape();
    long[] out = new long[os.getChannels() * os.getHeight() * os.getWidth()];
    for (int o = 0; o < os.getChannels(); o++) {
      for (int y = 0; y < os.getHeight(); y++) {
        for (int x = 0; x < os.getWidth(); x++) {
          long acc = 0;
          for (int i = 0; i < ci; i++) {
            for (int ky = 0; ky < c.getKernelH(); ky++) {
              for (int kx = 0; kx < c.getKernelW(); kx++) {
                int sy = y * c.getStrideH() - c.getPadH() + ky;
                int sx = x * c.getStrideW() - c.getPadW() + kx;
                if (sy >= 0 && sy < h && sx >= 0 && sx < wd) {
                  acc += (long) c.getKernel(((o * ci + i) * c.getKernelH() + ky) * c.getKernelW() + kx)
                      * input[(i * h + sy) * wd + sx];
                }
              }
            }
          }
          out[(o * os.getHeight() + y) * os.getWidth() + x] = acc;
        }
      }
    }
    return out;
  }

  @Test
  void netxAndLavaArithmeticOnTheFileKernelEqualsOurCrossCorrelation(@TempDir Path dir) throws Exception {
    HardwareConfig cfg = convConfig();
    Path file = dir.resolve("conv.net");
    NetxExporter.write(cfg, file);
    int[][][][] f;
    try (HdfFile h = new HdfFile(file)) {
      f = (int[][][][]) h.getDatasetByPath("layer/1/weight").getData();
    }
    HwConv2d c = cfg.getLayers(0).getConv2D();
    SplittableRandom rng = new SplittableRandom(16);
    for (int t = 0; t < 20; t++) {
      int[] in = new int[35];
      for (int q = 0; q < in.length; q++) {
        in[q] = rng.nextInt(2);
      }
      in[rng.nextInt(35)] = 1;
      long[] ours = ourConv(c, in);
      assertArrayEquals(ours, lavaConvOfNetxFile(f, new int[] {1, 5, 7}, new int[] {1, 2}, new int[] {1, 0}, in));
      // the same arithmetic on a kernel flipped in h or w (what a missing or doubled flip would give) differs
      int[][][][] flipped = new int[2][1][KH][KW];
      for (int o = 0; o < 2; o++) {
        for (int y = 0; y < KH; y++) {
          flipped[o][0][y] = f[o][0][KH - 1 - y].clone();
        }
      }
      if (t == 0) {
        in = new int[35];
        in[2 * 7 + 3] = 1; // one spike in the middle: the response is the kernel itself
        assertNotEquals(java.util.Arrays.toString(ourConv(c, in)), java.util.Arrays.toString(
            lavaConvOfNetxFile(flipped, new int[] {1, 5, 7}, new int[] {1, 2}, new int[] {1, 0}, in)));
      }
    }
  }

  /** The config as netx/Lava rebuild it from the file blocks (our emulator's fields, exact integer weights). */
  static HardwareConfig asNetxBuildsIt(HardwareConfig cfg, List<NetxExporter.Block> blocks) {
    HardwareConfig.Builder b = cfg.toBuilder().clearLayers();
    int li = 0;
    for (NetxExporter.Block block : blocks) {
      if (block instanceof NetxExporter.FlattenBlock) {
        continue;
      }
      HwLayer orig = cfg.getLayers(li);
      if (block instanceof NetxExporter.ConvBlock c) {
        NetxWeightRebuild w = NetxWeightRebuild.of(c.kernel());
        assertTrue(w.reproduces(c.kernel()));
        Loihi2Lif.Builder p = Loihi2Lif.newBuilder().setDu(c.iDecay() - 1).setDv(c.vDecay()).setVth(c.vThMant())
            .setBiasExp(NetxExporter.NETX_BIAS_EXP).setWeightExp(w.weightExp()).setNumWeightBits(w.numWeightBits())
            .setSignMode(LavaNames.fromLavaSignMode(LavaWeightLoad.inferSignMode(w.weights())));
        int per = orig.getSize() / c.outChw()[0];
        if (c.bias() != null) {
          for (int n = 0; n < orig.getSize(); n++) {
            p.addBiasMant(c.bias()[n / per]);
          }
        }
        HwLayer.Builder h = HwLayer.newBuilder().setName(orig.getName()).setSource(orig.getSource())
            .setSize(orig.getSize()).setFanIn(orig.getFanIn()).setOutput(orig.getOutput()).setInputDelay(1)
            .setLoihi2(p);
        HwMapShape in = shape(c.inChw()[0], c.inChw()[1], c.inChw()[2]);
        HwMapShape out = shape(c.outChw()[0], c.outChw()[1], c.outChw()[2]);
        if (c.sumPool()) {
          h.setSumPool2D(HwSumPool2d.newBuilder().setInShape(in).setOutShape(out).setKernelH(c.kh())
              .setKernelW(c.kw()).setStrideH(c.sh()).setStrideW(c.sw()).setPadH(c.ph()).setPadW(c.pw())
              .setWeight(w.weights()[0]));
        } else {
          HwConv2d.Builder k = HwConv2d.newBuilder().setInShape(in).setOutShape(out).setKernelH(c.kh())
              .setKernelW(c.kw()).setStrideH(c.sh()).setStrideW(c.sw()).setPadH(c.ph()).setPadW(c.pw());
          for (int x : w.weights()) {
            k.addKernel(x);
          }
          h.setConv2D(k);
        }
        b.addLayers(h);
      } else {
        NetxExporter.DenseLayer d = (NetxExporter.DenseLayer) block;
        HardwareConfig one = NetxRebuildEmulatorTest.asNetxBuildsIt(
            HardwareConfig.newBuilder().addLayers(orig).build(), new NetxExporter.DenseLayer[] {d});
        b.addLayers(one.getLayers(0));
      }
      li++;
    }
    return b.build();
  }

  @Test
  void exportedThenRereadSpikesEqualTheEmulatorsAndAFlippedKernelDoesNot(@TempDir Path dir) {
    HardwareConfig cfg = convConfig();
    Path file = dir.resolve("conv.net");
    NetxExporter.write(cfg, file);
    List<NetxExporter.Block> blocks = NetxReader.readBlocks(file).blocks();
    HardwareConfig rebuilt = asNetxBuildsIt(cfg, blocks);
    // the same file read with the kernel's h and w axes reversed (a flip), or with (h, w) read as (w, h)
    NetxExporter.ConvBlock c = (NetxExporter.ConvBlock) blocks.get(0);
    int[] flipped = new int[c.kernel().length];
    for (int o = 0; o < 2; o++) {
      for (int y = 0; y < KH; y++) {
        for (int x = 0; x < KW; x++) {
          flipped[(o * KH + y) * KW + x] = c.kernel()[(o * KH + (KH - 1 - y)) * KW + (KW - 1 - x)];
        }
      }
    }
    List<NetxExporter.Block> wrong = new java.util.ArrayList<>(blocks);
    wrong.set(0, new NetxExporter.ConvBlock(c.inChw(), c.outChw(), c.kh(), c.kw(), c.sh(), c.sw(), c.ph(), c.pw(),
        c.groups(), flipped, false, c.bias(), c.iDecay(), c.vDecay(), c.vThMant()));
    HardwareConfig flippedCfg = asNetxBuildsIt(cfg, wrong);
    SplittableRandom rng = new SplittableRandom(5);
    int spikes = 0;
    int differs = 0;
    for (int s = 0; s < 10; s++) {
      InputSpikes in = NetxRebuildEmulatorTest.randomInput(rng, 35, 30, 0.3);
      Trace a = Emulator.run(cfg, in, 30, RecordSpec.none());
      Trace b = Emulator.run(rebuilt, in, 30, RecordSpec.none());
      assertEquals(a.getPopulationsList(), b.getPopulationsList(), "sample " + s);
      Trace f = Emulator.run(flippedCfg, in, 30, RecordSpec.none());
      if (!a.getPopulationsList().equals(f.getPopulationsList())) {
        differs++;
      }
      for (int p = 0; p < a.getPopulationsCount(); p++) {
        spikes += a.getPopulations(p).getSpikesList().stream().mapToInt(SpikeTrain::getStepsCount).sum();
      }
    }
    assertTrue(spikes > 50, "only " + spikes + " spikes: the comparison would be vacuous");
    assertEquals(10, differs, "a flipped kernel must change the spikes of every sample");
  }

  @Test
  void mapLayersNetxCannotCarryAreRefusedByField() {
    HardwareConfig cfg = convConfig();
    HardwareConfig perNeuronBias = cfg.toBuilder().setLayers(0, cfg.getLayers(0).toBuilder()
        .setLoihi2(cfg.getLayers(0).getLoihi2().toBuilder().setBiasMant(3, 128))).build();
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class,
        () -> NetxExporter.convertBlocks(perNeuronBias, "config"));
    assertTrue(e.getMessage().contains("layers[0].loihi2.bias_mant") && e.getMessage().contains("channel 0"),
        e.getMessage());
    HardwareConfig delayed = cfg.toBuilder().setLayers(1, cfg.getLayers(1).toBuilder().setInputDelay(2)).build();
    e = assertThrows(BadExchangeFileException.class, () -> NetxExporter.convertBlocks(delayed, "config"));
    assertTrue(e.getMessage().contains("layers[1].input_delay"), e.getMessage());
  }
}
