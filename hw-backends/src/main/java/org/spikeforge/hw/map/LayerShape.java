package org.spikeforge.hw.map;

/**
 * What the mapper needs to know of a layer.
 *
 * @param name             layer name
 * @param neurons          neurons in the layer
 * @param fanInTotal       synapses per neuron (feed-forward fan-in plus recurrent fan-in)
 * @param mapSize          neurons per output feature map of a layer with shared weights (conv2d, sum_pool2d), 0 for
 *                         a layer with one stored weight per synapse
 * @param kernelPerChannel shared weights one feature map needs on its core (conv: in_channels x kh x kw; pool: 1)
 */
public record LayerShape(String name, int neurons, int fanInTotal, int mapSize, long kernelPerChannel) {

    /** A layer that stores one weight per synapse. */
    public LayerShape(String name, int neurons, int fanInTotal) {
        this(name, neurons, fanInTotal, 0, 0);
    }

    /** Whether the layer's weights are shared kernels, placed by whole feature maps. */
    public boolean shared() {
        return mapSize > 0;
    }
}
