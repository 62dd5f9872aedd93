package org.spikeforge.hw.export;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;

/**
 * Writes a {@code loihi2} config in the HDF5 layout that {@code lava.lib.dl.netx.hdf5.Network}
 * loads: {@code layer/0} of type {@code input}, then one {@code dense} group per layer with
 * {@code shape}, {@code weight} (out, in), optional {@code bias} and {@code delay}, and a
 * {@code neuron} group of integer CUBA parameters. Netx re-derives its own weight exponent and
 * fixes the bias exponent at 6, so the exporter writes the weights and biases Lava ends up using
 * and proves with {@link NetxWeightRebuild} that netx's rebuild equals our config bit for bit;
 * configs netx cannot reproduce are refused, naming the field.
 */
public final class NetxExporter {
  /** netx's fixed bias exponent. */
  static final int NETX_BIAS_EXP = 6;

  /** One netx {@code layer/N} group after the input. */
  sealed interface Block permits DenseLayer, ConvBlock, FlattenBlock {}

  /** The integer content of one netx dense layer, as it will be written. */
  record DenseLayer(int size, int fanIn, int[][] weight, int[] bias, int delay, int iDecay, int vDecay, int vThMant)
      implements Block {}

  /**
   * One netx {@code conv} group. Shapes are (channels, height, width), the order the file stores (netx reverses
   * them to Lava's (x, y, f)); {@code kernel} is (out, in / groups, kh, kw) row-major, the order the file stores,
   * and it is our own kernel unchanged: netx flips both spatial axes and transposes to Lava's (out, kw, kh, in),
   * and Lava's Conv flips them back (it computes a true convolution), so the net operation is the
   * cross-correlation our emulator runs. {@code sumPool}: a sum pool written as a depthwise conv
   * ({@code groups = channels}, every kernel entry the pool weight), because netx's {@code pool} type raises
   * NotImplementedError; the extra dataset {@code spikeforgeSumPool} (ignored by netx) lets the reader restore it.
   */
  record ConvBlock(int[] inChw, int[] outChw, int kh, int kw, int sh, int sw, int ph, int pw, int groups,
      int[] kernel, boolean sumPool, int[] bias, int iDecay, int vDecay, int vThMant) implements Block {}

  /** A netx {@code flatten} group: the dense layer after it reads the (c, h, w) map row-major. */
  record FlattenBlock(int[] chw) implements Block {}

  private NetxExporter() {}

  /** Converts and writes; the file is replaced atomically. */
  public static void write(HardwareConfig cfg, Path out) {
    java.util.List<Block> blocks = convertBlocks(cfg, "config");
    int[] inShape = inputShape(cfg);
    AtomicFiles.write(out, temp -> {
      try (WritableHdfFile f = HdfFile.write(temp)) {
        WritableGroup root = f.putGroup("layer");
        WritableGroup in = root.putGroup("0");
        in.putDataset("type", "input");
        in.putDataset("shape", inShape);
        for (int i = 0; i < blocks.size(); i++) {
          WritableGroup g = root.putGroup(Integer.toString(i + 1));
          Block b = blocks.get(i);
          if (b instanceof DenseLayer l) {
            writeDense(g, l);
          } else if (b instanceof ConvBlock c) {
            writeConv(g, c);
          } else if (b instanceof FlattenBlock fl) {
            g.putDataset("type", "flatten");
            g.putDataset("shape", fl.chw());
          }
        }
      }
    });
  }

  /** netx's input shape: (c, h, w) when the first layer reads a map, else the input width. */
  static int[] inputShape(HardwareConfig cfg) {
    if (cfg.getLayersCount() > 0) {
      HwLayer first = cfg.getLayers(0);
      if (first.hasConv2D()) {
        return chw(first.getConv2D().getInShape());
      }
      if (first.hasSumPool2D()) {
        return chw(first.getSumPool2D().getInShape());
      }
    }
    return new int[] {cfg.getNumInputs()};
  }

  private static int[] chw(org.spikeforge.proto.HwMapShape s) {
    return new int[] {s.getChannels(), s.getHeight(), s.getWidth()};
  }

  private static void writeDense(WritableGroup g, DenseLayer l) {
    g.putDataset("type", "dense");
    g.putDataset("shape", new int[] {l.size()});
    g.putDataset("weight", l.weight());
    if (l.bias() != null) {
      g.putDataset("bias", l.bias());
    }
    if (l.delay() > 0) {
      int[][] delay = new int[l.size()][l.fanIn()];
      for (int[] row : delay) {
        java.util.Arrays.fill(row, l.delay());
      }
      g.putDataset("delay", delay);
    }
    writeNeuron(g, l.iDecay(), l.vDecay(), l.vThMant());
  }

