package org.spikeforge.grad;

import java.util.Random;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;

/**
 * The small random networks on which gradients are checked (tests, {@link GradientCheck}, benchmarks): a 3-layer
 * feed-forward theta net, a 3-layer feed-forward LIF net (LIF_EXP, and LIF_DELTA with and without a drive) and a
 * 10-neuron recurrent QIF net with several spikes per
 * neuron. Everything is drawn from one seed.
 */
public final class ReferenceNets {
  private ReferenceNets() {}

  /** A network and one input sample. */
  public record Sample(Network network, InputSpikes input) {}

  /** 5 inputs -> 6 -> 5 -> 3 theta neurons, tau = 6/pi, I0 = 5/4 (Theta = 6), T = 4. */
  public static Sample thetaFeedForward(long seed) {
    Random rnd = new Random(seed);
    double theta = 6;
    Network.Builder b = Network.newBuilder().setName("theta-ff-" + seed).setModel(NeuronModel.THETA)
        .setParams(NeuronParams.newBuilder().setTau(6 / Math.PI).setDrive(1.25)).setTrialEnd(4).setNumInputs(5);
    int[] sizes = {6, 5, 3};
    String[] names = {"h1", "h2", "out"};
    for (int l = 0; l < 3; l++) {
      Population.Builder p = Population.newBuilder().setName(names[l]).setSize(sizes[l]).setOutput(l == 2);
      for (int j = 0; j < sizes[l]; j++) {
        p.addInitialV(theta * (0.3 + 0.6 * rnd.nextDouble()));
      }
      b.addPopulations(p);
    }
    b.addProjections(dense("input", "h1", 6, 5, rnd, 0.8, 1.2));
    b.addProjections(dense("h1", "h2", 5, 6, rnd, 0.6, 1.2));
    b.addProjections(dense("h2", "out", 3, 5, rnd, 0.6, 1.2));
    return new Sample(b.build(), inputs(rnd, 5, 1, 2, 0.0, 2.0));
  }

  /** 5 inputs -> 6 -> 5 -> 3 LIF neurons, tau = 1, V_th = 1, T = 4, trainable initial (V, I). */
  public static Sample lifFeedForward(long seed) {
    Random rnd = new Random(seed);
    Network.Builder b = Network.newBuilder().setName("lif-ff-" + seed).setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1)).setTrialEnd(4).setNumInputs(5);
    int[] sizes = {6, 5, 3};
    String[] names = {"h1", "h2", "out"};
    for (int l = 0; l < 3; l++) {
      Population.Builder p = Population.newBuilder().setName(names[l]).setSize(sizes[l]).setOutput(l == 2);
      for (int j = 0; j < sizes[l]; j++) {
        p.addInitialV(0.5 * rnd.nextDouble());
        p.addInitialI(rnd.nextDouble());
      }
      b.addPopulations(p);
    }
    b.addProjections(dense("input", "h1", 6, 5, rnd, 1.0, 1.0));
    b.addProjections(dense("h1", "h2", 5, 6, rnd, 0.5, 1.0));
    b.addProjections(dense("h2", "out", 3, 5, rnd, 0.5, 1.0));
    return new Sample(b.build(), inputs(rnd, 5, 1, 3, 0.0, 3.0));
  }

  /**
   * 5 inputs -> 6 -> 5 -> 3 LIF_DELTA neurons, tau = 1, V_th = 1, T = 4, trainable initial V in [0, 0.9). With
   * drive 0 every spike happens at an input's arrival; with a drive above V_th (e.g. 1.4, period ln 3.5 from reset)
   * neurons also fire between inputs.
   */
  public static Sample lifDeltaFeedForward(long seed, double drive) {
    Random rnd = new Random(seed);
    Network.Builder b = Network.newBuilder().setName("lif-delta-ff-" + seed).setModel(NeuronModel.LIF_DELTA)
        .setParams(NeuronParams.newBuilder().setTau(1).setThreshold(1).setDrive(drive)).setTrialEnd(4)
        .setNumInputs(5);
    int[] sizes = {6, 5, 3};
    String[] names = {"h1", "h2", "out"};
    for (int l = 0; l < 3; l++) {
      Population.Builder p = Population.newBuilder().setName(names[l]).setSize(sizes[l]).setOutput(l == 2);
      for (int j = 0; j < sizes[l]; j++) {
        p.addInitialV(0.9 * rnd.nextDouble());
      }
      b.addPopulations(p);
    }
    b.addProjections(dense("input", "h1", 6, 5, rnd, 0.7, 0.6));
    b.addProjections(dense("h1", "h2", 5, 6, rnd, 0.5, 0.6));
    b.addProjections(dense("h2", "out", 3, 5, rnd, 0.5, 0.6));
    return new Sample(b.build(), inputs(rnd, 5, 1, 3, 0.0, 3.0));
  }

  /** 4 inputs -> 10 recurrently connected QIF neurons (self-connections included), tau = 1, T = 5. */
  public static Sample qifRecurrent(long seed) {
    Random rnd = new Random(seed);
    int n = 10;
    Network.Builder b = Network.newBuilder().setName("qif-rec-" + seed).setModel(NeuronModel.QIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1)).setTrialEnd(5).setNumInputs(4);
    Population.Builder p = Population.newBuilder().setName("rec").setSize(n).setOutput(true);
    for (int j = 0; j < n; j++) {
      p.addInitialV(-1 + 1.5 * rnd.nextDouble());
      p.addInitialI(2 * rnd.nextDouble());
    }
    b.addPopulations(p);
    b.addProjections(dense("input", "rec", n, 4, rnd, 3.0, 3.0));
    b.addProjections(dense("rec", "rec", n, n, rnd, 0.3, 1.5));
    return new Sample(b.build(), inputs(rnd, 4, 2, 3, 0.0, 4.5));
  }

  /** Dense weights mean + spread * N(0, 1). */
  static Projection dense(String source, String target, int rows, int cols, Random rnd, double mean, double spread) {
    Projection.Builder pr = Projection.newBuilder().setSource(source).setTarget(target).setRows(rows).setCols(cols);
    for (int k = 0; k < rows * cols; k++) {
      pr.addWeights(mean + spread * rnd.nextGaussian());
    }
    return pr.build();
  }

  /** Each channel gets between minSpikes and maxSpikes ascending spike times, uniform in [t0, t1). */
  static InputSpikes inputs(Random rnd, int channels, int minSpikes, int maxSpikes, double t0, double t1) {
    InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(channels).setLabel(-1);
    for (int c = 0; c < channels; c++) {
      int k = minSpikes + rnd.nextInt(maxSpikes - minSpikes + 1);
      double[] t = new double[k];
      for (int j = 0; j < k; j++) {
        t[j] = t0 + (t1 - t0) * rnd.nextDouble();
      }
      java.util.Arrays.sort(t);
      SpikeTrain.Builder tr = SpikeTrain.newBuilder();
      for (double v : t) {
        tr.addTimes(v);
      }
      in.addTrains(tr);
    }
    return in.build();
  }
}
