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

  /** The integer content of one netx dense layer, as it will be written. */
  record DenseLayer(int size, int fanIn, int[][] weight, int[] bias, int delay, int iDecay, int vDecay, int vThMant) {}

  private NetxExporter() {}

  /** Converts and writes; the file is replaced atomically. */
  public static void write(HardwareConfig cfg, Path out) {
    DenseLayer[] layers = convert(cfg, "config");
    AtomicFiles.write(out, temp -> {
      try (WritableHdfFile f = HdfFile.write(temp)) {
        WritableGroup root = f.putGroup("layer");
        WritableGroup in = root.putGroup("0");
        in.putDataset("type", "input");
        in.putDataset("shape", new int[] {cfg.getNumInputs()});
        for (int i = 0; i < layers.length; i++) {
          DenseLayer l = layers[i];
          WritableGroup g = root.putGroup(Integer.toString(i + 1));
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
          WritableGroup n = g.putGroup("neuron");
          n.putDataset("type", "CUBA");
          n.putDataset("iDecay", l.iDecay());
          n.putDataset("vDecay", l.vDecay());
          n.putDataset("vThMant", l.vThMant());
        }
      }
    });
  }

  /** The netx layers for {@code cfg}, or an error naming {@code where} and the field netx cannot carry. */
  static DenseLayer[] convert(HardwareConfig cfg, String where) {
    LoihiConfigCheck.requireLoihi2(cfg, where);
    DenseLayer[] out = new DenseLayer[cfg.getLayersCount()];
    for (int i = 0; i < cfg.getLayersCount(); i++) {
      HwLayer l = cfg.getLayers(i);
      String f = "layers[" + i + "]";
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
