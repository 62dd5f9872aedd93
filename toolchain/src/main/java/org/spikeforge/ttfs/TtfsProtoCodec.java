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
 * the output) fed by projections "input" -> p1 -> p2 -> ... with row-major [target][source] weights. THETA
 * keeps phi0 in initial_v; LIF_EXP keeps V0 in initial_v and I0 in initial_i. Bad input is reported as one
 * line naming the network, the field and the limit.
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
    for (int q = 0; q < net.getProjectionsCount(); q++) {
      if (net.getProjections(q).getConnectivityCase() != Projection.ConnectivityCase.CONNECTIVITY_NOT_SET) {
        throw new IllegalArgumentException(where + " projections[" + q + "]: conv and pool layers do not run in the"
            + " layered engine yet; it takes dense layers only");
      }
    }
    if (net.getProjectionsCount() != pops) {
      throw new IllegalArgumentException(where + " projections: a feed-forward chain needs exactly " + pops
          + ", got " + net.getProjectionsCount());
    }
    double trialEnd = net.getTrialEnd();
    NeuronConstants constants = c;
    int statesPer = constants.statesPerNeuron();
    long total = 0;
    for (int l = 1; l <= pops; l++) {
      total += (long) sizes[l - 1] * sizes[l] + (long) statesPer * sizes[l];
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(where + ": " + total + " parameters exceed the array limit");
    }
    double[] params = new double[(int) total];
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
      if (pr.getRows() != sizes[t] || pr.getCols() != sizes[t - 1]
          || pr.getWeightsCount() != sizes[t] * sizes[t - 1]) {
        throw new IllegalArgumentException(where + " projections[" + q + "]: expected rows=" + sizes[t]
            + " cols=" + sizes[t - 1] + " and rows*cols weights, got rows=" + pr.getRows() + " cols="
            + pr.getCols() + " weights=" + pr.getWeightsCount());
      }
      byTarget[t] = pr;
    }
    int off = 0;
    for (int l = 1; l <= pops; l++) {
      Projection pr = byTarget[l];
      int rows = sizes[l];
      int cols = sizes[l - 1];
      for (int r = 0; r < rows; r++) {
        for (int col = 0; col < cols; col++) {
          double w = pr.getWeights(r * cols + col);
          if (!Double.isFinite(w)) {
            throw new IllegalArgumentException(where + " projections[" + pr.getTarget() + "].weights["
                + (r * cols + col) + "]: must be finite, got " + w);
          }
          params[off + col * rows + r] = w;
        }
      }
      off += rows * cols;
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
      return new TtfsNetwork(constants, sizes, trialEnd, params);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
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
    String prevName = "input";
    for (int l = 1; l <= layers; l++) {
      String popName = l == layers ? "output" : "h" + l;
      int rows = net.layerSize(l);
      int cols = net.layerSize(l - 1);
      Population.Builder pop = Population.newBuilder().setName(popName).setSize(rows).setOutput(l == layers);
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
      for (int r = 0; r < rows; r++) {
        for (int col = 0; col < cols; col++) {
          pr.addWeights(p[net.weightIndex(l, r, col)]);
        }
      }
      b.addProjections(pr);
      prevName = popName;
    }
    return b.build();
  }
}
