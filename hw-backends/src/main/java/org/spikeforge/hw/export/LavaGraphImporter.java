package org.spikeforge.hw.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.LavaConnection;
import org.spikeforge.proto.LavaProcess;
import org.spikeforge.proto.LavaProcessGraph;
import org.spikeforge.proto.LavaVar;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.TargetFamily;

/**
 * Rebuilds the {@code loihi2} {@link HardwareConfig} from a Lava process graph. The layers are
 * reconstructed from the processes and connections alone and then checked against the config
 * embedded in the metadata, so a graph whose processes were edited out of step with its metadata
 * is refused instead of silently trusting either side. Fields Lava has no notion of (network name,
 * dt, core placement, provenance) come from the embedded config.
 */
public final class LavaGraphImporter {
  private final String file;

  /** {@code file} names the source in error messages. */
  public LavaGraphImporter(String file) {
    this.file = file;
  }

  public HardwareConfig toConfig(LavaProcessGraph g) {
    if (!LavaGraphExporter.FORMAT_VERSION.equals(g.getFormatVersion())) {
      throw bad("format_version", "is \"" + g.getFormatVersion() + "\", this reader knows \"" + LavaGraphExporter.FORMAT_VERSION + "\"");
    }
    if (!g.hasMetadata() || !g.getMetadata().hasSourceConfig()) {
      throw bad("metadata.source_config", "is missing; it carries the network name, dt and core placement");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < g.getProcessesCount(); i++) {
      if (index.put(g.getProcesses(i).getName(), i) != null) {
        throw bad("processes[" + i + "].name", "\"" + g.getProcesses(i).getName() + "\" is used twice");
      }
    }
    Integer in = index.get(LavaNames.INPUT);
    if (in == null) {
      throw bad("processes", "no process named \"input\"");
    }
    LavaProcess input = g.getProcesses(in);
    if (!LavaNames.SOURCE.equals(input.getClassPath()) || input.getShapeCount() != 2) {
      throw bad("processes[" + in + "]", "input must be " + LavaNames.SOURCE + " with shape (channels, steps)");
    }
    for (int c = 0; c < g.getConnectionsCount(); c++) {
      LavaConnection k = g.getConnections(c);
      if (!index.containsKey(k.getSrcProcess()) || !index.containsKey(k.getDstProcess())) {
        throw bad("connections[" + c + "]", "names an unknown process (" + k.getSrcProcess() + " -> " + k.getDstProcess() + ")");
      }
    }
    for (int i = 0; i < g.getProcessesCount(); i++) {
      if (LavaNames.CONV.equals(g.getProcesses(i).getClassPath())) {
        throw bad("processes[" + i + "].class_path", "is " + LavaNames.CONV + " (\"" + g.getProcesses(i).getName()
            + "\"); this reader rebuilds dense graphs only (the exported config is embedded unchanged in"
            + " metadata.source_config)");
      }
    }
    List<HwLayer> layers = new ArrayList<>();
    for (int i = 0; i < g.getProcessesCount(); i++) {
      LavaProcess p = g.getProcesses(i);
      if (LavaNames.LIF.equals(p.getClassPath())) {
        layers.add(layer(g, index, i));
      }
    }
    HardwareConfig embedded = g.getMetadata().getSourceConfig();
    HardwareConfig.Builder cfg = embedded.toBuilder().clearLayers()
        .setTarget(TargetFamily.LOIHI2.wireName())
        .setNumInputs(Math.toIntExact(input.getShape(0)))
        .setNumSteps(g.getMetadata().getNumSteps())
        .addAllLayers(layers);
    HardwareConfig rebuilt = cfg.build();
    if (input.getShape(1) != rebuilt.getNumSteps()) {
      throw bad("processes[" + in + "].shape", "has " + input.getShape(1) + " steps, metadata.num_steps is " + rebuilt.getNumSteps());
    }
    compare(embedded, rebuilt);
    LoihiConfigCheck.requireLoihi2(rebuilt, file);
    return rebuilt;
  }

