package org.spikeforge.hw.export;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/**
 * Reads a NIR HDF5 graph of {@code Input}, {@code Linear}/{@code Affine} (zero bias), {@code Output}
 * and either {@code CubaLIF} nodes (into a float LIF_EXP {@link Network}) or plain {@code LIF} nodes
 * (into a LIF_DELTA network), inverting {@link NirConventions}: per-neuron {@code r * w_in / tau_syn}
 * (CubaLIF) or {@code r / tau} (LIF) and threshold ratios are folded into the incoming weights, which
 * is exact for these linear models; a plain LIF's {@code v_leak} (in units of the shared threshold) becomes the
 * LIF_DELTA drive. Everything SpikeForge cannot represent exactly (other node types, CubaLIF and LIF in one graph,
 * tau_syn != tau_mem/2, CubaLIF leaks, reset potentials, LIF leaks giving more than one drive, biases) is collected
 * and reported by node name in one error.
 */
public final class NirImporter {
  private NirImporter() {}

  private record Edge(String src, String dst) {}

  public static Network read(Path file) {
    return Hdf5Fields.read(file, h -> {
      h.string("version");
      if (!"NIRGraph".equals(h.string("node/type"))) {
        throw h.bad("node/type", "must be \"NIRGraph\"");
      }
      List<String> names = h.children("node/nodes");
      Map<String, String> types = new LinkedHashMap<>();
      for (String n : names) {
        types.put(n, h.string("node/nodes/" + n + "/type"));
      }
      String[][] rawEdges = h.stringMatrix("node/edges");
      List<Edge> edges = new ArrayList<>();
      for (int i = 0; i < rawEdges.length; i++) {
        if (rawEdges[i].length != 2 || !types.containsKey(rawEdges[i][0]) || !types.containsKey(rawEdges[i][1])) {
          throw h.bad("node/edges", "row " + i + " must name two nodes of node/nodes");
        }
        edges.add(new Edge(rawEdges[i][0], rawEdges[i][1]));
      }
      return new Builder(h, file, types, withoutFlatten(h, types, edges)).build();
    });
  }

  /**
   * The edges with every {@code Flatten} node bridged (a -> F -> b becomes a -> b): a dense layer on a feature map
   * reads it in (channel, row, column) order anyway, which is what a Flatten over all dimensions gives. A Flatten that
   * leaves more than one dimension has no counterpart and is refused.
   */
  private static List<Edge> withoutFlatten(Hdf5Fields h, Map<String, String> types, List<Edge> edges) {
    List<Edge> out = new ArrayList<>(edges);
    for (var t : types.entrySet()) {
      if (!"Flatten".equals(t.getValue())) {
        continue;
      }
      String f = t.getKey();
      String p = "node/nodes/" + f + "/";
      if (h.exists(p + "input_type")) {
        long[] shape = h.integers(p + "input_type");
        long start = h.exists(p + "start_dim") ? h.integer(p + "start_dim") : 1;
        long end = h.exists(p + "end_dim") ? h.integer(p + "end_dim") : -1;
        long last = end < 0 ? shape.length + end : end;
        if (shape.length > 1 && !(start <= 0 && last >= shape.length - 1) && !(start == 1 && shape[0] == 1
            && last >= shape.length - 1)) {
          throw h.bad(p + "start_dim", "Flatten of dimensions " + start + ".." + end + " of " + java.util.Arrays
              .toString(shape) + " leaves more than one dimension; SpikeForge flattens whole feature maps only");
        }
      }
      List<Edge> in = out.stream().filter(e -> e.dst().equals(f)).toList();
      if (in.size() != 1) {
        throw h.bad("node/edges", "Flatten " + f + " must have exactly one source, has " + in.size());
      }
      List<Edge> next = new ArrayList<>();
      for (Edge e : out) {
        if (e.dst().equals(f)) {
          continue;
        }
        next.add(e.src().equals(f) ? new Edge(in.get(0).src(), e.dst()) : e);
      }
      out = next;
    }
    return out;
  }

  /** Node types that carry the weights of a projection. */
  private static boolean isWeights(String type) {
    return "Linear".equals(type) || "Affine".equals(type) || "Conv2d".equals(type) || "SumPool2d".equals(type);
  }

  /** Gives populations that the exporter renamed (see {@link NirExporter#nodeName}) their SpikeForge names back. */
  private static void restoreNames(Network.Builder net, String[][] rows) {
    Map<String, String> back = new HashMap<>();
    for (String[] r : rows) {
      if (r.length == 2) {
        back.put(r[0], r[1]);
      }
    }
    for (int i = 0; i < net.getPopulationsCount(); i++) {
      String n = net.getPopulations(i).getName();
      net.setPopulations(i, net.getPopulations(i).toBuilder().setName(back.getOrDefault(n, n)));
    }
    for (int i = 0; i < net.getProjectionsCount(); i++) {
      var p = net.getProjections(i);
      net.setProjections(i, p.toBuilder().setSource(back.getOrDefault(p.getSource(), p.getSource()))
          .setTarget(back.getOrDefault(p.getTarget(), p.getTarget())));
    }
  }

