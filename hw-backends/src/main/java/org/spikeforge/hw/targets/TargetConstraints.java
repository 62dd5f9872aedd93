package org.spikeforge.hw.targets;

import java.util.Set;
import org.spikeforge.proto.NeuronModel;

/**
 * The published (or, for our theta core, designed) limits of a target. {@link #UNLIMITED} marks a
 * quantity the target does not bound.
 *
 * @param weightBits        bits of a stored weight mantissa
 * @param stateBits         bits of a neuron state variable
 * @param decayEncoding     how decays are encoded, in words
 * @param neuronsPerCore    neurons one core holds
 * @param synapsesPerCore   synapses one core's memory holds
 * @param maxFanIn          synapses per neuron
 * @param maxFanOut         non-zero outgoing synapses per neuron
 * @param maxCores          cores per chip
 * @param maxInputChannels  input channels
 * @param maxOutputNeurons  read-out neurons
 * @param maxNeurons        neurons in all layers together (hidden neurons on Xylo)
 * @param timeStep          what one step means
 * @param minInputDelay     smallest input_delay the lowering uses
 * @param maxInputDelay     largest input_delay the lowering uses
 * @param models            neuron models the target runs
 */
public record TargetConstraints(int weightBits, int stateBits, String decayEncoding, int neuronsPerCore,
                                long synapsesPerCore, int maxFanIn, int maxFanOut, int maxCores, int maxInputChannels,
                                int maxOutputNeurons, int maxNeurons, String timeStep, int minInputDelay,
                                int maxInputDelay, Set<NeuronModel> models) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public TargetConstraints {
        models = Set.copyOf(models);
    }
}
