package org.spikeforge.hw.report;

/**
 * Per-operation costs of one chip. A synaptic op is one weight read and accumulate caused by one
 * spike; a neuron update is one neuron's state update in one step; a spike is one emitted spike
 * routed to its destination core.
 *
 * @param energyPerSynOp       joules per synaptic op
 * @param energyPerNeuronUpdate joules per neuron update
 * @param energyPerSpike       joules per emitted spike
 * @param cyclesPerSynOp       clock cycles per synaptic op
 * @param cyclesPerNeuronUpdate clock cycles per neuron update
 * @param cyclesPerSpike       clock cycles per spike
 * @param clockHz              clock that converts cycles to seconds
 * @param source               where the figures come from (citation or "assumption")
 */
public record CostModel(double energyPerSynOp, double energyPerNeuronUpdate, double energyPerSpike,
                        double cyclesPerSynOp, double cyclesPerNeuronUpdate, double cyclesPerSpike,
                        double clockHz, String source) {
}
