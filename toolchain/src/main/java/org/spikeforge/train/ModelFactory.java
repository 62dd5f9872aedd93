package org.spikeforge.train;

import java.util.SplittableRandom;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * Builds the model a {@link TrainConfig} names ({@code theta}, {@code lif}, {@code lif-delta}; {@code qif} is
 * refused) for a given number of
 * inputs and classes, and restores trained models from their proto form.
 */
public final class ModelFactory {
  private ModelFactory() {}

  /** A freshly initialised model. */
  public static SpikingClassifier<?> create(TrainConfig c, int numInputs, int numClasses) {
    int[] hidden = c.hiddenSizes();
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = numInputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = numClasses;
    if ("lif-delta".equals(c.model())) {
      return new EventClassifier(lifDeltaInit(sizes, c));
    }
    TtfsNetwork net = switch (c.model()) {
      case "theta" -> {
        TtfsNetwork paper = TtfsNetwork.thetaPaperInit(sizes, c.tau(), c.drive(), c.trialEnd(), c.seed());
        double[] p = paper.parameters();
        if (c.weightScale() > 0 && c.weightScale() != 0.5) {
          rescaleWeights(paper, c.weightScale() / 0.5);
        }
        if (c.phi0() >= 0) {
          for (int l = 1; l < sizes.length; l++) {
            int off = paper.initialStateOffset(l);
            java.util.Arrays.fill(p, off, off + sizes[l], c.phi0() * paper.thetaPeriod());
          }
        }
        yield paper;
      }
      case "lif" -> TtfsNetwork.lifUniformInit(sizes, c.tau(), c.threshold(), c.trialEnd(),
          c.weightScale() > 0 ? c.weightScale() : 1.0, c.seed());
      default -> throw new ConfigException("model '" + c.model() + "': only theta and lif feed-forward TTFS"
          + " networks can be trained with train (qif needs the event simulator: use train-spikes)");
    };
    if (c.weightMean() != 0) {
      double[] p = net.parameters();
      for (int l = 1; l <= net.numLayers(); l++) {
        int off = net.weightOffset(l);
        double shift = c.weightMean() / Math.sqrt(net.layerSize(l - 1));
        for (int i = off; i < off + net.weightCount(l); i++) {
          p[i] += shift;
        }
      }
    }
    return new TtfsClassifier(net, c.fromRest());
  }

  private static void rescaleWeights(TtfsNetwork net, double factor) {
    double[] p = net.parameters();
    for (int l = 1; l <= net.numLayers(); l++) {
      int off = net.weightOffset(l);
      for (int i = off; i < off + net.weightCount(l); i++) {
        p[i] *= factor;
      }
    }
  }

  /**
   * A feed-forward LIF_DELTA net (hidden populations h1.., output {@code out}) from rest, with the config's tau,
   * threshold and drive and weights U(+-s / sqrt(fan_in)) + mean / sqrt(fan_in), s = weight-scale (default 1).
   */
  static Network lifDeltaInit(int[] sizes, TrainConfig c) {
    Network.Builder b = Network.newBuilder().setName("lif-delta").setModel(NeuronModel.LIF_DELTA)
        .setParams(NeuronParams.newBuilder().setTau(c.tau()).setThreshold(c.threshold()).setDrive(c.drive()))
        .setTrialEnd(c.trialEnd()).setNumInputs(sizes[0]);
    SplittableRandom rng = new SplittableRandom(c.seed());
    double scale = c.weightScale() > 0 ? c.weightScale() : 1.0;
    String previous = "input";
    for (int l = 1; l < sizes.length; l++) {
      String name = l == sizes.length - 1 ? "out" : "h" + l;
      b.addPopulations(Population.newBuilder().setName(name).setSize(sizes[l]).setOutput(l == sizes.length - 1));
      Projection.Builder pr = Projection.newBuilder().setSource(previous).setTarget(name).setRows(sizes[l])
          .setCols(sizes[l - 1]);
      double bound = scale / Math.sqrt(sizes[l - 1]);
      double shift = c.weightMean() / Math.sqrt(sizes[l - 1]);
      for (int q = 0; q < sizes[l] * sizes[l - 1]; q++) {
        pr.addWeights(rng.nextDouble(-bound, bound) + shift);
      }
      b.addProjections(pr);
      previous = name;
    }
    return b.build();
  }

  /**
   * A trained model read back from its proto form: the layered TTFS engine for THETA and LIF_EXP, the general event
   * engine ({@link EventClassifier}) for LIF_DELTA.
   */
  public static SpikingClassifier<?> fromNetwork(Network n) {
    if (n.getModel() == NeuronModel.LIF_DELTA) {
      return new EventClassifier(n);
    }
    return new TtfsClassifier(TtfsNetwork.fromProto(n));
  }
}
