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
    for (int i = 0; i < cfg.getLayersCount(); i++) {
      if (cfg.getLayers(i).getConnectivityCase() != org.spikeforge.proto.HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET) {
        throw new BadExchangeFileException("config", "layers[" + i + "].connectivity", "is "
            + cfg.getLayers(i).getConnectivityCase().name().toLowerCase(java.util.Locale.ROOT)
            + "; the Lava process graph carries dense layers only (export --format netx or nir carries conv)");
      }
    }
    LavaProcessGraph.Builder g = LavaProcessGraph.newBuilder().setFormatVersion(FORMAT_VERSION);
    g.addProcesses(LavaProcess.newBuilder().setName(LavaNames.INPUT).setClassPath(LavaNames.SOURCE)
        .setRole("input").addShape(cfg.getNumInputs()).addShape(cfg.getNumSteps()));
    for (int i = 0; i < cfg.getLayersCount(); i++) {
      addLayer(g, cfg.getLayers(i), i);
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

  private static void addLayer(LavaProcessGraph.Builder g, HwLayer layer, int index) {
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
    g.addConnections(connect(sourceProcess(layer.getSource()), LavaNames.S_OUT, dense, LavaNames.S_IN));
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