  private static void writeConv(WritableGroup g, ConvBlock c) {
    g.putDataset("type", "conv");
    g.putDataset("shape", c.outChw());
    int o = c.outChw()[0];
    int ig = c.inChw()[0] / c.groups();
    int[][][][] w = new int[o][ig][c.kh()][c.kw()];
    for (int a = 0; a < o; a++) {
      for (int b = 0; b < ig; b++) {
        for (int y = 0; y < c.kh(); y++) {
          System.arraycopy(c.kernel(), ((a * ig + b) * c.kh() + y) * c.kw(), w[a][b][y], 0, c.kw());
        }
      }
    }
    g.putDataset("weight", w);
    g.putDataset("inChannels", c.inChw()[0]);
    g.putDataset("outChannels", o);
    g.putDataset("kernelSize", new int[] {c.kh(), c.kw()});
    g.putDataset("stride", new int[] {c.sh(), c.sw()});
    g.putDataset("padding", new int[] {c.ph(), c.pw()});
    g.putDataset("dilation", new int[] {1, 1});
    g.putDataset("groups", c.groups());
    if (c.sumPool()) {
      g.putDataset("spikeforgeSumPool", 1);
    }
    if (c.bias() != null) {
      g.putDataset("bias", c.bias());
    }
    writeNeuron(g, c.iDecay(), c.vDecay(), c.vThMant());
  }

  private static void writeNeuron(WritableGroup g, int iDecay, int vDecay, int vThMant) {
    WritableGroup n = g.putGroup("neuron");
    n.putDataset("type", "CUBA");
    n.putDataset("iDecay", iDecay);
    n.putDataset("vDecay", vDecay);
    n.putDataset("vThMant", vThMant);
  }

  /**
   * The netx blocks for {@code cfg}: dense layers as {@link #convert}, conv and sum-pool layers as conv blocks,
   * and a flatten block before each dense layer that reads a map.
   */
  static java.util.List<Block> convertBlocks(HardwareConfig cfg, String where) {
    LoihiConfigCheck.requireLoihi2(cfg, where);
    java.util.List<Block> out = new java.util.ArrayList<>();
    boolean map = cfg.getLayersCount() > 0 && inputShape(cfg).length == 3;
    for (int i = 0; i < cfg.getLayersCount(); i++) {
      HwLayer l = cfg.getLayers(i);
      String f = "layers[" + i + "]";
      checkChain(cfg, i, where, f);
      Loihi2Lif p = l.getLoihi2();
      if (l.hasConv2D() || l.hasSumPool2D()) {
        if (!map) {
          throw new BadExchangeFileException(where, f + ".connectivity",
              "is a map layer after a dense layer; netx's conv block needs a (c, h, w) input");
        }
        if (l.getInputDelay() != 1) {
          throw new BadExchangeFileException(where, f + ".input_delay",
              "is " + l.getInputDelay() + "; netx conv blocks have no delay (it must be 1)");
        }
        out.add(convBlock(l, where, f));
      } else {
        if (map) {
          int[] chw = i == 0 ? inputShape(cfg) : ((ConvBlock) out.get(out.size() - 1)).outChw();
          out.add(new FlattenBlock(chw));
          map = false;
        }
        out.add(new DenseLayer(l.getSize(), l.getFanIn(), fileWeights(l, where, f), fileBias(l, where, f),
            l.getInputDelay() - 1, p.getDu() + 1, p.getDv(), p.getVth()));
      }
    }
    return out;
  }

  private static ConvBlock convBlock(HwLayer l, String where, String f) {
    Loihi2Lif p = l.getLoihi2();
    if (l.hasConv2D()) {
      org.spikeforge.proto.HwConv2d c = l.getConv2D();
      int[] k = fileInts(c.getKernelList().stream().mapToInt(Integer::intValue).toArray(), p, where,
          f + ".conv2d.kernel", " in layer '" + l.getName() + "'");
      return new ConvBlock(chw(c.getInShape()), chw(c.getOutShape()), c.getKernelH(), c.getKernelW(),
          c.getStrideH(), c.getStrideW(), c.getPadH(), c.getPadW(), 1, k, false, channelBias(l, where, f),
          p.getDu() + 1, p.getDv(), p.getVth());
    }
    org.spikeforge.proto.HwSumPool2d s = l.getSumPool2D();
    int channels = s.getInShape().getChannels();
    int[] one = fileInts(new int[] {s.getWeight()}, p, where, f + ".sum_pool2d.weight",
        " in layer '" + l.getName() + "'");
    int[] k = new int[channels * s.getKernelH() * s.getKernelW()];
    java.util.Arrays.fill(k, one[0]);
    return new ConvBlock(chw(s.getInShape()), chw(s.getOutShape()), s.getKernelH(), s.getKernelW(),
        s.getStrideH(), s.getStrideW(), s.getPadH(), s.getPadW(), channels, k, true, channelBias(l, where, f),
        p.getDu() + 1, p.getDv(), p.getVth());
  }

