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
    List<HwLayer> layers = new ArrayList<>();
    for (int i = 0; i < g.getProcessesCount(); i++) {
      LavaProcess p = g.getProcesses(i);
      if (LavaNames.LIF.equals(p.getClassPath())) {
        layers.add(p.getShapeCount() == 3 ? mapLayer(g, index, i) : layer(g, index, i));
      }
    }
    HardwareConfig embedded = g.getMetadata().getSourceConfig();
    HardwareConfig.Builder cfg = embedded.toBuilder().clearLayers()
        .setTarget(TargetFamily.LOIHI2.wireName())
        .setNumInputs(dim(input.getShape(0), "processes[" + in + "].shape"))
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
    int size = dim(lif.getShape(0), f + ".shape");
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

  /**
   * A LIF of Lava's map shape (x, y, f) fed by a Conv: the conv2d or sum_pool2d layer the exporter writes (see
   * {@link LavaGraphExporter}). The Conv's weights are Lava's effective weights times 2^weight_exp; the config's
   * kernel, weight_exp, bit count and sign mode are taken from the embedded layer when exporting it gives exactly
   * these weights, otherwise the weights are read as 8-bit weights at exponent 0 if Lava's Dense would load them
   * unchanged, and refused if not.
   */
  private HwLayer mapLayer(LavaProcessGraph g, Map<String, Integer> index, int lifIndex) {
    LavaProcess lif = g.getProcesses(lifIndex);
    String f = "processes[" + lifIndex + "]";
    if (!lif.getName().endsWith(LavaNames.LIF_SUFFIX)) {
      throw bad(f, "LIF process \"" + lif.getName() + "\" must be named <layer>.lif");
    }
    String name = lif.getName().substring(0, lif.getName().length() - LavaNames.LIF_SUFFIX.length());
    int wo = dim(lif.getShape(0), f + ".shape");
    int ho = dim(lif.getShape(1), f + ".shape");
    int co = dim(lif.getShape(2), f + ".shape");
    LavaConnection feed = null;
    for (LavaConnection k : g.getConnectionsList()) {
      if (k.getDstProcess().equals(lif.getName()) && k.getDstPort().equals(LavaNames.A_IN)) {
        if (feed != null) {
          throw bad(f, "map LIF \"" + lif.getName() + "\" has two synapse processes; one Conv per map layer");
        }
        feed = k;
      }
    }
    if (feed == null) {
      throw bad(f, "map LIF \"" + lif.getName() + "\" has no Conv feeding its a_in");
    }
    int ci = index.get(feed.getSrcProcess());
    LavaProcess conv = g.getProcesses(ci);
    String cf = "processes[" + ci + "]";
    if (!LavaNames.CONV.equals(conv.getClassPath()) || !LavaNames.A_OUT.equals(feed.getSrcPort())) {
      throw bad(cf, "feeds map LIF " + lif.getName() + ".a_in but is not a " + LavaNames.CONV + " a_out");
    }
    if (!conv.getShapeList().equals(lif.getShapeList())) {
      throw bad(cf + ".shape", "is " + conv.getShapeList() + ", the LIF it feeds has " + lif.getShapeList());
    }
    LavaVar wv = var(conv, cf, "weight");
    if (wv.getShapeCount() != 4 || wv.getShape(0) != co) {
      throw bad(cf + ".vars.weight", "shape must be (" + co + ", kw, kh, in / groups)");
    }
    int kw = dim(wv.getShape(1), cf + ".vars.weight.shape");
    int kh = dim(wv.getShape(2), cf + ".vars.weight.shape");
    int ig = dim(wv.getShape(3), cf + ".vars.weight.shape");
    if ((long) wo * ho * co > MAX_ELEMENTS || (long) co * kw * kh * ig > MAX_ELEMENTS) {
      throw bad(f + ".shape", "describes more than " + MAX_ELEMENTS + " neurons or weights");
    }
    checkValues(wv, cf + ".vars.weight", co * kw * kh * ig);
    int[] in = pairOrTriple(conv, cf, "input_shape", 3);
    for (int x : in) {
      dim(x, cf + ".vars.input_shape");
    }
    if ((long) in[0] * in[1] * in[2] > MAX_ELEMENTS) {
      throw bad(cf + ".vars.input_shape", "describes more than " + MAX_ELEMENTS + " neurons");
    }
    int[] pad = pairOrTriple(conv, cf, "padding", 2);
    int[] stride = pairOrTriple(conv, cf, "stride", 2);
    int[] dil = pairOrTriple(conv, cf, "dilation", 2);
    int groups = scalarVar(conv, cf, "groups");
    if (dil[0] != 1 || dil[1] != 1) {
      throw bad(cf + ".vars.dilation", "is (" + dil[0] + ", " + dil[1] + "); loihi2 conv layers have dilation 1");
    }
    if (scalarVar(conv, cf, "weight_exp") != 0) {
      throw bad(cf + ".vars.weight_exp", "must be 0 (Lava's fixed-point Conv ignores it; the exporter folds the"
          + " exponent into the weights)");
    }
    if (groups < 1 || in[2] % groups != 0 || in[2] / groups != ig || co % groups != 0 || stride[0] < 1
        || stride[1] < 1 || pad[0] < 0 || pad[0] >= kw || pad[1] < 0 || pad[1] >= kh
        || (in[0] + 2 * pad[0] - kw) / stride[0] + 1 != wo
        || (in[1] + 2 * pad[1] - kh) / stride[1] + 1 != ho) {
      throw bad(cf + ".vars", "input_shape " + java.util.Arrays.toString(in) + ", kernel (" + kw + ", " + kh
          + "), stride, padding and groups " + groups + " do not give the output (" + wo + ", " + ho + ", " + co + ")");
    }
    org.spikeforge.proto.HwMapShape inShape = org.spikeforge.proto.HwMapShape.newBuilder().setChannels(in[2])
        .setHeight(in[1]).setWidth(in[0]).build();
    org.spikeforge.proto.HwMapShape outShape = org.spikeforge.proto.HwMapShape.newBuilder().setChannels(co)
        .setHeight(ho).setWidth(wo).build();
    // our (out, in / groups, kh, kw) cross-correlation kernel: k[o][i][y][x] = W[o][kw-1-x][kh-1-y][i]
    int[] k = new int[co * ig * kh * kw];
    for (int o = 0; o < co; o++) {
      for (int i = 0; i < ig; i++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            k[((o * ig + i) * kh + y) * kw + x] = (int) wv.getValues(((o * kw + (kw - 1 - x)) * kh + (kh - 1 - y)) * ig + i);
          }
        }
      }
    }
    boolean pool = groups > 1;
    if (pool && (groups != in[2] || co != in[2] || java.util.Arrays.stream(k).anyMatch(x -> x != k[0]))) {
      throw bad(cf + ".vars.groups", "is " + groups + "; a grouped Conv is a sum pool only with groups = channels"
          + " in = out and one weight throughout");
    }
    HwLayer.Builder l = HwLayer.newBuilder().setName(name).setSize(wo * ho * co).setFanIn(in[0] * in[1] * in[2])
        .setInputDelay(1);
    Loihi2Lif.Builder p = Loihi2Lif.newBuilder()
        .setDu(scalarVar(lif, f, "du")).setDv(scalarVar(lif, f, "dv")).setVth(scalarVar(lif, f, "vth"))
        .setBiasExp(scalarVar(lif, f, "bias_exp"));
    p.addAllBiasMant(perNeuronMap(lif, f, "bias_mant", wo, ho, co));
    p.addAllUInit(perNeuronMap(lif, f, "u", wo, ho, co));
    p.addAllVInit(perNeuronMap(lif, f, "v", wo, ho, co));
    org.spikeforge.proto.HwConv2d.Builder c2 = org.spikeforge.proto.HwConv2d.newBuilder().setInShape(inShape)
        .setOutShape(outShape).setKernelH(kh).setKernelW(kw).setStrideH(stride[1]).setStrideW(stride[0])
        .setPadH(pad[1]).setPadW(pad[0]);
    org.spikeforge.proto.HwSumPool2d.Builder s2 = org.spikeforge.proto.HwSumPool2d.newBuilder().setInShape(inShape)
        .setOutShape(outShape).setKernelH(kh).setKernelW(kw).setStrideH(stride[1]).setStrideW(stride[0])
        .setPadH(pad[1]).setPadW(pad[0]);
    HwLayer embedded = g.getMetadata().getSourceConfig().getLayersList().stream()
        .filter(e -> e.getName().equals(name) && e.hasLoihi2()).findFirst().orElse(null);
    boolean fromEmbedded = false;
    if (embedded != null && (pool ? embedded.hasSumPool2D() : embedded.hasConv2D())) {
      int[] ek = pool ? new int[] {embedded.getSumPool2D().getWeight()}
          : embedded.getConv2D().getKernelList().stream().mapToInt(Integer::intValue).toArray();
      try {
        long[] eff = LavaGraphExporter.convWeights(ek, embedded.getLoihi2(), "", name);
        fromEmbedded = pool ? eff[0] == k[0]
            : eff.length == k.length && java.util.stream.IntStream.range(0, k.length).allMatch(q -> eff[q] == k[q]);
      } catch (BadExchangeFileException e) {
        fromEmbedded = false;
      }
      if (fromEmbedded) {
        Loihi2Lif ep = embedded.getLoihi2();
        p.setWeightExp(ep.getWeightExp()).setNumWeightBits(ep.getNumWeightBits()).setSignMode(ep.getSignMode());
        if (pool) {
          s2.setWeight(ek[0]);
        } else {
          for (int x : ek) {
            c2.addKernel(x);
          }
        }
      }
    }
    if (!fromEmbedded) {
      int mode = LavaWeightLoad.inferSignMode(k);
      if (!java.util.Arrays.equals(LavaWeightLoad.effective(k, mode, 8), k)) {
        throw bad(cf + ".vars.weight", "holds weights that are not 8-bit weights Lava's Dense would load unchanged,"
            + " and exporting metadata.source_config's layer '" + name + "' does not give them");
      }
      p.setWeightExp(0).setNumWeightBits(8).setSignMode(LavaNames.fromLavaSignMode(mode));
      if (pool) {
        s2.setWeight(k[0]);
      } else {
        for (int x : k) {
          c2.addKernel(x);
        }
      }
    }
    if (pool) {
      l.setSumPool2D(s2);
    } else {
      l.setConv2D(c2);
    }
    LavaConnection src = null;
    for (LavaConnection c : g.getConnectionsList()) {
      if (c.getDstProcess().equals(conv.getName()) && c.getDstPort().equals(LavaNames.S_IN)) {
        src = c;
      }
    }
    if (src == null) {
      throw bad(cf, "Conv \"" + conv.getName() + "\" has no connection into its s_in");
    }
    LavaProcess sp = g.getProcesses(index.get(src.getSrcProcess()));
    boolean srcMap = sp.getShapeCount() == 3;
    String want = srcMap ? LavaNames.S_OUT : LavaGraphExporter.unflatten(inShape);
    if (!src.getSrcPort().equals(want) || (srcMap && !sp.getShapeList().equals(List.of((long) in[0], (long) in[1], (long) in[2])))) {
      throw bad(cf, "Conv \"" + conv.getName() + "\" reads " + src.getSrcProcess() + "." + src.getSrcPort()
          + "; expected " + want + " from a source of " + in[0] * in[1] * in[2] + " neurons laid out as input_shape");
    }
    l.setSource(LavaNames.INPUT.equals(src.getSrcProcess()) ? "input" : layerNameOf(src.getSrcProcess(), cf));
    for (LavaConnection c : g.getConnectionsList()) {
      if (c.getSrcProcess().equals(lif.getName())
          && LavaNames.SINK.equals(g.getProcesses(index.get(c.getDstProcess())).getClassPath())) {
        if (!c.getSrcPort().equals(LavaGraphExporter.FLATTEN)) {
          throw bad(f, "the sink of map LIF \"" + lif.getName() + "\" reads " + c.getSrcPort() + "; expected "
              + LavaGraphExporter.FLATTEN);
        }
        l.setOutput(true);
      }
    }
    return l.setLoihi2(p).build();
  }

  /** Upper bound on neurons or weights of one map layer, so that a damaged shape cannot overflow an index. */
  private static final long MAX_ELEMENTS = 1L << 28;

  private int dim(long v, String f) {
    if (v < 1 || v > 1 << 20) {
      throw bad(f, "has extent " + v + ", expected 1.." + (1 << 20));
    }
    return (int) v;
  }

  private int[] pairOrTriple(LavaProcess p, String f, String name, int n) {
    LavaVar v = var(p, f, name);
    checkValues(v, f + ".vars." + name, n);
    if (v.getShapeCount() != 1 || v.getShape(0) != n) {
      throw bad(f + ".vars." + name, "shape must be (" + n + ",)");
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) v.getValues(i);
    }
    return out;
  }

  /** A per-neuron var of a map LIF, (x, y, f) array or scalar, in our (c, y, x) neuron order. */
  private List<Integer> perNeuronMap(LavaProcess p, String f, String name, int w, int h, int c) {
    LavaVar v = var(p, f, name);
    if (v.getShapeCount() == 0) {
      return perNeuron(p, f, name, w * h * c);
    }
    if (v.getShapeCount() != 3 || v.getShape(0) != w || v.getShape(1) != h || v.getShape(2) != c) {
      throw bad(f + ".vars." + name, "shape must be (" + w + ", " + h + ", " + c + ") or a scalar");
    }
    checkValues(v, f + ".vars." + name, w * h * c);
    List<Integer> out = new ArrayList<>();
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out.add((int) v.getValues((x * h + y) * c + ch));
        }
      }
    }
    return out;
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
      if (k.getDstProcess().equals(dense.getName()) && k.getDstPort().equals(LavaNames.S_IN)) {
        LavaProcess src = g.getProcessesList().stream().filter(p -> p.getName().equals(k.getSrcProcess()))
            .findFirst().orElseThrow();
        String want = src.getShapeCount() == 3 ? LavaGraphExporter.FLATTEN : LavaNames.S_OUT;
        if (!k.getSrcPort().equals(want)) {
          throw bad(df, "Dense \"" + dense.getName() + "\" reads " + k.getSrcProcess() + "." + k.getSrcPort()
              + "; expected " + want);
        }
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
    if (v.getShape(0) > 1 << 20 || v.getShape(1) > 1 << 20 || v.getShape(0) * v.getShape(1) > MAX_ELEMENTS) {
      throw bad(f + ".vars." + name, "shape (" + v.getShape(0) + ", " + v.getShape(1) + ") has more than "
          + MAX_ELEMENTS + " entries");
    }
    int n = (int) (v.getShape(0) * v.getShape(1));
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
