package org.spikeforge.train;

import org.spikeforge.proto.Network;

/**
 * A trainable spiking classifier that can also be saved as a proto {@link Network} and whose per-layer spikes can be
 * read back for raster plots. Layers are numbered 1..{@link #numLayers()}; the input is layer 0.
 *
 * @param <W> the model's workspace type
 */
public interface SpikingClassifier<W> extends TrainableModel<W> {
  /** The trained network in its portable proto form (encoding and provenance are added by the caller). */
  Network toNetwork(String name);

  int numLayers();

  int layerSize(int layer);

  /** In-trial spikes of {@code layer} in the last forward pass. */
  int layerSpikeCount(W ws, int layer);

  /** Time of the s-th spike of {@code layer}. */
  double layerSpikeTime(W ws, int layer, int s);

  /** Neuron of the s-th spike of {@code layer}. */
  int layerSpikeNeuron(W ws, int layer, int s);
}
