package org.spikeforge.train;

import org.spikeforge.proto.Network;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * Builds the model a {@link TrainConfig} names ({@code theta}, {@code lif}, {@code qif}) for a given number of
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
          + " networks can be trained with train (" + c.model() + " needs the event simulator"
          + ("qif".equals(c.model()) ? ": use train-spikes)" : ", which train does not drive yet)"));
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

  /** A trained model read back from its proto form. */
  public static SpikingClassifier<?> fromNetwork(Network n) {
    return new TtfsClassifier(TtfsNetwork.fromProto(n));
  }
}
