package org.spikeforge.hw.export;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * Writes a float LIF_EXP (or LIF_DELTA) {@link Network} as a NIR HDF5 graph: {@code /version}, and under
 * {@code /node} a {@code NIRGraph} with an {@code Input}, one {@code Linear}, {@code Conv2d} or {@code SumPool2d} per
 * projection (named {@code <source>_to_<target>}; a dense projection from a feature map is preceded by a
 * {@code Flatten}), one {@code CubaLIF} (LIF_DELTA: {@code LIF}) per population, its parameters in the shape of the
 * population's feature map, and an {@code Output} per read-out population, joined by {@code /node/edges}. Parameters follow
 * {@link NirConventions}. THETA and QIF networks are refused: NIR has no such node, and no
 * approximation is made.
 */
public final class NirExporter {
  private NirExporter() {}

  /**
   * Writes atomically. {@code dt} is the time step a discrete-time NIR consumer should assume (in
   * model time units); it is recorded in the graph metadata, not used by the conversion itself.
   */
  public static void write(Network net, double dt, String spikeforgeVersion, Path out) {
    check(net, "network");
    AtomicFiles.write(out, temp -> {
      try (WritableHdfFile f = HdfFile.write(temp)) {
        f.putDataset("version", NirConventions.NIR_VERSION);
        WritableGroup node = f.putGroup("node");
        node.putDataset("type", "NIRGraph");
        WritableGroup nodes = node.putGroup("nodes");
        List<String[]> edges = new ArrayList<>();
        WritableGroup in = nodes.putGroup("input");
        in.putDataset("type", "Input");
        in.putDataset("shape", net.hasInputShape() ? new long[] {net.getInputShape().getChannels(),
            net.getInputShape().getHeight(), net.getInputShape().getWidth()} : new long[] {net.getNumInputs()});
        Map<String, Double> poolWeight = new HashMap<>();
        for (Projection p : net.getProjectionsList()) {
          String name = linearName(nodeName(p.getSource()), nodeName(p.getTarget()));
          MapShape src = shapeOf(net, p.getSource());
          WritableGroup w = nodes.putGroup(name);
          String from = nodeName(p.getSource());
          if (p.hasConv2D()) {
            writeConv(w, p, src, shapeOf(net, p.getTarget()).getChannels());
          } else if (p.hasSumPool2D()) {
            SumPool2d q = p.getSumPool2D();
            w.putDataset("type", "SumPool2d");
            w.putDataset("kernel_size", new long[] {q.getKernelH(), q.getKernelW()});
            w.putDataset("stride", new long[] {q.getStrideH() == 0 ? q.getKernelH() : q.getStrideH(),
                q.getStrideW() == 0 ? q.getKernelW() : q.getStrideW()});
            w.putDataset("padding", new long[] {q.getPadH(), q.getPadW()});
            poolWeight.put(p.getTarget(), p.getWeights(0));
          } else {
            if (src != null) { // a dense layer on feature maps reads them flattened: NIR says so with a Flatten node
              String flat = name + "_flatten";
              WritableGroup fl = nodes.putGroup(flat);
              fl.putDataset("type", "Flatten");
              fl.putDataset("start_dim", 0L);
              fl.putDataset("end_dim", -1L);
              fl.putDataset("input_type", new long[] {src.getChannels(), src.getHeight(), src.getWidth()});
              edges.add(new String[] {from, flat});
              from = flat;
            }
            w.putDataset("type", "Linear");
            double[][] m = new double[p.getRows()][p.getCols()];
            for (int r = 0; r < p.getRows(); r++) {
              for (int c = 0; c < p.getCols(); c++) {
                m[r][c] = p.getWeights(r * p.getCols() + c);
              }
            }
            w.putDataset("weight", m);
          }
          edges.add(new String[] {from, name});
          edges.add(new String[] {name, nodeName(p.getTarget())});
        }
        double tau = net.getParams().getTau();
        boolean delta = net.getModel() == NeuronModel.LIF_DELTA;
        List<String> outputs = new ArrayList<>();
        for (Population pop : net.getPopulationsList()) {
          WritableGroup lif = nodes.putGroup(nodeName(pop.getName()));
          MapShape shape = pop.hasShape() ? pop.getShape() : null;
          // a sum pool's fixed weight w scales what reaches its target: r = w (CubaLIF's v responds r times the
          // current), so that import recovers w exactly as r * (w_in / tau_syn) = w * 1
          double gain = poolWeight.getOrDefault(pop.getName(), 1.0);
          if (delta) {
            lif.putDataset("type", "LIF");
            lif.putDataset("tau", fill(pop.getSize(), tau, shape));
            lif.putDataset("r", fill(pop.getSize(), tau, shape));
          } else {
            lif.putDataset("type", "CubaLIF");
            lif.putDataset("tau_mem", fill(pop.getSize(), tau, shape));
            lif.putDataset("tau_syn", fill(pop.getSize(), tau / 2, shape));
            lif.putDataset("r", fill(pop.getSize(), gain, shape));
          }
          lif.putDataset("v_leak", fill(pop.getSize(), delta ? net.getParams().getDrive() : 0.0, shape));
          lif.putDataset("v_threshold", fill(pop.getSize(), net.getParams().getThreshold(), shape));
          lif.putDataset("v_reset", fill(pop.getSize(), 0.0, shape));
          if (!delta) {
            lif.putDataset("w_in", fill(pop.getSize(), tau / 2, shape));
          }
          if (pop.getOutput()) {
            outputs.add(pop.getName());
          }
        }
        for (String o : outputs) {
          String name = outputs.size() == 1 ? "output" : "output_" + o;
          WritableGroup g = nodes.putGroup(name);
          g.putDataset("type", "Output");
          g.putDataset("shape", new long[] {sizeOf(net, o)});
          edges.add(new String[] {nodeName(o), name});
        }
        node.putDataset("edges", edges.toArray(new String[0][]));
        WritableGroup meta = node.putGroup("metadata");
        meta.putDataset("source", "SpikeForge " + spikeforgeVersion);
        meta.putDataset("network_name", net.getName());
        List<String[]> renamed = new ArrayList<>();
        for (Population pop : net.getPopulationsList()) {
          if (!nodeName(pop.getName()).equals(pop.getName())) {
            renamed.add(new String[] {nodeName(pop.getName()), pop.getName()});
          }
        }
        if (!renamed.isEmpty()) {
          meta.putDataset(POPULATION_NAMES, renamed.toArray(new String[0][]));
        }
        meta.putDataset("time_unit", "SpikeForge model time unit (tau is in it)");
        meta.putDataset("dt", dt);
        meta.putDataset("trial_end", net.getTrialEnd());
        meta.putDataset("conventions", (delta
            ? "LIF: tau = tau, r = tau (a pulse of weight w makes v jump by w), v_leak = drive, v_reset = 0; "
            : "CubaLIF: tau_mem = tau, tau_syn = tau/2, r = 1, v_leak = 0, v_reset = 0, w_in = tau_syn; ")
                + "spikes are unit-area Dirac pulses, Linear weights are SpikeForge weights");
      }
    });
  }

