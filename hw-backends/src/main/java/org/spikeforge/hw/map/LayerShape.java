package org.spikeforge.hw.map;

/**
 * What the mapper needs to know of a layer.
 *
 * @param name       layer name
 * @param neurons    neurons in the layer
 * @param fanInTotal synapses per neuron (feed-forward fan-in plus recurrent fan-in)
 */
public record LayerShape(String name, int neurons, int fanInTotal) {
}