  /** The conversion state for one file. */
  private static final class Builder {
    private final Hdf5Fields h;
    private final Path file;
    private final Map<String, String> types;
    private final List<Edge> edges;
    private final List<String> unmapped = new ArrayList<>();
    private final Map<String, double[]> scale = new HashMap<>();
    private double tau = Double.NaN;
    private double threshold = Double.NaN;
    private double drive = Double.NaN; // plain LIF: v_leak rescaled to the shared threshold
    private NeuronModel model = NeuronModel.NEURON_MODEL_UNSPECIFIED;

    Builder(Hdf5Fields h, Path file, Map<String, String> types, List<Edge> edges) {
      this.h = h;
      this.file = file;
      this.types = types;
      this.edges = edges;
    }

    Network build() {
      String input = null;
      for (var e : types.entrySet()) {
        String n = e.getKey();
        switch (e.getValue()) {
          case "Input" -> {
            if (input != null) {
              unmapped.add(n + " (a second Input; SpikeForge networks have one input vector)");
            }
            input = n;
          }
          case "Output", "Linear", "Flatten", "SumPool2d" -> { }
          case "Affine", "Conv2d" -> checkZeroBias(n);
          case "CubaLIF" -> neuronNode(n, NeuronModel.LIF_EXP);
          case "LIF" -> neuronNode(n, NeuronModel.LIF_DELTA);
          default -> unmapped.add(n + " (" + e.getValue() + ": no SpikeForge counterpart)");
        }
      }
      if (!unmapped.isEmpty()) {
        throw h.bad("node/nodes", "cannot map to a SpikeForge Network: " + String.join(", ", unmapped));
      }
      if (input == null) {
        throw h.bad("node/nodes", "has no Input node");
      }
      String shapePath = "node/nodes/" + input + "/shape";
      long[] inShape = h.integers(shapePath);
      for (long d : inShape) {
        if (d <= 0 || d > Integer.MAX_VALUE) {
          throw h.bad(shapePath, "sizes must be positive, got " + java.util.Arrays.toString(inShape));
        }
      }
      if (inShape.length == 4 && inShape[0] == 1) { // a leading batch dimension of 1
        inShape = java.util.Arrays.copyOfRange(inShape, 1, 4);
      }
      if (inShape.length != 1 && inShape.length != 3) {
        throw h.bad(shapePath, "must be one size (a flat input) or (channels, height, width), got "
            + java.util.Arrays.toString(inShape));
      }
      int numInputs = (int) java.util.Arrays.stream(inShape).reduce(1, (a, b) -> a * b);
      Network.Builder net = Network.newBuilder().setModel(model).setNumInputs(numInputs);
      Map<String, MapShape> shapes = new HashMap<>();
      if (inShape.length == 3) {
        MapShape m = MapShape.newBuilder().setChannels((int) inShape[0]).setHeight((int) inShape[1])
            .setWidth((int) inShape[2]).build();
        net.setInputShape(m);
        shapes.put(input, m);
      }
      List<String> order = populationOrder(input);
      Map<String, Integer> sizes = new HashMap<>();
      sizes.put(input, numInputs);
      for (String pop : order) {
        sizes.put(pop, scale.get(pop).length);
      }
      List<Projection> projections = new ArrayList<>();
      for (String pop : order) {
        for (Edge in : edges) {
          if (in.dst().equals(pop)) {
            projections.add(projection(in.src(), pop, input, sizes, shapes));
          }
        }
      }
      for (String pop : order) {
        boolean output = edges.stream().anyMatch(e -> e.src().equals(pop) && "Output".equals(types.get(e.dst())));
        Population.Builder pb = Population.newBuilder().setName(pop).setSize(scale.get(pop).length).setOutput(output);
        if (shapes.containsKey(pop)) {
          pb.setShape(shapes.get(pop));
        }
        net.addPopulations(pb);
      }
      net.addAllProjections(projections);
      for (Edge e : edges) {
        if ("Output".equals(types.get(e.dst())) && !scale.containsKey(e.src())) {
          throw h.bad("node/edges", "Output " + e.dst() + " must be fed by a CubaLIF or LIF node, not " + e.src());
        }
      }
      NeuronParams.Builder params = NeuronParams.newBuilder().setTau(tau).setThreshold(threshold);
      if (model == NeuronModel.LIF_DELTA && Double.isFinite(drive)) {
        params.setDrive(drive);
      }
      net.setParams(params);
      net.setName(h.exists("node/metadata/network_name") ? h.string("node/metadata/network_name")
          : file.getFileName().toString().replaceFirst("\\.nir$", ""));
      if (h.exists("node/metadata/trial_end")) {
        net.setTrialEnd(h.real("node/metadata/trial_end"));
      }
      String renamed = "node/metadata/" + NirExporter.POPULATION_NAMES;
      if (h.exists(renamed)) {
        restoreNames(net, h.stringMatrix(renamed));
      }
      return net.build();
    }