  /**
   * Shared-kernel weights as netx hands them to Lava's Conv (which it builds with weight_exp 0 and 8 weight
   * bits, without netx's dense rescaling): Lava's effective weights times 2^weight_exp, exactly divisible and
   * within the signed 9-bit range.
   */
  private static int[] fileInts(int[] w, Loihi2Lif p, String where, String field, String layer) {
    int[] eff = LavaWeightLoad.effective(w, LavaNames.toLavaSignMode(p.getSignMode()), p.getNumWeightBits());
    int e = p.getWeightExp();
    int[] file = new int[eff.length];
    for (int i = 0; i < eff.length; i++) {
      if (e < 0 && (eff[i] & ((1 << -e) - 1)) != 0) {
        throw new BadExchangeFileException(where, field, "weight " + eff[i] + " [" + i + "]" + layer
            + " is not a multiple of 2^" + -e + " (weight_exp " + e + "); netx conv blocks use weight_exp 0"
            + NETX_FIX);
      }
      long v = e >= 0 ? (long) eff[i] << e : eff[i] >> -e;
      if (v < -256 || v > 255) {
        throw new BadExchangeFileException(where, field, "weight " + eff[i] + " [" + i + "] times 2^" + e + layer
            + " is " + v + ", beyond the 8-bit mantissa range -256..255 of netx's conv block" + NETX_FIX);
      }
      file[i] = (int) v;
    }
    return file;
  }

  private static void checkChain(HardwareConfig cfg, int i, String where, String f) {
    HwLayer l = cfg.getLayers(i);
    String expectedSource = i == 0 ? "input" : cfg.getLayers(i - 1).getName();
    if (!l.getSource().equals(expectedSource)) {
      throw new BadExchangeFileException(where, f + ".source",
          "is \"" + l.getSource() + "\"; netx chains layers, so it must be \"" + expectedSource + "\"");
    }
    if (l.getRecurrentWeightsCount() > 0) {
      throw new BadExchangeFileException(where, f + ".recurrent_weights", "netx dense layers have no recurrent weights");
    }
    if (i < cfg.getLayersCount() - 1 == l.getOutput()) {
      throw new BadExchangeFileException(where, f + ".output", "netx has exactly one output: the last layer");
    }
    Loihi2Lif p = l.getLoihi2();
    if (nonZero(p.getUInitList()) || nonZero(p.getVInitList())) {
      throw new BadExchangeFileException(where, f + ".loihi2.u_init/v_init", "netx starts every neuron at u = v = 0");
    }
  }

  /** The netx layers for {@code cfg}, or an error naming {@code where} and the field netx cannot carry. */
  static DenseLayer[] convert(HardwareConfig cfg, String where) {
    LoihiConfigCheck.requireLoihi2(cfg, where);
    DenseLayer[] out = new DenseLayer[cfg.getLayersCount()];
    for (int i = 0; i < cfg.getLayersCount(); i++) {
      HwLayer l = cfg.getLayers(i);
      String f = "layers[" + i + "]";
      if (l.getConnectivityCase() != HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET) {
        throw new BadExchangeFileException(where, f + ".connectivity", "is a map layer; use convertBlocks");
      }
      checkChain(cfg, i, where, f);
      Loihi2Lif p = l.getLoihi2();
      out[i] = new DenseLayer(l.getSize(), l.getFanIn(), fileWeights(l, where, f), fileBias(l, where, f),
          l.getInputDelay() - 1, p.getDu() + 1, p.getDv(), p.getVth());
    }
    return out;
  }

  /** How to get a config netx can carry; appended to every weight refusal. */
  static final String NETX_FIX = "; compile with --weight-exp 0 (every layer's exponent is then one netx rebuilds"
      + " exactly), or export --format lava, which keeps any exponent";

