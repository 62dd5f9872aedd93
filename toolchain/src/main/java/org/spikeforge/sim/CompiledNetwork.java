package org.spikeforge.sim;

import java.util.HashMap;
import java.util.Map;
import org.spikeforge.model.LifDeltaModel;
import org.spikeforge.model.LifExpModel;
import org.spikeforge.model.NeuronModel;
import org.spikeforge.model.QifExpModel;
import org.spikeforge.model.ThetaModel;
import org.spikeforge.model.ThetaPhase;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/**
 * A proto {@code Network} flattened for simulation: neurons get global indices (populations in file order), every
 * projection's weights live in one flat array {@link #weights()} (projection p occupies
 * [{@link #weightOffset(int)}, + rows * cols), row-major as in the proto), and the trainable initial states live in
 * {@link #initialState()} ([neuron * d + k], d = model dimension). Trainers may change weights and initial states in
 * place between runs; the topology is fixed.
 */
public final class CompiledNetwork {
  /** Source index used for projections from the network input. */
  public static final int INPUT = -1;

  private final String name;
  private final org.spikeforge.proto.NeuronModel kind;
  private final NeuronModel model;
  private final double trialEnd;
  private final int numInputs;
  private final String[] populationNames;
  private final int[] populationOffset; // size P + 1
  private final boolean[] outputPopulation;
  private final int[] projSource; // population index or INPUT
  private final int[] projTarget;
  private final int[] projRows;
  private final int[] projCols;
  private final int[] projWeightOffset; // size Q + 1
  private final double[] weights;
  private final double[] initialState;
  private final double pseudoAlpha;
  // outgoing projections per source: population p -> projections with source p; INPUT -> inputProjections
  private final int[][] outgoingByPopulation;
  private final int[] inputProjections;
  private final int[] populationOfNeuron;