  /** Metadata rows (NIR node, SpikeForge population) for the populations whose node had to be renamed. */
  static final String POPULATION_NAMES = "spikeforge_population_names";

  /** Prefix of a population node whose own name NIR reserves ({@code input}, {@code output*}) or that holds {@code _to_}. */
  static final String RENAMED_PREFIX = "lif_";

  /**
   * The NIR node of a population: its name, unless NIR or this exporter reserves it ({@code input}, names that start
   * with {@code output}, names holding {@code _to_}); those get {@value #RENAMED_PREFIX} in front (and {@code _to_}
   * spelt {@code _2_}), and the original is kept in the metadata so that import restores it. The trainer names its
   * read-out layer {@code output}, so without this no trained net would export.
   */
  static String nodeName(String population) {
    boolean reserved = population.startsWith("output") || population.contains("_to_")
        || population.startsWith(RENAMED_PREFIX);
    return reserved ? RENAMED_PREFIX + population.replace("_to_", "_2_") : population;
  }

  static String linearName(Projection p) {
    return linearName(nodeName(p.getSource()), nodeName(p.getTarget()));
  }

  private static String linearName(String source, String target) {
    return source + "_to_" + target;
  }

  private static void check(Network net, String where) {
    if (net.getModel() != NeuronModel.LIF_EXP && net.getModel() != NeuronModel.LIF_DELTA) {
      String what = net.getModel() == NeuronModel.THETA ? "theta neurons" : net.getModel() == NeuronModel.QIF_EXP
          ? "QIF neurons" : "model " + net.getModel();
      throw new BadExchangeFileException(where, "model",
          "NIR has no node for " + what + " (only LIF_EXP maps to CubaLIF and LIF_DELTA to LIF); SpikeForge does not approximate it");
    }
    double tau = net.getParams().getTau();
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new BadExchangeFileException(where, "params.tau", "must be finite and > 0, is " + tau);
    }
    if (!(net.getParams().getThreshold() > 0)) {
      throw new BadExchangeFileException(where, "params.threshold", "must be > 0, is " + net.getParams().getThreshold());
    }
    if (net.getNumInputs() <= 0) {
      throw new BadExchangeFileException(where, "num_inputs", "must be > 0");
    }
    Set<String> names = new HashSet<>(Set.of("input"));
    for (int i = 0; i < net.getPopulationsCount(); i++) {
      Population p = net.getPopulations(i);
      if (p.getName().isEmpty() || p.getName().equals("input") || !names.add(nodeName(p.getName()))) {
        throw new BadExchangeFileException(where, "populations[" + i + "].name",
            "\"" + p.getName() + "\" must be non-empty, not \"input\" and unique as a NIR node (\""
            + nodeName(p.getName()) + "\")");
      }
      if (nonZero(p.getInitialVList()) || nonZero(p.getInitialIList())) {
        throw new BadExchangeFileException(where, "populations[" + i + "].initial_v/initial_i",
            "NIR nodes have no initial state; only all-zero initial states export");
      }
    }
    for (int i = 0; i < net.getProjectionsCount(); i++) {
      Projection p = net.getProjections(i);
      String f = "projections[" + i + "]";
      int src = "input".equals(p.getSource()) ? net.getNumInputs() : sizeOf(net, p.getSource());
      int dst = sizeOf(net, p.getTarget());
      MapShape in = shapeOf(net, p.getSource());
      MapShape out = shapeOf(net, p.getTarget());
      if (p.hasConv2D() || p.hasSumPool2D()) {
        if (in == null || out == null) {
          throw new BadExchangeFileException(where, f, "a conv or pool projection needs the shapes of its source and"
              + " target (input_shape, populations[].shape)");
        }
        long expected = p.hasSumPool2D() ? 1 : (long) out.getChannels() * in.getChannels()
            * p.getConv2D().getKernelH() * p.getConv2D().getKernelW();
        if (p.getWeightsCount() != expected) {
          throw new BadExchangeFileException(where, f + ".weights", "has " + p.getWeightsCount() + " values, expected "
              + expected);
        }
        if (net.getModel() != NeuronModel.LIF_EXP) {
          throw new BadExchangeFileException(where, f, "conv and pool layers export with LIF_EXP (CubaLIF) neurons only,"
              + " not " + net.getModel());
        }
      } else if (src < 0 || dst < 0 || p.getCols() != src || p.getRows() != dst
          || p.getWeightsCount() != (long) src * dst) {
        throw new BadExchangeFileException(where, f, "source/target/rows/cols/weights do not fit the populations");
      } else if (out != null) {
        throw new BadExchangeFileException(where, f, "a dense projection onto the feature map " + p.getTarget()
            + " would need an Unflatten node, which NIR does not have");
      }
      for (double w : p.getWeightsList()) {
        if (!Double.isFinite(w)) {
          throw new BadExchangeFileException(where, f + ".weights", "contains " + w);
        }
      }
    }
  }

  private static int sizeOf(Network net, String pop) {
    for (Population p : net.getPopulationsList()) {
      if (p.getName().equals(pop)) {
        return p.getSize();
      }
    }
    return -1;
  }

  private static boolean nonZero(List<Double> v) {
    for (double x : v) {
      if (x != 0) {
        return true;
      }
    }
    return false;
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  /** {@code n} copies of {@code v}, as a (C, H, W) array when the population is a feature map. */
  private static Object fill(int n, double v, MapShape shape) {
    if (shape == null) {
      return fill(n, v);
    }
    double[][][] a = new double[shape.getChannels()][shape.getHeight()][shape.getWidth()];
    for (double[][] plane : a) {
      for (double[] row : plane) {
        Arrays.fill(row, v);
      }
    }
    return a;
  }

  /** NIR's Conv2d: weight (C_out, C_in, kH, kW), our layout; input_shape (H, W); zero bias; no dilation. */
  private static void writeConv(WritableGroup g, Projection p, MapShape src, int outChannels) {
    Conv2d c = p.getConv2D();
    int in = src.getChannels();
    double[][][][] w = new double[outChannels][in][c.getKernelH()][c.getKernelW()];
    for (int o = 0; o < outChannels; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < c.getKernelH(); y++) {
          for (int x = 0; x < c.getKernelW(); x++) {
            w[o][i][y][x] = p.getWeights(((o * in + i) * c.getKernelH() + y) * c.getKernelW() + x);
          }
        }
      }
    }
    g.putDataset("type", "Conv2d");
    g.putDataset("input_shape", new long[] {src.getHeight(), src.getWidth()});
    g.putDataset("weight", w);
    g.putDataset("stride", new long[] {Math.max(1, c.getStrideH()), Math.max(1, c.getStrideW())});
    g.putDataset("padding", new long[] {c.getPadH(), c.getPadW()});
    g.putDataset("dilation", new long[] {1, 1});
    g.putDataset("groups", 1L);
    g.putDataset("bias", new double[outChannels]);
  }

  /** The feature-map shape of the input or a population, or null when it is a flat vector. */
  private static MapShape shapeOf(Network net, String name) {
    if ("input".equals(name)) {
      return net.hasInputShape() ? net.getInputShape() : null;
    }
    for (Population p : net.getPopulationsList()) {
      if (p.getName().equals(name)) {
        return p.hasShape() ? p.getShape() : null;
      }
    }
    return null;
  }
}
