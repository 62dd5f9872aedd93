package org.spikeforge.cli.demo;

import java.util.Arrays;
import org.spikeforge.proto.Network;
import org.spikeforge.train.SpikingClassifier;
import org.spikeforge.train.TtfsClassifier;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * A TTFS classifier whose neurons always start a trial from rest (V0 = I0 = 0): the trainable initial states of
 * {@link TtfsClassifier} are zeroed at construction and again after every optimizer step (in {@link #project}).
 * Xylo starts every trial from rest and refuses non-zero initial states, so the demo trains this way to get one
 * network that compiles unchanged for both loihi2 and xylo. Everything else is delegated.
 */
final class RestingStateClassifier implements SpikingClassifier<TtfsWorkspace> {
  private final TtfsClassifier delegate;
  private final TtfsNetwork net;

  RestingStateClassifier(TtfsClassifier delegate) {
    this.delegate = delegate;
    this.net = delegate.network();
    toRest(delegate.params());
  }

  private void toRest(double[] params) {
    for (int l = 1; l <= net.numLayers(); l++) {
      int off = net.initialStateOffset(l);
      Arrays.fill(params, off, off + net.initialStateCount(l), 0.0);
    }
  }

  @Override
  public void project(double[] params) {
    delegate.project(params);
    toRest(params);
  }

  @Override
  public int numInputs() {
    return delegate.numInputs();
  }

  @Override
  public int numOutputs() {
    return delegate.numOutputs();
  }

  @Override
  public double[] params() {
    return delegate.params();
  }

  @Override
  public TtfsWorkspace newWorkspace() {
    return delegate.newWorkspace();
  }

  @Override
  public void forward(double[] inputTimes, TtfsWorkspace ws) {
    delegate.forward(inputTimes, ws);
  }

  @Override
  public double[] outputTimes(TtfsWorkspace ws) {
    return delegate.outputTimes(ws);
  }

  @Override
  public void backward(double[] dLdOutputTimes, TtfsWorkspace ws, double[] gradAccumulator) {
    delegate.backward(dLdOutputTimes, ws, gradAccumulator);
  }

  @Override
  public int statNeurons() {
    return delegate.statNeurons();
  }

  @Override
  public int silentNeurons(TtfsWorkspace ws) {
    return delegate.silentNeurons(ws);
  }

  @Override
  public int spikeCount(TtfsWorkspace ws) {
    return delegate.spikeCount(ws);
  }

  @Override
  public Network toNetwork(String name) {
    return delegate.toNetwork(name);
  }

  @Override
  public int numLayers() {
    return delegate.numLayers();
  }

  @Override
  public int layerSize(int layer) {
    return delegate.layerSize(layer);
  }

  @Override
  public int layerSpikeCount(TtfsWorkspace ws, int layer) {
    return delegate.layerSpikeCount(ws, layer);
  }

  @Override
  public double layerSpikeTime(TtfsWorkspace ws, int layer, int s) {
    return delegate.layerSpikeTime(ws, layer, s);
  }

  @Override
  public int layerSpikeNeuron(TtfsWorkspace ws, int layer, int s) {
    return delegate.layerSpikeNeuron(ws, layer, s);
  }
}