  private HwLayer layer(LavaProcessGraph g, Map<String, Integer> index, int lifIndex) {
    LavaProcess lif = g.getProcesses(lifIndex);
    String f = "processes[" + lifIndex + "]";
    if (!lif.getName().endsWith(LavaNames.LIF_SUFFIX) || lif.getShapeCount() != 1) {
      throw bad(f, "LIF process \"" + lif.getName() + "\" must be named <layer>.lif and have shape (n,)");
    }
    String name = lif.getName().substring(0, lif.getName().length() - LavaNames.LIF_SUFFIX.length());
    int size = Math.toIntExact(lif.getShape(0));
    HwLayer.Builder l = HwLayer.newBuilder().setName(name).setSize(size);
    Loihi2Lif.Builder p = Loihi2Lif.newBuilder()
        .setDu(scalarVar(lif, f, "du")).setDv(scalarVar(lif, f, "dv")).setVth(scalarVar(lif, f, "vth"))
        .setBiasExp(scalarVar(lif, f, "bias_exp"));
    p.addAllBiasMant(perNeuron(lif, f, "bias_mant", size));
    p.addAllUInit(perNeuron(lif, f, "u", size));
    p.addAllVInit(perNeuron(lif, f, "v", size));
    boolean feedForwardSeen = false;
    List<InferredDense> inferred = new ArrayList<>();
    for (LavaConnection k : g.getConnectionsList()) {
      if (k.getDstProcess().equals(lif.getName()) && k.getDstPort().equals(LavaNames.A_IN)) {
        int di = index.get(k.getSrcProcess());
        LavaProcess dense = g.getProcesses(di);
        String df = "processes[" + di + "]";
        if (!LavaNames.A_OUT.equals(k.getSrcPort())
            || !(LavaNames.DENSE.equals(dense.getClassPath()) || LavaNames.DELAY_DENSE.equals(dense.getClassPath()))) {
          throw bad(df, "feeds " + lif.getName() + ".a_in but is not a Dense/DelayDense a_out");
        }
        String src = spikeSourceOf(g, dense, df);
        int[] w = matrixVar(dense, df, "weights", size);
        int fanIn = w.length / size;
        p.setWeightExp(scalarVar(dense, df, "weight_exp"));
        int bits = scalarVar(dense, df, "num_weight_bits");
        if (hasVar(dense, "sign_mode")) { // graphs written before sign_mode was left out: Lava's numbering
          p.setNumWeightBits(bits).setSignMode(LavaNames.fromLavaSignMode(scalarVar(dense, df, "sign_mode")));
        } else {
          inferred.add(new InferredDense(df, w, bits));
        }
        if (src.equals(lif.getName())) {
          for (int x : w) {
            l.addRecurrentWeights(x);
          }
        } else {
          if (feedForwardSeen) {
            throw bad(df, "a second feed-forward Dense into " + lif.getName() + "; one source per layer");
          }
          feedForwardSeen = true;
          l.setSource(LavaNames.INPUT.equals(src) ? "input" : layerNameOf(src, df)).setFanIn(fanIn);
          for (int x : w) {
            l.addWeights(x);
          }
          l.setInputDelay(1 + uniformDelay(dense, df, w.length));
        }
      }
      if (k.getSrcProcess().equals(lif.getName()) && LavaNames.SINK.equals(g.getProcesses(index.get(k.getDstProcess())).getClassPath())) {
        l.setOutput(true);
      }
    }
    if (!feedForwardSeen) {
      throw bad(f, "LIF \"" + lif.getName() + "\" has no Dense feeding its a_in");
    }
    resolveSignMode(g, name, p, inferred);
    return l.setLoihi2(p).build();
  }

  /** A Dense without sign_mode: Lava infers the mode from {@code w} and truncates to {@code bits}. */
  private record InferredDense(String field, int[] w, int bits) {}

  /**
   * The config's sign_mode and num_weight_bits for Denses that carry no sign_mode: the embedded
   * config's values when they load the same weights as Lava's inference does (what the exporter
   * writes), otherwise the mode Lava infers from the feed-forward weights, which must then also
   * reproduce the recurrent Dense.
   */
  private void resolveSignMode(LavaProcessGraph g, String layer, Loihi2Lif.Builder p, List<InferredDense> denses) {
    if (denses.isEmpty()) {
      return;
    }
    for (HwLayer e : g.getMetadata().getSourceConfig().getLayersList()) {
      if (e.getName().equals(layer) && e.hasLoihi2()) {
        Loihi2Lif ep = e.getLoihi2();
        if (denses.stream().allMatch(d -> LavaSignModes.sameLoad(d.w(), ep.getSignMode(), ep.getNumWeightBits(), d.bits()))) {
          p.setSignMode(ep.getSignMode()).setNumWeightBits(ep.getNumWeightBits());
          return;
        }
      }
    }
    InferredDense first = denses.get(0);
    int mode = LavaNames.fromLavaSignMode(LavaWeightLoad.inferSignMode(first.w()));
    for (InferredDense d : denses) {
      if (!LavaSignModes.sameLoad(d.w(), mode, first.bits(), d.bits())) {
        throw bad(d.field() + ".vars.num_weight_bits", "with the sign mode Lava infers, this Dense loads its weights"
            + " unlike a loihi2 layer with sign_mode " + mode + " and num_weight_bits " + first.bits()
            + " (one sign mode and bit count per layer)");
      }
    }
    p.setSignMode(mode).setNumWeightBits(first.bits());
  }

  private static boolean hasVar(LavaProcess p, String name) {
    return p.getVarsList().stream().anyMatch(v -> v.getName().equals(name));
  }

  private String spikeSourceOf(LavaProcessGraph g, LavaProcess dense, String df) {
    for (LavaConnection k : g.getConnectionsList()) {
      if (k.getDstProcess().equals(dense.getName()) && k.getDstPort().equals(LavaNames.S_IN)
          && k.getSrcPort().equals(LavaNames.S_OUT)) {
        return k.getSrcProcess();
      }
    }
    throw bad(df, "Dense \"" + dense.getName() + "\" has no s_out -> s_in connection");
  }