  /**
   * The file matrix: Lava's effective weights times {@code 2^weight_exp}, i.e. exactly the integer each
   * spike adds to the Dense output. A positive exponent is folded into the weights when the products stay
   * within netx's 8-bit range; netx itself only ever derives exponents {@code <= 0} (its
   * {@code np.left_shift} by a negative count yields 0), so beyond that range no file reproduces the layer.
   */
  private static int[][] fileWeights(HwLayer l, String where, String f) {
    Loihi2Lif p = l.getLoihi2();
    int[] w = l.getWeightsList().stream().mapToInt(Integer::intValue).toArray();
    int[] eff = LavaWeightLoad.effective(w, LavaNames.toLavaSignMode(p.getSignMode()), p.getNumWeightBits());
    int e = p.getWeightExp();
    String layer = " in layer '" + l.getName() + "'";
    long[] wide = new long[eff.length];
    long min = 0;
    long max = 0;
    for (int i = 0; i < eff.length; i++) {
      if (e < 0 && (eff[i] & ((1 << -e) - 1)) != 0) {
        throw new BadExchangeFileException(where, f + ".loihi2.weight_exp", "is " + e + layer + " and weight "
            + eff[i] + " (neuron " + i / l.getFanIn() + ", input " + i % l.getFanIn() + ") is not a multiple of 2^"
            + -e + "; netx derives its own exponent from integer weights, so only exactly divisible weights carry over"
            + NETX_FIX);
      }
      wide[i] = e >= 0 ? (long) eff[i] << e : eff[i] >> -e;
      min = Math.min(min, wide[i]);
      max = Math.max(max, wide[i]);
    }
    boolean mixed = min < 0 && max > 0;
    long lo = max > 0 ? 0 : -256;
    long hi = min < 0 ? 0 : 255;
    if (mixed) {
      lo = -256;
      hi = 254;
    }
    if (e > 0 && (min < lo || max > hi)) {
      throw new BadExchangeFileException(where, f + ".loihi2.weight_exp", "is " + e + layer
          + ": the weights times 2^" + e + " span " + min + ".." + max + ", beyond the " + lo + ".." + hi
          + " that netx can rebuild (it derives only exponents <= 0)" + NETX_FIX);
    }
    int[] file = new int[eff.length];
    for (int i = 0; i < eff.length; i++) {
      file[i] = (int) wide[i];
    }
    NetxWeightRebuild rebuilt = NetxWeightRebuild.of(file);
    if (!rebuilt.reproduces(file)) {
      String why = rebuilt.problem().isEmpty() ? "netx's rescaling would change them" : rebuilt.problem();
      throw new BadExchangeFileException(where, f + ".weights", why + layer + NETX_FIX);
    }
    int[][] m = new int[l.getSize()][l.getFanIn()];
    for (int r = 0; r < l.getSize(); r++) {
      System.arraycopy(file, r * l.getFanIn(), m[r], 0, l.getFanIn());
    }
    return m;
  }

  /**
   * A conv block's bias: netx hands it to the neuron of shape (x, y, f), where numpy broadcasts it over the last
   * axis, so it is one value per channel; per-neuron biases that differ within a channel are refused.
   */
  private static int[] channelBias(HwLayer l, String where, String f) {
    int[] b = fileBias(l, where, f);
    if (b == null) {
      return null;
    }
    int channels = l.hasConv2D() ? l.getConv2D().getOutShape().getChannels() : l.getSumPool2D().getOutShape().getChannels();
    int per = l.getSize() / channels;
    int[] out = new int[channels];
    for (int c = 0; c < channels; c++) {
      out[c] = b[c * per];
      for (int j = 1; j < per; j++) {
        if (b[c * per + j] != out[c]) {
          throw new BadExchangeFileException(where, f + ".loihi2.bias_mant", "differs within channel " + c + " (neuron "
              + (c * per + j) + "); netx's conv block takes one bias per channel");
        }
      }
    }
    return out;
  }

  private static int[] fileBias(HwLayer l, String where, String f) {
    Loihi2Lif p = l.getLoihi2();
    if (!nonZero(p.getBiasMantList())) {
      return null;
    }
    int[] b = new int[l.getSize()];
    for (int i = 0; i < b.length; i++) {
      long mant = p.getBiasMant(i);
      long eff = p.getBiasExp() >= 0 ? mant << p.getBiasExp() : mant >> -p.getBiasExp();
      if (eff % (1 << NETX_BIAS_EXP) != 0) {
        throw new BadExchangeFileException(where, f + ".loihi2.bias_mant",
            "neuron " + i + " has effective bias " + eff + ", not a multiple of 2^6 (netx fixes bias_exp = 6)");
      }
      b[i] = Math.toIntExact(eff >> NETX_BIAS_EXP);
    }
    return b;
  }

  private static boolean nonZero(java.util.List<Integer> v) {
    for (int x : v) {
      if (x != 0) {
        return true;
      }
    }
    return false;
  }
}