  private CompiledNetwork(Network net) {
    this.name = net.getName();
    this.kind = net.getModel();
    this.model = modelOf(net);
    this.trialEnd = net.getTrialEnd();
    if (!(trialEnd > 0) || !Double.isFinite(trialEnd)) {
      throw new IllegalArgumentException("network.trial_end must be finite and > 0, got " + trialEnd);
    }
    this.numInputs = net.getNumInputs();
    if (numInputs < 0) {
      throw new IllegalArgumentException("network.num_inputs must be >= 0, got " + numInputs);
    }
    int p = net.getPopulationsCount();
    if (p == 0) {
      throw new IllegalArgumentException("network.populations is empty");
    }
    populationNames = new String[p];
    populationOffset = new int[p + 1];
    outputPopulation = new boolean[p];
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < p; k++) {
      Population pop = net.getPopulations(k);
      if (pop.getSize() <= 0) {
        throw new IllegalArgumentException("populations[" + k + "].size must be > 0, got " + pop.getSize());
      }
      if (pop.getName().isEmpty() || pop.getName().equals("input") || index.put(pop.getName(), k) != null) {
        throw new IllegalArgumentException(
            "populations[" + k + "].name must be non-empty, unique and not \"input\", got \"" + pop.getName() + "\"");
      }
      populationNames[k] = pop.getName();
      populationOffset[k + 1] = populationOffset[k] + pop.getSize();
      outputPopulation[k] = pop.getOutput();
    }
    int n = populationOffset[p];
    int d = model.dimension();
    initialState = new double[n * d];
    populationOfNeuron = new int[n];
    double[] x = new double[d];
    for (int k = 0; k < p; k++) {
      Population pop = net.getPopulations(k);
      int size = pop.getSize();
      checkLength(pop.getInitialVCount(), size, "populations[" + k + "].initial_v");
      if (model.dimension() == 2) {
        checkLength(pop.getInitialICount(), size, "populations[" + k + "].initial_i");
      }
      for (int j = 0; j < size; j++) {
        double v = pop.getInitialVCount() == 0 ? 0 : pop.getInitialV(j);
        double i = pop.getInitialICount() == 0 ? 0 : pop.getInitialI(j);
        if (Double.isNaN(v) || Double.isNaN(i)) {
          throw new IllegalArgumentException("populations[" + k + "] initial state of neuron " + j + " is NaN");
        }
        if (model instanceof ThetaModel theta && !ThetaPhase.isPhase(v, theta.period())) {
          throw new IllegalArgumentException("populations[" + k + "].initial_v[" + j + "] = " + v
              + " is not a phase in [0, Theta = " + theta.period() + "]");
        }
        model.initialState(v, i, x);
        int g = populationOffset[k] + j;
        System.arraycopy(x, 0, initialState, g * d, d);
        populationOfNeuron[g] = k;
      }
    }
    int q = net.getProjectionsCount();
    projSource = new int[q];
    projTarget = new int[q];
    projRows = new int[q];
    projCols = new int[q];
    projWeightOffset = new int[q + 1];
    for (int k = 0; k < q; k++) {
      Projection pr = net.getProjections(k);
      String where = "projections[" + k + "]";
      Integer target = index.get(pr.getTarget());
      if (target == null) {
        throw new IllegalArgumentException(where + ".target \"" + pr.getTarget() + "\" is not a population");
      }
      int source;
      int sourceSize;
      if (pr.getSource().equals("input")) {
        source = INPUT;
        sourceSize = numInputs;
      } else {
        Integer s = index.get(pr.getSource());
        if (s == null) {
          throw new IllegalArgumentException(where + ".source \"" + pr.getSource() + "\" is not a population");
        }
        if (s > target) {
          throw new IllegalArgumentException(where + ": source \"" + pr.getSource()
              + "\" is listed after target \"" + pr.getTarget() + "\" (populations must be in topological order)");
        }
        source = s;
        sourceSize = populationSize(s);
      }
      if (pr.getRows() != populationSize(target) || pr.getCols() != sourceSize) {
        throw new IllegalArgumentException(where + ": rows x cols = " + pr.getRows() + " x " + pr.getCols()
            + " but target x source sizes are " + populationSize(target) + " x " + sourceSize);
      }
      if (pr.getWeightsCount() != pr.getRows() * pr.getCols()) {
        throw new IllegalArgumentException(where + ".weights has " + pr.getWeightsCount() + " entries, expected "
            + pr.getRows() * pr.getCols());
      }
      projSource[k] = source;
      projTarget[k] = target;
      projRows[k] = pr.getRows();
      projCols[k] = pr.getCols();
      projWeightOffset[k + 1] = projWeightOffset[k] + pr.getWeightsCount();
    }
    weights = new double[projWeightOffset[q]];
    for (int k = 0; k < q; k++) {
      Projection pr = net.getProjections(k);
      for (int j = 0; j < pr.getWeightsCount(); j++) {
        double w = pr.getWeights(j);
        if (!Double.isFinite(w)) {
          throw new IllegalArgumentException("projections[" + k + "].weights[" + j + "] is not finite: " + w);
        }
        weights[projWeightOffset[k] + j] = w;
      }
    }
    outgoingByPopulation = new int[p][];
    for (int k = 0; k < p; k++) {
      outgoingByPopulation[k] = projectionsFrom(k);
    }
    inputProjections = projectionsFrom(INPUT);
    double alpha = net.getParams().getPseudoAlpha();
    this.pseudoAlpha = alpha == 0 ? 10.0 : alpha;
    if (!(pseudoAlpha > 0) || !Double.isFinite(pseudoAlpha)) {
      throw new IllegalArgumentException("params.pseudo_alpha must be finite and >= 0, got " + alpha);
    }
  }

  private int[] projectionsFrom(int source) {
    int count = 0;
    for (int s : projSource) {
      if (s == source) {
        count++;
      }
    }
    int[] out = new int[count];
    int j = 0;
    for (int k = 0; k < projSource.length; k++) {
      if (projSource[k] == source) {
        out[j++] = k;
      }
    }
    return out;
  }

  private static void checkLength(int count, int size, String field) {
    if (count != 0 && count != size) {
      throw new IllegalArgumentException(field + " has " + count + " entries, expected 0 or " + size);
    }
  }

  private static NeuronModel modelOf(Network net) {
    var p = net.getParams();
    return switch (net.getModel()) {
      case QIF_EXP -> new QifExpModel(p.getTau());
      case THETA -> new ThetaModel(p.getTau(), p.getDrive());
      case LIF_EXP -> new LifExpModel(p.getTau(), p.getThreshold());
      case LIF_DELTA -> new LifDeltaModel(p.getTau(), p.getThreshold(), p.getDrive());
      default -> throw new IllegalArgumentException("network.model must be QIF_EXP, THETA, LIF_EXP or LIF_DELTA, got "
          + net.getModel());
    };
  }

  /** Compiles a proto network; throws IllegalArgumentException naming the bad field. */
  public static CompiledNetwork fromProto(Network net) {
    org.spikeforge.hw.net.DenseOnly.require(net, "not simulated by the float engine yet");
    return new CompiledNetwork(net);
  }

  /**
   * Writes the current (possibly trained) weights and initial states into a copy of {@code template}, which must be
   * the network this was compiled from or one with the same topology.
   */
  public Network toProto(Network template) {
    Network.Builder b = template.toBuilder();
    int d = model.dimension();
    for (int k = 0; k < populationCount(); k++) {
      Population.Builder pb = b.getPopulationsBuilder(k).clearInitialV().clearInitialI();
      for (int j = 0; j < populationSize(k); j++) {
        int g = populationOffset[k] + j;
        pb.addInitialV(initialState[g * d]);
        if (d == 2) {
          pb.addInitialI(initialState[g * d + 1]);
        }
      }
    }
    for (int k = 0; k < projectionCount(); k++) {
      Projection.Builder pb = b.getProjectionsBuilder(k).clearWeights();
      for (int j = projWeightOffset[k]; j < projWeightOffset[k + 1]; j++) {
        pb.addWeights(weights[j]);
      }
    }
    return b.build();
  }

  public String name() {
    return name;
  }

  /** The proto enum of the neuron model. */
  public org.spikeforge.proto.NeuronModel kind() {
    return kind;
  }

  public NeuronModel model() {
    return model;
  }

  public double trialEnd() {
    return trialEnd;
  }

  public int numInputs() {
    return numInputs;
  }

  public int neuronCount() {
    return populationOffset[populationOffset.length - 1];
  }

  public int populationCount() {
    return populationNames.length;
  }

  public String populationName(int p) {
    return populationNames[p];
  }

  public int populationOffset(int p) {
    return populationOffset[p];
  }

  public int populationSize(int p) {
    return populationOffset[p + 1] - populationOffset[p];
  }

  public boolean isOutput(int p) {
    return outputPopulation[p];
  }

  public int populationOfNeuron(int neuron) {
    return populationOfNeuron[neuron];
  }

  public int projectionCount() {
    return projSource.length;
  }

  /** Source population index of projection k, or {@link #INPUT}. */
  public int projectionSource(int k) {
    return projSource[k];
  }

  public int projectionTarget(int k) {
    return projTarget[k];
  }

  public int projectionRows(int k) {
    return projRows[k];
  }

  public int projectionCols(int k) {
    return projCols[k];
  }

  public int weightOffset(int k) {
    return projWeightOffset[k];
  }

  /** All weights, flat; mutable so that trainers can update them in place. */
  public double[] weights() {
    return weights;
  }

  /** Initial states [neuron * d + k], flat; mutable (trainable). THETA: the phase; QIF/LIF_EXP: (V, I); LIF_DELTA: V. */
  public double[] initialState() {
    return initialState;
  }

  /** Softplus sharpness alpha of the QIF pseudospike drive (proto pseudo_alpha, 0 meaning 10). */
  public double pseudoAlpha() {
    return pseudoAlpha;
  }

  /** Projections whose source is population p. */
  int[] outgoing(int p) {
    return outgoingByPopulation[p];
  }

  /** Projections whose source is the network input. */
  int[] inputProjections() {
    return inputProjections;
  }
}
