package org.spikeforge.hw.export;

import java.util.List;
import java.util.Map;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.LavaConnection;
import org.spikeforge.proto.LavaGraphMetadata;
import org.spikeforge.proto.LavaProcess;
import org.spikeforge.proto.LavaProcessGraph;
import org.spikeforge.proto.LavaVar;
import org.spikeforge.proto.Loihi2Lif;

/**
 * Describes a {@code loihi2} {@link HardwareConfig} as a Lava process graph: one input
 * RingBuffer, per layer a Dense (DelayDense when the layer's input delay exceeds Lava's one
 * step) feeding a LIF, an extra Dense for recurrent weights, and a sink RingBuffer per output
 * layer. Values are passed through unchanged, because the loihi2 target already uses Lava's
 * bit-accurate integer semantics. No sign_mode is stored: Lava infers it from the weights, and
 * num_weight_bits is chosen so that the inferred mode loads the config's weights (LavaSignModes).
 *
 * <p>Conv and sum-pool layers become Lava's {@code Conv} feeding a LIF of Lava's map shape (x, y, f); where a flat
 * (c, y, x)-ordered vector meets a map, the connection's source port is a chain of Lava's virtual ports
 * ({@code s_out.reshape((c, h, w)).transpose((2, 1, 0))} into a Conv, {@code s_out.transpose((2, 1, 0)).flatten()}
 * out of one), so every process keeps Lava's layout and every flat vector keeps ours (docs/LAVA.md).
 */
public final class LavaGraphExporter {
  /** Schema version written into {@code LavaProcessGraph.format_version}. */
  public static final String FORMAT_VERSION = "1";

  private final String spikeforgeVersion;

  public LavaGraphExporter(String spikeforgeVersion) {
    this.spikeforgeVersion = spikeforgeVersion;
  }

  /**
   * Builds the graph. {@code provenance} (dataset, seed, accuracy, ...) is stored as metadata.
   *
   * @throws BadExchangeFileException naming the config field Lava cannot represent
   */
  public LavaProcessGraph export(HardwareConfig cfg, Map<String, String> provenance) {
    LoihiConfigCheck.requireLoihi2(cfg, "config");
    LavaProcessGraph.Builder g = LavaProcessGraph.newBuilder().setFormatVersion(FORMAT_VERSION);
    g.addProcesses(LavaProcess.newBuilder().setName(LavaNames.INPUT).setClassPath(LavaNames.SOURCE)
        .setRole("input").addShape(cfg.getNumInputs()).addShape(cfg.getNumSteps()));
    java.util.Set<String> maps = new java.util.HashSet<>();
    for (int i = 0; i < cfg.getLayersCount(); i++) {
      HwLayer l = cfg.getLayers(i);
      if (l.getConnectivityCase() == HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET) {
        addLayer(g, l, i, maps.contains(l.getSource()));
      } else {
        addMapLayer(g, l, i, maps.contains(l.getSource()));
        maps.add(l.getName());
      }
    }
    g.setMetadata(LavaGraphMetadata.newBuilder()
        .setSourceConfig(cfg)
        .setSpikeforgeVersion(spikeforgeVersion)
        .putAllTrainingProvenance(provenance)
        .setNumSteps(cfg.getNumSteps())
        .setRunConfig("Loihi2SimCfg(select_tag='fixed_pt')"));
    return g.build();
  }

  /**
   * Dense's {@code num_weight_bits} for a weight matrix when {@code sign_mode} is left out (see
   * {@link LavaSignModes}); refuses a matrix whose sign mode Lava cannot reproduce by inference.
   */
  private static int lavaBits(HwLayer layer, int index, java.util.List<Integer> weights, String matrix) {
    Loihi2Lif lif = layer.getLoihi2();
    int[] w = weights.stream().mapToInt(Integer::intValue).toArray();
    int bits = LavaSignModes.bitsWithoutSignMode(w, lif.getSignMode(), lif.getNumWeightBits());
    if (bits < 0) {
      throw new BadExchangeFileException("config", "layers[" + index + "].loihi2.sign_mode",
          "= " + lif.getSignMode() + " (" + LavaSignModes.name(lif.getSignMode()) + ") for the " + matrix
              + " weights of layer '" + layer.getName() + "', but Lava infers "
              + LavaSignModes.name(LavaNames.fromLavaSignMode(LavaWeightLoad.inferSignMode(w)))
              + " from these weights and no num_weight_bits loads them the same way; the Lava graph carries no"
              + " sign_mode (docs/LAVA.md), so compile with the sign mode the weights have");
    }
    return bits;
  }