    /** One model per network: the first neuron node decides, a node of the other kind is unmapped. */
    private boolean sameModel(String n, NeuronModel m) {
      if (model == NeuronModel.NEURON_MODEL_UNSPECIFIED) {
        model = m;
      }
      if (model != m) {
        unmapped.add(n + " (" + types.get(n) + " mixed with " + (m == NeuronModel.LIF_EXP ? "LIF" : "CubaLIF")
            + " nodes; a SpikeForge Network has one neuron model)");
        return false;
      }
      return true;
    }

    /**
     * Checks one neuron node and records its per-neuron weight scale. CubaLIF:
     * {@code r * w_in / tau_syn * (theta / theta_i)}. Plain LIF: NIR's {@code tau dv/dt = (v_leak - v) + r I}
     * with I a sum of unit-area pulses of weight w makes v jump by {@code r w / tau}, LIF_DELTA's jump, so
     * {@code r / tau * (theta / theta_i)}.
     */
    private void neuronNode(String n, NeuronModel m) {
      if (!sameModel(n, m)) {
        return;
      }
      boolean cuba = m == NeuronModel.LIF_EXP;
      String p = "node/nodes/" + n + "/";
      // parameters come flat, or in the shape of the layer's feature map (C, H, W) as conv exporters write them
      double[] tauMem = h.tensor(p + (cuba ? "tau_mem" : "tau")).values();
      double[] tauIn = cuba ? h.tensor(p + "tau_syn").values() : tauMem;
      double[] r = h.tensor(p + "r").values();
      double[] vLeak = h.tensor(p + "v_leak").values();
      double[] vTh = h.tensor(p + "v_threshold").values();
      double[] vReset = h.exists(p + "v_reset") ? h.tensor(p + "v_reset").values() : new double[vTh.length];
      double[] wIn = cuba && h.exists(p + "w_in") ? h.tensor(p + "w_in").values() : filled(vTh.length, 1.0);
      double[] s = neuronScales(n, cuba ? "CubaLIF" : "LIF", tauMem, tauIn, r, vLeak, vTh, vReset, wIn);
      if (s != null) {
        scale.put(n, s);
      }
    }

    /**
     * Per-neuron weight scales {@code r * w_in / tau_in * (theta / theta_i)}, or null after recording
     * why the node does not map; {@code tauIn} is tau_syn for CubaLIF and tau for LIF (where it
     * equals tauMem, so the tau_syn = tau_mem/2 rule is not applied).
     */
    private double[] neuronScales(String n, String kind, double[] tauMem, double[] tauIn, double[] r,
        double[] vLeak, double[] vTh, double[] vReset, double[] wIn) {
      String p = "node/nodes/" + n + "/";
      boolean cuba = "CubaLIF".equals(kind);
      int size = vTh.length;
      for (double[] a : List.of(tauMem, tauIn, r, vLeak, vReset, wIn)) {
        if (a.length != size) {
          throw h.bad(p + "*", "parameter arrays of " + n + " differ in length");
        }
      }
      double[] s = new double[size];
      for (int i = 0; i < size; i++) {
        if (Double.isNaN(tau)) {
          tau = tauMem[i];
          threshold = vTh[i];
        }
        String why = null;
        if (!(tauMem[i] > 0) || Math.abs(tauMem[i] - tau) > NirConventions.TAU_RATIO_TOLERANCE * tau) {
          why = (cuba ? "tau_mem " : "tau ") + tauMem[i] + " differs from " + tau + " (one tau per SpikeForge network)";
        } else if (cuba && Math.abs(tauIn[i] - tau / 2) > NirConventions.TAU_RATIO_TOLERANCE * tau) {
          why = "tau_syn " + tauIn[i] + " is not tau_mem/2 = " + tau / 2;
        } else if ((cuba && vLeak[i] != 0) || vReset[i] != 0) {
          why = cuba ? "v_leak and v_reset must be 0" : "v_reset must be 0";
        } else if (!(vTh[i] > 0) || !(r[i] > 0) || !Double.isFinite(wIn[i]) || !Double.isFinite(vLeak[i])) {
          why = "needs v_threshold > 0, r > 0, finite w_in and v_leak";
        } else if (!cuba) {
          // v_leak is LIF_DELTA's drive, in the units of the shared threshold; one drive per network
          double d = vLeak[i] * (threshold / vTh[i]);
          if (Double.isNaN(drive)) {
            drive = d;
          } else if (Math.abs(d - drive) > NirConventions.TAU_RATIO_TOLERANCE * Math.max(1, Math.abs(drive))) {
            why = "v_leak " + vLeak[i] + " gives the drive " + d + ", not " + drive
                + " (one drive v_leak * V_th / v_threshold per SpikeForge network)";
          }
        }
        if (why != null) {
          unmapped.add(n + " (" + kind + " neuron " + i + ": " + why + ")");
          return null;
        }
        // r * (w_in / tau_syn): the exporter writes w_in = tau_syn, so a pool weight in r comes back exactly
        s[i] = (r[i] * (wIn[i] / tauIn[i])) * (threshold / vTh[i]);
      }
      return s;
    }