  private String layerNameOf(String lifProcess, String df) {
    if (!lifProcess.endsWith(LavaNames.LIF_SUFFIX)) {
      throw bad(df, "spike source \"" + lifProcess + "\" is neither input nor a <layer>.lif");
    }
    return lifProcess.substring(0, lifProcess.length() - LavaNames.LIF_SUFFIX.length());
  }

  private int uniformDelay(LavaProcess dense, String df, int count) {
    if (!LavaNames.DELAY_DENSE.equals(dense.getClassPath())) {
      return 0;
    }
    LavaVar d = var(dense, df, "delays");
    checkValues(d, df + ".vars.delays", count);
    long first = d.getValues(0);
    for (long x : d.getValuesList()) {
      if (x != first || x < 0 || x > 62) {
        throw bad(df + ".vars.delays", "must be one delay 0..62 for all synapses (the loihi2 layer has one input_delay)");
      }
    }
    return (int) first;
  }

  private LavaVar var(LavaProcess p, String f, String name) {
    for (int i = 0; i < p.getVarsCount(); i++) {
      if (p.getVars(i).getName().equals(name)) {
        return p.getVars(i);
      }
    }
    throw bad(f + ".vars." + name, "is missing from " + p.getClassPath() + " \"" + p.getName() + "\"");
  }

  private int scalarVar(LavaProcess p, String f, String name) {
    LavaVar v = var(p, f, name);
    checkValues(v, f + ".vars." + name, 1);
    if (v.getShapeCount() != 0) {
      throw bad(f + ".vars." + name, "must be a scalar");
    }
    return (int) v.getValues(0);
  }

  /** A scalar 0 means "all zero" (empty in the config); a scalar c != 0 is broadcast. */
  private List<Integer> perNeuron(LavaProcess p, String f, String name, int size) {
    LavaVar v = var(p, f, name);
    List<Integer> out = new ArrayList<>();
    if (v.getShapeCount() == 0) {
      checkValues(v, f + ".vars." + name, 1);
      if (v.getValues(0) != 0) {
        for (int i = 0; i < size; i++) {
          out.add((int) v.getValues(0));
        }
      }
      return out;
    }
    if (v.getShapeCount() != 1 || v.getShape(0) != size) {
      throw bad(f + ".vars." + name, "shape must be (" + size + ",)");
    }
    checkValues(v, f + ".vars." + name, size);
    for (long x : v.getValuesList()) {
      out.add((int) x);
    }
    return out;
  }

  private int[] matrixVar(LavaProcess p, String f, String name, int rows) {
    LavaVar v = var(p, f, name);
    if (v.getShapeCount() != 2 || v.getShape(0) != rows || v.getShape(1) <= 0
        || p.getShapeCount() != 2 || p.getShape(0) != v.getShape(0) || p.getShape(1) != v.getShape(1)) {
      throw bad(f + ".vars." + name, "shape must be (" + rows + ", fan_in) and equal the process shape");
    }
    int n = Math.toIntExact(v.getShape(0) * v.getShape(1));
    checkValues(v, f + ".vars." + name, n);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) v.getValues(i);
    }
    return out;
  }

  private void checkValues(LavaVar v, String f, int expected) {
    if (!v.getDtype().matches("u?int(8|16|32|64)")) {
      throw bad(f + ".dtype", "is \"" + v.getDtype() + "\", expected a numpy integer type");
    }
    if (v.getValuesCount() != expected) {
      throw bad(f + ".values", "has " + v.getValuesCount() + " entries, expected " + expected);
    }
    for (long x : v.getValuesList()) {
      if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
        throw bad(f + ".values", "value " + x + " does not fit int32");
      }
    }
  }

  private void compare(HardwareConfig embedded, HardwareConfig rebuilt) {
    if (embedded.getLayersCount() != rebuilt.getLayersCount()) {
      throw bad("metadata.source_config.layers", "has " + embedded.getLayersCount()
          + " layers but the processes describe " + rebuilt.getLayersCount());
    }
    for (int i = 0; i < rebuilt.getLayersCount(); i++) {
      HwLayer a = embedded.getLayers(i);
      HwLayer b = rebuilt.getLayers(i);
      if (!a.equals(b)) {
        for (var e : b.getAllFields().entrySet()) {
          Object other = a.getAllFields().get(e.getKey());
          if (!e.getValue().equals(other)) {
            throw bad("processes (layer " + b.getName() + ")." + e.getKey().getName(),
                "disagrees with metadata.source_config.layers[" + i + "]");
          }
        }
        throw bad("metadata.source_config.layers[" + i + "]", "has fields the processes do not describe");
      }
    }
    if (embedded.getNumInputs() != rebuilt.getNumInputs()) {
      throw bad("processes[input].shape", "says " + rebuilt.getNumInputs() + " inputs, metadata.source_config.num_inputs " + embedded.getNumInputs());
    }
    if (embedded.getNumSteps() != rebuilt.getNumSteps()) {
      throw bad("metadata.num_steps", "is " + rebuilt.getNumSteps() + ", metadata.source_config.num_steps " + embedded.getNumSteps());
    }
  }

  private BadExchangeFileException bad(String field, String problem) {
    return new BadExchangeFileException(file, field, problem);
  }
}