  private static void addLayer(LavaProcessGraph.Builder g, HwLayer layer, int index, boolean sourceIsMap) {
    Loihi2Lif lif = layer.getLoihi2();
    String n = layer.getName();
    String dense = n + LavaNames.DENSE_SUFFIX;
    String neuron = n + LavaNames.LIF_SUFFIX;
    boolean delayed = layer.getInputDelay() > 1;
    LavaProcess.Builder d = LavaProcess.newBuilder().setName(dense)
        .setClassPath(delayed ? LavaNames.DELAY_DENSE : LavaNames.DENSE).setRole(n)
        .addShape(layer.getSize()).addShape(layer.getFanIn())
        .addVars(matrix("weights", layer.getSize(), layer.getFanIn(), layer.getWeightsList()))
        .addVars(scalar("weight_exp", lif.getWeightExp()))
        .addVars(scalar("num_weight_bits", lavaBits(layer, index, layer.getWeightsList(), "feed-forward")));
    if (delayed) {
      // DelayDense adds `delays` steps on top of Dense's own one-step buffer; Lava insists on
      // numpy's default int (int64) for this array.
      LavaVar.Builder delays = LavaVar.newBuilder().setName("delays").setDtype("int64")
          .addShape(layer.getSize()).addShape(layer.getFanIn());
      for (int i = 0; i < layer.getSize() * layer.getFanIn(); i++) {
        delays.addValues(layer.getInputDelay() - 1L);
      }
      d.addVars(delays);
    }
    g.addProcesses(d);
    g.addProcesses(LavaProcess.newBuilder().setName(neuron).setClassPath(LavaNames.LIF).setRole(n)
        .addShape(layer.getSize())
        .addVars(vectorOrZero("u", lif.getUInitList()))
        .addVars(vectorOrZero("v", lif.getVInitList()))
        .addVars(scalar("du", lif.getDu()))
        .addVars(scalar("dv", lif.getDv()))
        .addVars(vectorOrZero("bias_mant", lif.getBiasMantList()))
        .addVars(scalar("bias_exp", lif.getBiasExp()))
        .addVars(scalar("vth", lif.getVth())));
    g.addConnections(connect(sourceProcess(layer.getSource()), sourceIsMap ? FLATTEN : LavaNames.S_OUT, dense,
        LavaNames.S_IN));
    g.addConnections(connect(dense, LavaNames.A_OUT, neuron, LavaNames.A_IN));
    if (layer.getRecurrentWeightsCount() > 0) {
      String rec = n + LavaNames.RECURRENT_SUFFIX;
      g.addProcesses(LavaProcess.newBuilder().setName(rec).setClassPath(LavaNames.DENSE).setRole(n)
          .addShape(layer.getSize()).addShape(layer.getSize())
          .addVars(matrix("weights", layer.getSize(), layer.getSize(), layer.getRecurrentWeightsList()))
          .addVars(scalar("weight_exp", lif.getWeightExp()))
          .addVars(scalar("num_weight_bits", lavaBits(layer, index, layer.getRecurrentWeightsList(), "recurrent"))));
      g.addConnections(connect(neuron, LavaNames.S_OUT, rec, LavaNames.S_IN));
      g.addConnections(connect(rec, LavaNames.A_OUT, neuron, LavaNames.A_IN));
    }
    if (layer.getOutput()) {
      String sink = n + LavaNames.SINK_SUFFIX;
      g.addProcesses(LavaProcess.newBuilder().setName(sink).setClassPath(LavaNames.SINK)
          .setRole("output-sink").addShape(layer.getSize()));
      g.addConnections(connect(neuron, LavaNames.S_OUT, sink, LavaNames.A_IN));
    }
  }

  /**
   * Port expression that reads a Lava (x, y, f) map in our (c, y, x) neuron order, as a flat vector: Lava's own
   * virtual ports, the same chain lava-dl's netx puts before a dense layer that follows a conv block.
   */
  static final String FLATTEN = LavaNames.S_OUT + ".transpose((2, 1, 0)).flatten()";

  /** Port expression that presents a flat (c, y, x)-ordered spike vector to a Conv as Lava's (x, y, f) map. */
  static String unflatten(org.spikeforge.proto.HwMapShape s) {
    return LavaNames.S_OUT + ".reshape((" + s.getChannels() + ", " + s.getHeight() + ", " + s.getWidth()
        + ")).transpose((2, 1, 0))";
  }

