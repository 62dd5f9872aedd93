/**
 * A validated, layer-by-layer view of a trained {@code Network} proto for the hardware backends:
 * every population becomes one {@link org.spikeforge.hw.net.LayerView} with exactly one
 * feed-forward source and an optional recurrent matrix, and every malformed field (NaN weight,
 * wrong matrix shape, unknown source, bad neuron parameter) is refused with a one-line
 * {@link org.spikeforge.hw.net.NetworkFormatException} naming the network, the field and the limit.
 */
package org.spikeforge.hw.net;
