package org.spikeforge.hw.report;

/**
 * One row of a {@link ResourceReport}.
 *
 * @param layer              layer name (or a shared resource such as "theta_tables")
 * @param neurons            neurons
 * @param synapses           synapses (dense: size x fan-in; conv/pool: the taps inside the source map), plus
 *                           size x size when recurrent
 * @param cores              cores the layer occupies
 * @param memoryBits         stored weights x weight bits + neurons x state bits (+ tables); a conv layer stores its
 *                           kernel once per core that holds one of its feature maps, a pool layer one weight per core
 * @param synOps             synaptic ops per trial under the activity assumption
 * @param neuronUpdates      neuron updates per trial (neurons x steps)
 * @param spikes             spikes emitted per trial
 * @param cycles             cycles per trial, the layer's work split evenly over its cores
 * @param energyJoules       energy per trial
 * @param connectivity       "dense", "conv2d", "sum_pool2d" (shared kernels), "conv2d->dense" / "sum_pool2d->dense"
 *                           (expanded on a target without shared weights) or "-" for non-layer rows
 * @param expandedMemoryBits the memory the layer would take with one stored weight per source-target pair
 *                           (size x fan-in, plus recurrent, plus state), equal to memoryBits for dense layers
 */
public record LayerResources(String layer, long neurons, long synapses, long cores, long memoryBits,
                             double synOps, double neuronUpdates, double spikes, double cycles, double energyJoules,
                             String connectivity, long expandedMemoryBits) {

    /** A row without connectivity (tables, registers): its memory is what it is. */
    public LayerResources(String layer, long neurons, long synapses, long cores, long memoryBits, double synOps,
                          double neuronUpdates, double spikes, double cycles, double energyJoules) {
        this(layer, neurons, synapses, cores, memoryBits, synOps, neuronUpdates, spikes, cycles, energyJoules, "-", memoryBits);
    }
}