  /**
   * A conv2d or sum_pool2d layer as Lava's {@code Conv} feeding a LIF of shape (x, y, f). Lava's Conv computes a
   * true convolution on (x, y, f) maps with the kernel (out, kw, kh, in / groups), so our (out, in, kh, kw)
   * cross-correlation kernel k is written as {@code W[o][a][b][i] = k[o][i][kh-1-b][kw-1-a]}; stride and padding
   * are (x, y) pairs. A sum pool is the grouped Conv (groups = channels) whose every entry is the pool weight.
   * Lava's fixed-point Conv neither truncates its weights nor applies {@code weight_exp} (unlike the bit-accurate
   * Dense), so the weights written are Lava Dense's effective weights times {@code 2^weight_exp}, with
   * {@code weight_exp} 0; it wraps its output to 24 bits, which the exporter proves cannot happen.
   */
  private static void addMapLayer(LavaProcessGraph.Builder g, HwLayer layer, int index, boolean sourceIsMap) {
    Loihi2Lif lif = layer.getLoihi2();
    String n = layer.getName();
    String f = "layers[" + index + "]";
    if (layer.getInputDelay() != 1) {
      throw new BadExchangeFileException("config", f + ".input_delay", "is " + layer.getInputDelay() + " in map layer '"
          + n + "'; Lava's Conv has no delays (it must be 1)");
    }
    if (layer.getRecurrentWeightsCount() > 0) {
      throw new BadExchangeFileException("config", f + ".recurrent_weights", "are set on map layer '" + n
          + "'; the Lava graph carries recurrent weights on dense layers only");
    }
    org.spikeforge.proto.HwMapShape in;
    org.spikeforge.proto.HwMapShape out;
    int kh;
    int kw;
    int sh;
    int sw;
    int ph;
    int pw;
    int groups;
    int[] kernel;
    String field;
    if (layer.hasConv2D()) {
      org.spikeforge.proto.HwConv2d c = layer.getConv2D();
      in = c.getInShape();
      out = c.getOutShape();
      kh = c.getKernelH();
      kw = c.getKernelW();
      sh = c.getStrideH();
      sw = c.getStrideW();
      ph = c.getPadH();
      pw = c.getPadW();
      groups = 1;
      kernel = c.getKernelList().stream().mapToInt(Integer::intValue).toArray();
      field = f + ".conv2d.kernel";
    } else {
      org.spikeforge.proto.HwSumPool2d s = layer.getSumPool2D();
      in = s.getInShape();
      out = s.getOutShape();
      kh = s.getKernelH();
      kw = s.getKernelW();
      sh = s.getStrideH();
      sw = s.getStrideW();
      ph = s.getPadH();
      pw = s.getPadW();
      groups = in.getChannels();
      kernel = new int[in.getChannels() * kh * kw];
      java.util.Arrays.fill(kernel, s.getWeight());
      field = f + ".sum_pool2d.weight";
    }
    int o = out.getChannels();
    int ig = in.getChannels() / groups;
    long[] eff = convWeights(kernel, lif, field, n);
    // the largest |drive| one step can bring to a neuron: every synapse of one output channel at once
    for (int a = 0; a < o; a++) {
      long sum = 0;
      for (int q = 0; q < ig * kh * kw; q++) {
        sum += Math.abs(eff[a * ig * kh * kw + q]);
      }
      if (sum >= 1L << 23) {
        throw new BadExchangeFileException("config", field, "sums to " + sum + " for output channel " + a + " of layer '"
            + n + "' (effective weights times 2^weight_exp); Lava's Conv wraps its output at 24 bits, so the sum of"
            + " magnitudes must stay below 2^23");
      }
    }
    LavaVar.Builder w = LavaVar.newBuilder().setName("weight").setDtype("int32")
        .addShape(o).addShape(kw).addShape(kh).addShape(ig);
    for (int a = 0; a < o; a++) {
      for (int x = 0; x < kw; x++) {
        for (int y = 0; y < kh; y++) {
          for (int i = 0; i < ig; i++) {
            w.addValues(eff[((a * ig + i) * kh + (kh - 1 - y)) * kw + (kw - 1 - x)]);
          }
        }
      }
    }
    String conv = n + LavaNames.CONV_SUFFIX;
    String neuron = n + LavaNames.LIF_SUFFIX;
    g.addProcesses(LavaProcess.newBuilder().setName(conv).setClassPath(LavaNames.CONV).setRole(n)
        .addShape(out.getWidth()).addShape(out.getHeight()).addShape(o)
        .addVars(w)
        .addVars(scalar("weight_exp", 0))
        .addVars(tuple("input_shape", in.getWidth(), in.getHeight(), in.getChannels()))
        .addVars(tuple("padding", pw, ph))
        .addVars(tuple("stride", sw, sh))
        .addVars(tuple("dilation", 1, 1))
        .addVars(scalar("groups", groups)));
    g.addProcesses(LavaProcess.newBuilder().setName(neuron).setClassPath(LavaNames.LIF).setRole(n)
        .addShape(out.getWidth()).addShape(out.getHeight()).addShape(o)
        .addVars(mapOrZero("u", lif.getUInitList(), out))
        .addVars(mapOrZero("v", lif.getVInitList(), out))
        .addVars(scalar("du", lif.getDu()))
        .addVars(scalar("dv", lif.getDv()))
        .addVars(mapOrZero("bias_mant", lif.getBiasMantList(), out))
        .addVars(scalar("bias_exp", lif.getBiasExp()))
        .addVars(scalar("vth", lif.getVth())));
    g.addConnections(connect(sourceProcess(layer.getSource()), sourceIsMap ? LavaNames.S_OUT : unflatten(in), conv,
        LavaNames.S_IN));
    g.addConnections(connect(conv, LavaNames.A_OUT, neuron, LavaNames.A_IN));
    if (layer.getOutput()) {
      String sink = n + LavaNames.SINK_SUFFIX;
      g.addProcesses(LavaProcess.newBuilder().setName(sink).setClassPath(LavaNames.SINK)
          .setRole("output-sink").addShape(layer.getSize()));
      g.addConnections(connect(neuron, FLATTEN, sink, LavaNames.A_IN));
    }
  }