    private void checkZeroBias(String n) {
      for (double b : h.tensor("node/nodes/" + n + "/bias").values()) {
        if (b != 0) {
          unmapped.add(n + " (" + types.get(n) + " with non-zero bias: SpikeForge LIF_EXP has no constant input"
              + " current)");
          return;
        }
      }
    }

    /** Populations in feed-forward order from the input; only self-recurrence is allowed. */
    private List<String> populationOrder(String input) {
      Map<String, List<String>> feeds = new LinkedHashMap<>();
      for (String n : scale.keySet()) {
        feeds.put(n, new ArrayList<>());
      }
      for (Edge e : edges) {
        String t = types.get(e.dst());
        if (isWeights(t)) {
          String src = e.src();
          if (!src.equals(input) && !scale.containsKey(src)) {
            throw h.bad("node/edges", e.src() + " -> " + e.dst() + ": weights must come from the Input or a CubaLIF/LIF");
          }
          for (Edge out : edges) {
            if (out.src().equals(e.dst())) {
              if (!scale.containsKey(out.dst())) {
                throw h.bad("node/edges", e.dst() + " -> " + out.dst() + ": weights must feed a CubaLIF/LIF");
              }
              if (!src.equals(out.dst()) && !src.equals(input)) {
                feeds.get(src).add(out.dst());
              }
            }
          }
        } else if (scale.containsKey(e.dst()) && !isWeights(types.get(e.src()))) {
          throw h.bad("node/edges", e.src() + " -> " + e.dst() + ": a CubaLIF/LIF must be fed through Linear/Affine weights");
        }
      }
      Map<String, Integer> indegree = new LinkedHashMap<>();
      feeds.keySet().forEach(n -> indegree.put(n, 0));
      feeds.values().forEach(ts -> ts.forEach(t -> indegree.merge(t, 1, Integer::sum)));
      Deque<String> ready = new ArrayDeque<>();
      indegree.forEach((n, d) -> {
        if (d == 0) {
          ready.add(n);
        }
      });
      List<String> order = new ArrayList<>();
      while (!ready.isEmpty()) {
        String n = ready.poll();
        order.add(n);
        for (String t : feeds.get(n)) {
          if (indegree.merge(t, -1, Integer::sum) == 0) {
            ready.add(t);
          }
        }
      }
      if (order.size() != feeds.size()) {
        throw h.bad("node/edges", "a cycle through several CubaLIF/LIF nodes; only self-recurrence maps to a Network");
      }
      return order;
    }

    private Projection projection(String linear, String target, String input, Map<String, Integer> sizes,
        Map<String, MapShape> shapes) {
      String src = edges.stream().filter(e -> e.dst().equals(linear)).map(Edge::src).findFirst()
          .orElseThrow(() -> h.bad("node/edges", linear + " has no source"));
      String type = types.get(linear);
      if ("Conv2d".equals(type) || "SumPool2d".equals(type)) {
        return NirConvImport.projection(h, "node/nodes/" + linear + "/", type, src.equals(input) ? "input" : src,
            shapes.get(src), target, sizes.get(target), scale.get(target), shapes);
      }
      String path = "node/nodes/" + linear + "/weight";
      double[][] w = h.realMatrix(path);
      int rows = sizes.get(target);
      int cols = sizes.get(src);
      if (w.length != rows || (rows > 0 && w[0].length != cols)) {
        throw h.bad(path, "shape must be (" + rows + ", " + cols + ") for " + src + " -> " + target);
      }
      double[] s = scale.get(target);
      Projection.Builder p = Projection.newBuilder().setSource(src.equals(input) ? "input" : src)
          .setTarget(target).setRows(rows).setCols(cols);
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          if (!Double.isFinite(w[r][c])) {
            throw h.bad(path, "entry [" + r + "][" + c + "] is " + w[r][c]);
          }
          p.addWeights(w[r][c] * s[r]);
        }
      }
      return p.build();
    }

    private static double[] filled(int n, double v) {
      double[] a = new double[n];
      java.util.Arrays.fill(a, v);
      return a;
    }
  }
}
