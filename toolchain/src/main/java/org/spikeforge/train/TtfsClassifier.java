package org.spikeforge.train;

import java.util.Arrays;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Adapts the feed-forward {@link TtfsNetwork} (theta or LIF) to the trainer: its live parameter vector is optimized
 * in place, and after each step {@link #project} keeps the initial states valid (theta phases in [0, Θ]; LIF initial
 * potentials below threshold). With {@code fromRest} the initial states are instead held at 0 (LIF: V0 = I0 = 0, the
 * rest state): zeroed at construction and after every step, as xylo and netx require (they refuse non-zero initial
 * states), so the trained net compiles unchanged for every target.
 */
public final class TtfsClassifier implements SpikingClassifier<TtfsWorkspace> {
  private final TtfsNetwork net;
  private final int statNeurons;
  private final boolean fromRest;

  /** Trains the initial states as parameters (kept in their valid domain). */
  public TtfsClassifier(TtfsNetwork net) {
    this(net, false);
  }

  /** With {@code fromRest}, every neuron starts each trial from rest and the initial states are not trained. */
  public TtfsClassifier(TtfsNetwork net, boolean fromRest) {
    this.net = net;
    this.fromRest = fromRest;
    int n = 0;
    for (int l = 1; l <= net.numLayers(); l++) {
      n += net.layerSize(l);
    }
    this.statNeurons = n;
    if (fromRest) {
      toRest(net.parameters());
    }
  }

  /** Whether the initial states are held at rest. */
  public boolean fromRest() {
    return fromRest;
  }

  private void toRest(double[] params) {
    for (int l = 1; l <= net.numLayers(); l++) {
      int off = net.initialStateOffset(l);
      Arrays.fill(params, off, off + net.initialStateCount(l), 0.0);
    }
  }

  public TtfsNetwork network() {
    return net;
  }

  @Override
  public int numInputs() {
    return net.layerSize(0);
  }

  @Override
  public int numOutputs() {
    return net.layerSize(net.numLayers());
  }

  @Override
  public double[] params() {
    return net.parameters();
  }

  @Override
  public TtfsWorkspace newWorkspace() {
    return net.newWorkspace();
  }

  @Override
  public void forward(double[] inputTimes, TtfsWorkspace ws) {
    net.forward(inputTimes, ws);
  }

  @Override
  public double[] outputTimes(TtfsWorkspace ws) {
    return net.outputTimes(ws);
  }

  /** Silent outputs (no in-trial spike) all get T + tau, the chip decoding of {@code verify.OutputDecoder}. */
  @Override
  public void spikesOnlyTimes(TtfsWorkspace ws, double[] dst) {
    double[] t = net.outputTimes(ws);
    boolean[] silent = net.outputSilent(ws);
    double late = net.lifSilentTime();
    for (int k = 0; k < dst.length; k++) {
      dst[k] = silent[k] ? late : t[k];
    }
  }

  @Override
  public void backward(double[] dLdOutputTimes, TtfsWorkspace ws, double[] gradAccumulator) {
    net.backward(dLdOutputTimes, ws, gradAccumulator);
  }

  /** Holds back the input layer's weight gradient, the widest rows, until the chunk's flush. */
  @Override
  public void backwardBatched(double[] dLdOutputTimes, TtfsWorkspace ws, double[] gradAccumulator) {
    net.backwardDeferringInputWeights(dLdOutputTimes, ws, gradAccumulator);
  }

  @Override
  public void flushGradient(TtfsWorkspace ws, double[] gradAccumulator) {
    net.flushDeferredGradient(ws, gradAccumulator);
  }

  @Override
  public void discardGradient(TtfsWorkspace ws) {
    net.discardDeferredGradient(ws);
  }

  @Override
  public void project(double[] params) {
    if (fromRest) {
      toRest(params);
      return;
    }
    for (int l = 1; l <= net.numLayers(); l++) {
      int off = net.initialStateOffset(l);
      int n = net.layerSize(l);
      if (net.model() == NeuronModel.THETA) {
        new ParameterBox(off, off + n, 0, net.thetaPeriod()).apply(params);
      } else {
        double vth = net.neuron().threshold();
        new ParameterBox(off, off + n, Double.NEGATIVE_INFINITY, vth * (1 - 1e-6)).apply(params);
      }
    }
  }

  @Override
  public int statNeurons() {
    return statNeurons;
  }

  @Override
  public int silentNeurons(TtfsWorkspace ws) {
    int silent = 0;
    for (int l = 1; l <= net.numLayers(); l++) {
      int n = net.layerSize(l);
      for (int i = 0; i < n; i++) {
        if (ws.spikesOfNeuron(l, i) == 0) {
          silent++;
        }
      }
    }
    return silent;
  }

  @Override
  public int spikeCount(TtfsWorkspace ws) {
    int s = 0;
    for (int l = 1; l <= net.numLayers(); l++) {
      s += ws.spikeCount(l);
    }
    return s;
  }

  @Override
  public Network toNetwork(String name) {
    return net.toProto(name);
  }

  @Override
  public int numLayers() {
    return net.numLayers();
  }

  @Override
  public int layerSize(int layer) {
    return net.layerSize(layer);
  }

  @Override
  public int layerSpikeCount(TtfsWorkspace ws, int layer) {
    return ws.spikeCount(layer);
  }

  @Override
  public double layerSpikeTime(TtfsWorkspace ws, int layer, int s) {
    return ws.spikeTime(layer, s);
  }

  @Override
  public int layerSpikeNeuron(TtfsWorkspace ws, int layer, int s) {
    return ws.spikeNeuron(layer, s);
  }
}