  /**
   * Lava Dense's effective weights (clip and truncation of the layer's sign mode and bit count) times
   * {@code 2^weight_exp}: what each spike adds to the synaptic output. A negative exponent folds only when every
   * weight is a multiple of {@code 2^-weight_exp}; otherwise the floor of the shifted sum differs from the sum of
   * shifted weights, and the layer is refused.
   */
  static long[] convWeights(int[] kernel, Loihi2Lif lif, String field, String layer) {
    int[] eff = LavaWeightLoad.effective(kernel, LavaNames.toLavaSignMode(lif.getSignMode()), lif.getNumWeightBits());
    int e = lif.getWeightExp();
    long[] out = new long[eff.length];
    for (int i = 0; i < eff.length; i++) {
      if (e < 0 && (eff[i] & ((1 << -e) - 1)) != 0) {
        throw new BadExchangeFileException("config", field, "weight " + eff[i] + " [" + i + "] of layer '" + layer
            + "' is not a multiple of 2^" + -e + " (weight_exp " + e + "); Lava's Conv has no weight exponent, so it"
            + " is folded into the weights, which needs exact division (compile with --weight-exp 0)");
      }
      out[i] = e >= 0 ? (long) eff[i] << e : eff[i] >> -e;
    }
    return out;
  }

  private static LavaVar tuple(String name, long... values) {
    LavaVar.Builder v = LavaVar.newBuilder().setName(name).setDtype("int32").addShape(values.length);
    for (long x : values) {
      v.addValues(x);
    }
    return v.build();
  }

  /** Per-neuron values laid out as Lava's (x, y, f) array, or the scalar 0 when the config leaves them empty. */
  private static LavaVar mapOrZero(String name, List<Integer> values, org.spikeforge.proto.HwMapShape s) {
    if (values.isEmpty()) {
      return scalar(name, 0);
    }
    int c = s.getChannels();
    int h = s.getHeight();
    int wd = s.getWidth();
    LavaVar.Builder v = LavaVar.newBuilder().setName(name).setDtype("int32").addShape(wd).addShape(h).addShape(c);
    for (int x = 0; x < wd; x++) {
      for (int y = 0; y < h; y++) {
        for (int ch = 0; ch < c; ch++) {
          v.addValues(values.get((ch * h + y) * wd + x));
        }
      }
    }
    return v.build();
  }

  static String sourceProcess(String source) {
    return "input".equals(source) ? LavaNames.INPUT : source + LavaNames.LIF_SUFFIX;
  }

  private static LavaConnection connect(String src, String srcPort, String dst, String dstPort) {
    return LavaConnection.newBuilder().setSrcProcess(src).setSrcPort(srcPort)
        .setDstProcess(dst).setDstPort(dstPort).build();
  }

  private static LavaVar scalar(String name, long value) {
    return LavaVar.newBuilder().setName(name).setDtype("int32").addValues(value).build();
  }

  /** Per-neuron values, or the scalar 0 (Lava broadcasts it) when the config leaves them empty. */
  private static LavaVar vectorOrZero(String name, List<Integer> values) {
    if (values.isEmpty()) {
      return scalar(name, 0);
    }
    LavaVar.Builder v = LavaVar.newBuilder().setName(name).setDtype("int32").addShape(values.size());
    for (int x : values) {
      v.addValues(x);
    }
    return v.build();
  }

  private static LavaVar matrix(String name, int rows, int cols, List<Integer> values) {
    LavaVar.Builder v = LavaVar.newBuilder().setName(name).setDtype("int32").addShape(rows).addShape(cols);
    for (int x : values) {
      v.addValues(x);
    }
    return v.build();
  }
}
