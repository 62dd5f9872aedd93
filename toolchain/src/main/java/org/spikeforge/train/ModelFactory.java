package org.spikeforge.train;

import java.util.SplittableRandom;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * Builds the model a {@link TrainConfig} names ({@code theta}, {@code lif}, {@code lif-delta}; {@code qif} is
 * refused) for a given number of
 * inputs and classes, and restores trained models from their proto form.
 */
public final class ModelFactory {
  private ModelFactory() {}

  /** A freshly initialised model for {@code data}: its input shape ({@link LoadedData#inputShape}) and classes. */
  public static SpikingClassifier<?> create(TrainConfig c, LoadedData data) {
    int[] shape = data.inputShape(c);
    return create(c, shape[0], shape[1], shape[2], data.train().numClasses());
  }

  /** A freshly initialised model on {@code numInputs} flat inputs. */
  public static SpikingClassifier<?> create(TrainConfig c, int numInputs, int numClasses) {
    return create(c, 1, 1, numInputs, numClasses);
  }

  /**
   * A freshly initialised model on an input of {@code channels × height × width} (flat: 1 × 1 × n): the layers of
   * {@link TrainConfig#arch} when it is set, otherwise dense layers {@link TrainConfig#hidden}.
   */
  public static SpikingClassifier<?> create(TrainConfig c, int channels, int height, int width, int numClasses) {
    int numInputs = channels * height * width;
    Connectivity[] layers;
    if (c.hasArch() && !c.architecture("arch").allDense()) {
      layers = c.architecture("arch").resolve(channels, height, width, numClasses, poolWeight(c), "arch");
    } else {
      int[] hidden = c.hasArch() ? c.architecture("arch").denseHiddenSizes() : c.hiddenSizes();
      layers = new Connectivity[hidden.length + 1];
      int below = numInputs;
      for (int l = 0; l < layers.length; l++) {
        int size = l < hidden.length ? hidden[l] : numClasses;
        layers[l] = Connectivity.dense(below, size);
        below = size;
      }
    }
    int[] sizes = new int[layers.length + 1];
    sizes[0] = numInputs;
    for (int l = 0; l < layers.length; l++) {
      sizes[l + 1] = layers[l].targets();
    }
    if ("lif-delta".equals(c.model())) {
      return new EventClassifier(lifDeltaInit(sizes, c));
    }
    TtfsNetwork net = switch (c.model()) {
      case "theta" -> {
        TtfsNetwork paper = TtfsNetwork.thetaPaperInit(layers, c.tau(), c.drive(), c.trialEnd(), c.seed());
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
      case "lif" -> TtfsNetwork.lifUniformInit(layers, c.tau(), c.threshold(), c.trialEnd(),
          c.weightScale() > 0 ? c.weightScale() : 1.0, c.seed());
      default -> throw new ConfigException("model '" + c.model() + "': only theta and lif feed-forward TTFS"
          + " networks can be trained with train (qif needs the event simulator: use train-spikes)");
    };
    if (c.weightMean() != 0) {
      double[] p = net.parameters();
      for (int l = 1; l <= net.numLayers(); l++) {
        int off = net.weightOffset(l);
        double shift = c.weightMean() / Math.sqrt(fanIn(net.connectivity(l)));
        for (int i = off; i < off + net.weightCount(l); i++) {
          p[i] += shift;
        }
      }
    }
    return new TtfsClassifier(net, c.fromRest());
  }

  /** Sources that feed one neuron of the layer: in * kh * kw for a conv (its kernel), all sources for dense. */
  static int fanIn(Connectivity k) {
    return k.kind() == Connectivity.Kind.DENSE ? k.sources() : k.inC() * k.kernelH() * k.kernelW();
  }

  /**
   * The pool weight of a config: its {@code pool-weight}, or (0) the smallest weight with which one input spike at
   * t = 0 makes a neuron in its initial state fire by 0.05 τ, found by bisection on the model's own forward pass, so
   * that a sum pool passes on the first spike in its window almost at once (a TTFS max pool).
   */
  static double poolWeight(TrainConfig c) {
    if (c.poolWeight() > 0) {
      return c.poolWeight();
    }
    TtfsNetwork probe = "theta".equals(c.model())
        ? TtfsNetwork.thetaPaperInit(new int[] {1, 1}, c.tau(), c.drive(), c.trialEnd(), 0)
        : TtfsNetwork.lifUniformInit(new int[] {1, 1}, c.tau(), c.threshold(), c.trialEnd(), 1, 0);
    double[] p = probe.parameters();
    if ("theta".equals(c.model()) && c.phi0() >= 0) {
      p[probe.initialStateOffset(1)] = c.phi0() * probe.thetaPeriod();
    } else if (!"theta".equals(c.model())) {
      java.util.Arrays.fill(p, probe.initialStateOffset(1), p.length, 0.0);
    }
    double deadline = 0.05 * c.tau();
    double lo = 0;
    double hi = 1;
    while (!firesBy(probe, p, hi, deadline)) {
      hi *= 2;
      if (hi > 1e6) {
        throw new ConfigException("pool-weight: no weight up to 1e6 makes a pool neuron fire within " + deadline
            + " of its input; set --pool-weight explicitly");
      }
    }
    for (int i = 0; i < 60; i++) {
      double mid = 0.5 * (lo + hi);
      if (firesBy(probe, p, mid, deadline)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static boolean firesBy(TtfsNetwork probe, double[] p, double w, double deadline) {
    p[probe.weightOffset(1)] = w;
    TtfsNetwork net = probe.withParameters(p);
    org.spikeforge.ttfs.TtfsWorkspace ws = net.newWorkspace();
    net.forward(new double[] {0.0}, ws);
    return !net.outputSilent(ws)[0] && net.outputTimes(ws)[0] <= deadline;
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
