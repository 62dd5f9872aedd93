package org.spikeforge.hw.report;

/**
 * One row of a {@link ResourceReport}.
 *
 * @param layer         layer name (or a shared resource such as "theta_tables")
 * @param neurons       neurons
 * @param synapses      stored synapses (dense: size x fan-in, plus size x size when recurrent)
 * @param cores         cores the layer occupies
 * @param memoryBits    synapses x weight bits + neurons x state bits (+ tables)
 * @param synOps        synaptic ops per trial under the activity assumption
 * @param neuronUpdates neuron updates per trial (neurons x steps)
 * @param spikes        spikes emitted per trial
 * @param cycles        cycles per trial, the layer's work split evenly over its cores
 * @param energyJoules  energy per trial
 */
public record LayerResources(String layer, long neurons, long synapses, long cores, long memoryBits,
                             double synOps, double neuronUpdates, double spikes, double cycles, double energyJoules) {
}
