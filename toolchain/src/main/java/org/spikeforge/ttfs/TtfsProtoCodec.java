package org.spikeforge.ttfs;

import java.util.HashMap;
import java.util.Map;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/**
 * Converts between {@link TtfsNetwork} and the proto {@code Network}: a chain of populations (the last one
 * the output) fed by projections "input" -> p1 -> p2 -> ... . A dense projection has row-major [target][source]
 * weights (reading a shaped source in its flat (c, y, x) order: a Flatten); a {@code conv2d} projection carries its
 * kernel in the (out, in, kh, kw) layout, which is also the engine's, and a {@code sum_pool2d} projection its one
 * fixed weight. Conv and pool layers need the shapes of their source ({@code input_shape} or the population's
 * {@code shape}) and target. THETA keeps phi0 in initial_v; LIF_EXP keeps V0 in initial_v and I0 in initial_i. Bad
 * input is reported as one line naming the network, the field and the limit.
 */
final class TtfsProtoCodec {
  private TtfsProtoCodec() {}

  static TtfsNetwork decode(Network net) {
    if (net == null) {
      throw new IllegalArgumentException("network: is null");
    }
    String where = "network '" + net.getName() + "'";
    NeuronConstants c;
    NeuronParams np = net.getParams();
    try {
      if (net.getModel() == NeuronModel.THETA) {
        c = NeuronConstants.theta(np.getTau(), np.getDrive());
      } else if (net.getModel() == NeuronModel.LIF_EXP) {
        c = NeuronConstants.lif(np.getTau(), np.getThreshold());
      } else {
        throw new IllegalArgumentException("model: must be THETA or LIF_EXP for the TTFS path, got "
            + net.getModel());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " params: " + e.getMessage(), e);
    }
    int pops = net.getPopulationsCount();
    if (pops < 1) {
      throw new IllegalArgumentException(where + " populations: need at least 1, got 0");
    }
    if (net.getNumInputs() < 1) {
      throw new IllegalArgumentException(where + " num_inputs: must be >= 1, got " + net.getNumInputs());
    }
    int[] sizes = new int[pops + 1];
    sizes[0] = net.getNumInputs();
    Map<String, Integer> index = new HashMap<>();
    for (int l = 1; l <= pops; l++) {
      Population p = net.getPopulations(l - 1);
      if (p.getSize() < 1) {
        throw new IllegalArgumentException(where + " populations[" + (l - 1) + "].size: must be >= 1, got "
            + p.getSize());
      }
      if (p.getName().isEmpty() || p.getName().equals("input") || index.put(p.getName(), l) != null) {
        throw new IllegalArgumentException(where + " populations[" + (l - 1) + "].name: must be unique, "
            + "non-empty and not 'input', got '" + p.getName() + "'");
      }
      if (p.getOutput() != (l == pops)) {
        throw new IllegalArgumentException(where + " populations[" + (l - 1) + "].output: only the last "
            + "population may be (and must be) the output");
      }
      sizes[l] = p.getSize();
    }
    if (net.getProjectionsCount() != pops) {
      throw new IllegalArgumentException(where + " projections: a feed-forward chain needs exactly " + pops
          + ", got " + net.getProjectionsCount());
    }
    double trialEnd = net.getTrialEnd();
    NeuronConstants constants = c;
    int statesPer = constants.statesPerNeuron();
    Projection[] byTarget = new Projection[pops + 1];
    for (int q = 0; q < pops; q++) {
      Projection pr = net.getProjections(q);
      Integer t = index.get(pr.getTarget());
      if (t == null) {
        throw new IllegalArgumentException(where + " projections[" + q + "].target: unknown population '"
            + pr.getTarget() + "'");
      }
      String expectedSource = t == 1 ? "input" : net.getPopulations(t - 2).getName();
      if (!pr.getSource().equals(expectedSource) || byTarget[t] != null) {
        throw new IllegalArgumentException(where + " projections[" + q + "]: expected the only projection '"
            + expectedSource + "' -> '" + pr.getTarget() + "', got '" + pr.getSource() + "' -> '"
            + pr.getTarget() + "'");
      }
      byTarget[t] = pr;
    }
    int[][] shapes = new int[pops + 1][];
    shapes[0] = shapeOf(where + " input_shape", net.hasInputShape() ? net.getInputShape() : null, sizes[0]);
    for (int l = 1; l <= pops; l++) {
      Population p = net.getPopulations(l - 1);
      shapes[l] = shapeOf(where + " populations[" + (l - 1) + "].shape", p.hasShape() ? p.getShape() : null,
          sizes[l]);
    }
    Connectivity[] kinds = new Connectivity[pops];
    long total = 0;
    for (int l = 1; l <= pops; l++) {
      Projection pr = byTarget[l];
      String at = where + " projections[" + net.getProjectionsList().indexOf(pr) + "]";
      if (pr.getRows() != sizes[l] || pr.getCols() != sizes[l - 1]) {
        throw new IllegalArgumentException(at + ": expected rows=" + sizes[l] + " cols=" + sizes[l - 1]
            + ", got rows=" + pr.getRows() + " cols=" + pr.getCols());
      }
      kinds[l - 1] = connectivity(at, pr, shapes[l - 1], shapes[l], sizes[l - 1], sizes[l]);
      long want = kinds[l - 1].kind() == Connectivity.Kind.SUM_POOL2D ? 1 : kinds[l - 1].weightCount();
      if (pr.getWeightsCount() != want) {
        throw new IllegalArgumentException(at + ".weights: expected " + want + " values ("
            + (kinds[l - 1].kind() == Connectivity.Kind.DENSE ? "rows*cols" : kinds[l - 1].kind() == Connectivity.Kind
            .CONV2D ? "out*in*kh*kw" : "one fixed pool weight") + "), got " + pr.getWeightsCount());
      }
      for (int k = 0; k < pr.getWeightsCount(); k++) {
        double w = pr.getWeights(k);
        if (!Double.isFinite(w)) {
          throw new IllegalArgumentException(at + ".weights[" + k + "]: must be finite, got " + w);
        }
      }
      total += kinds[l - 1].weightCount() + (long) statesPer * sizes[l];
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(where + ": " + total + " parameters exceed the array limit");
    }
    double[] params = new double[(int) total];
    int off = 0;
    for (int l = 1; l <= pops; l++) {
      Projection pr = byTarget[l];
      int rows = sizes[l];
      int cols = sizes[l - 1];
      if (kinds[l - 1].kind() == Connectivity.Kind.DENSE) {
        for (int r = 0; r < rows; r++) {
          for (int col = 0; col < cols; col++) {
            params[off + col * rows + r] = pr.getWeights(r * cols + col);
          }
        }
      } else if (kinds[l - 1].kind() == Connectivity.Kind.CONV2D) {
        for (int k = 0; k < pr.getWeightsCount(); k++) {
          params[off + k] = pr.getWeights(k);
        }
      }
      off += (int) kinds[l - 1].weightCount();
      Population p = net.getPopulations(l - 1);
      off = readStates(where, l - 1, "initial_v", p.getInitialVList(), rows, params, off);
      if (statesPer == 2) {
        off = readStates(where, l - 1, "initial_i", p.getInitialIList(), rows, params, off);
      } else if (p.getInitialICount() != 0) {
        throw new IllegalArgumentException(where + " populations[" + (l - 1) + "].initial_i: unused for "
            + "THETA, must be empty, got " + p.getInitialICount() + " values");
      }
    }
    try {
      return new TtfsNetwork(constants, kinds, trialEnd, params);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** (channels, height, width), or null for an absent or all-zero shape; checks C * H * W == size. */
  private static int[] shapeOf(String field, org.spikeforge.proto.MapShape m, int size) {
    if (m == null || (m.getChannels() == 0 && m.getHeight() == 0 && m.getWidth() == 0)) {
      return null;
    }
    if (m.getChannels() < 1 || m.getHeight() < 1 || m.getWidth() < 1
        || (long) m.getChannels() * m.getHeight() * m.getWidth() != size) {
      throw new IllegalArgumentException(field + ": channels * height * width must equal the size " + size
          + " (every dimension >= 1), got " + m.getChannels() + "x" + m.getHeight() + "x" + m.getWidth()
          + (field.endsWith("input_shape") ? " (a bias channel next to a conv input is not supported here)" : ""));
    }
    return new int[] {m.getChannels(), m.getHeight(), m.getWidth()};
  }

  private static Connectivity connectivity(String at, Projection pr, int[] in, int[] out, int sources,
      int targets) {
    Projection.ConnectivityCase kind = pr.getConnectivityCase();
    if (kind == Projection.ConnectivityCase.CONNECTIVITY_NOT_SET) {
      return in == null ? Connectivity.dense(sources, targets) : Connectivity.flatten(in[0], in[1], in[2], targets);
    }
    if (in == null || out == null) {
      throw new IllegalArgumentException(at + ": a " + kind + " projection needs the shape of its source ("
          + (pr.getSource().equals("input") ? "input_shape" : "population '" + pr.getSource() + "'.shape")
          + ") and of its target (population '" + pr.getTarget() + "'.shape)");
    }
    try {
      Connectivity c;
      if (kind == Projection.ConnectivityCase.CONV2D) {
        org.spikeforge.proto.Conv2d cv = pr.getConv2D();
        c = new Connectivity(Connectivity.Kind.CONV2D, in[0], in[1], in[2], out[0], out[1], out[2],
            cv.getKernelH(), cv.getKernelW(), orOne(cv.getStrideH()), orOne(cv.getStrideW()), cv.getPadH(),
            cv.getPadW(), 0.0);
      } else {
        org.spikeforge.proto.SumPool2d sp = pr.getSumPool2D();
        c = new Connectivity(Connectivity.Kind.SUM_POOL2D, in[0], in[1], in[2], out[0], out[1], out[2],
            sp.getKernelH(), sp.getKernelW(), sp.getStrideH() == 0 ? sp.getKernelH() : sp.getStrideH(),
            sp.getStrideW() == 0 ? sp.getKernelW() : sp.getStrideW(), sp.getPadH(), sp.getPadW(),
            pr.getWeightsCount() == 1 ? pr.getWeights(0) : 0.0);
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + "." + (kind == Projection.ConnectivityCase.CONV2D ? "conv2d"
          : "sum_pool2d") + ": " + e.getMessage(), e);
    }
  }

  private static org.spikeforge.proto.MapShape mapShape(int c, int h, int w) {
    return org.spikeforge.proto.MapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
  }

  private static int orOne(int v) {
    return v == 0 ? 1 : v;
  }

  private static int readStates(String where, int pop, String field, java.util.List<Double> values,
      int size, double[] params, int off) {
    if (!values.isEmpty() && values.size() != size) {
      throw new IllegalArgumentException(where + " populations[" + pop + "]." + field + ": expected 0 or "
          + size + " values, got " + values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i);
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(where + " populations[" + pop + "]." + field + "[" + i
            + "]: must be finite, got " + v);
      }
      params[off + i] = v;
    }
    return off + size;
  }

  static Network encode(TtfsNetwork net, String name) {
    NeuronConstants c = net.neuron();
    NeuronParams.Builder np = NeuronParams.newBuilder().setTau(c.tau());
    if (c.model() == org.spikeforge.proto.NeuronModel.THETA) {
      np.setDrive(c.drive());
    } else {
      np.setThreshold(c.threshold());
    }
    Network.Builder b = Network.newBuilder()
        .setName(name == null ? "" : name)
        .setModel(c.model() == org.spikeforge.proto.NeuronModel.THETA ? NeuronModel.THETA : NeuronModel.LIF_EXP)
        .setParams(np)
        .setTrialEnd(net.trialEnd())
        .setNumInputs(net.layerSize(0));
    double[] p = net.parameters();
    int layers = net.numLayers();
    Connectivity first = net.connectivity(1);
    if (first.kind() != Connectivity.Kind.DENSE || first.shapedSource()) {
      b.setInputShape(mapShape(first.inC(), first.inH(), first.inW()));
    }
    String prevName = "input";
    for (int l = 1; l <= layers; l++) {
      String popName = l == layers ? "output" : "h" + l;
      int rows = net.layerSize(l);
      int cols = net.layerSize(l - 1);
      Population.Builder pop = Population.newBuilder().setName(popName).setSize(rows).setOutput(l == layers);
      Connectivity k = net.connectivity(l);
      Connectivity next = l < layers ? net.connectivity(l + 1) : null;
      if (k.kind() != Connectivity.Kind.DENSE) {
        pop.setShape(mapShape(k.outC(), k.outH(), k.outW()));
      } else if (next != null && (next.kind() != Connectivity.Kind.DENSE || next.shapedSource())) {
        pop.setShape(mapShape(next.inC(), next.inH(), next.inW()));
      }
      int so = net.initialStateOffset(l);
      for (int i = 0; i < rows; i++) {
        pop.addInitialV(p[so + i]);
      }
      if (c.statesPerNeuron() == 2) {
        for (int i = 0; i < rows; i++) {
          pop.addInitialI(p[so + rows + i]);
        }
      }
      b.addPopulations(pop);
      Projection.Builder pr = Projection.newBuilder().setSource(prevName).setTarget(popName)
          .setRows(rows).setCols(cols);
      if (k.kind() == Connectivity.Kind.DENSE) {
        for (int r = 0; r < rows; r++) {
          for (int col = 0; col < cols; col++) {
            pr.addWeights(p[net.weightIndex(l, r, col)]);
          }
        }
      } else if (k.kind() == Connectivity.Kind.CONV2D) {
        for (int q = 0; q < net.weightCount(l); q++) {
          pr.addWeights(p[net.weightOffset(l) + q]);
        }
        pr.setConv2D(org.spikeforge.proto.Conv2d.newBuilder().setKernelH(k.kernelH()).setKernelW(k.kernelW())
            .setStrideH(k.strideH()).setStrideW(k.strideW()).setPadH(k.padH()).setPadW(k.padW()));
      } else {
        pr.addWeights(k.fixedWeight());
        pr.setSumPool2D(org.spikeforge.proto.SumPool2d.newBuilder().setKernelH(k.kernelH())
            .setKernelW(k.kernelW()).setStrideH(k.strideH()).setStrideW(k.strideW()).setPadH(k.padH())
            .setPadW(k.padW()));
      }
      b.addProjections(pr);
      prevName = popName;
    }
    return b.build();
  }
}
