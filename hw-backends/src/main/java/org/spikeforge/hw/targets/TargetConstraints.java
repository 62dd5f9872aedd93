package org.spikeforge.hw.targets;

import java.util.Objects;
import java.util.Set;
import org.spikeforge.proto.NeuronModel;

/**
 * The published (or, for our theta core, designed) limits of a target. {@link #UNLIMITED} marks a
 * quantity the target does not bound. Build one with {@link #builder()}, which names every limit at
 * the place it is set (fifteen positional numbers were unreadable and easy to swap).
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
        Objects.requireNonNull(decayEncoding, "decayEncoding");
        Objects.requireNonNull(timeStep, "timeStep");
        models = Set.copyOf(models);
        if (minInputDelay > maxInputDelay) {
            throw new IllegalArgumentException("minInputDelay " + minInputDelay + " > maxInputDelay " + maxInputDelay);
        }
    }

    /** A builder whose count limits start {@link #UNLIMITED}; the storage sizes, texts and models must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable, single-use collector of named limits; {@link #build()} refuses one that is missing a required field. */
    public static final class Builder {
        private int weightBits = -1;
        private int stateBits = -1;
        private String decayEncoding;
        private int neuronsPerCore = -1;
        private long synapsesPerCore = -1;
        private int maxFanIn = UNLIMITED;
        private int maxFanOut = UNLIMITED;
        private int maxCores = UNLIMITED;
        private int maxInputChannels = UNLIMITED;
        private int maxOutputNeurons = UNLIMITED;
        private int maxNeurons = UNLIMITED;
        private String timeStep;
        private int minInputDelay;
        private int maxInputDelay;
        private Set<NeuronModel> models;

        private Builder() {
        }

        /** Bits of a stored weight mantissa (required). */
        public Builder weightBits(int bits) {
            this.weightBits = bits;
            return this;
        }

        /** Bits of a neuron state variable (required). */
        public Builder stateBits(int bits) {
            this.stateBits = bits;
            return this;
        }

        /** How decays are encoded, in words (required). */
        public Builder decayEncoding(String text) {
            this.decayEncoding = text;
            return this;
        }

        /** Neurons and synapses one core holds (required). */
        public Builder core(int neurons, long synapses) {
            this.neuronsPerCore = neurons;
            this.synapsesPerCore = synapses;
            return this;
        }

        public Builder maxFanIn(int n) {
            this.maxFanIn = n;
            return this;
        }

        public Builder maxFanOut(int n) {
            this.maxFanOut = n;
            return this;
        }

        public Builder maxCores(int n) {
            this.maxCores = n;
            return this;
        }

        public Builder maxInputChannels(int n) {
            this.maxInputChannels = n;
            return this;
        }

        public Builder maxOutputNeurons(int n) {
            this.maxOutputNeurons = n;
            return this;
        }

        /** Neurons in all layers together (hidden neurons on Xylo). */
        public Builder maxNeurons(int n) {
            this.maxNeurons = n;
            return this;
        }

        /** What one step means, in words (required). */
        public Builder timeStep(String text) {
            this.timeStep = text;
            return this;
        }

        /** The range of input_delay the lowering uses (default 0..0). */
        public Builder inputDelay(int min, int max) {
            this.minInputDelay = min;
            this.maxInputDelay = max;
            return this;
        }

        /** Neuron models the target runs (required, non-empty). */
        public Builder models(NeuronModel... runs) {
            this.models = Set.of(runs);
            return this;
        }

        /** The immutable record; names the first required limit that was never set. */
        public TargetConstraints build() {
            require(weightBits >= 0, "weightBits");
            require(stateBits >= 0, "stateBits");
            require(decayEncoding != null, "decayEncoding");
            require(neuronsPerCore >= 0 && synapsesPerCore >= 0, "core");
            require(timeStep != null, "timeStep");
            require(models != null && !models.isEmpty(), "models");
            return new TargetConstraints(weightBits, stateBits, decayEncoding, neuronsPerCore, synapsesPerCore, maxFanIn,
                    maxFanOut, maxCores, maxInputChannels, maxOutputNeurons, maxNeurons, timeStep, minInputDelay,
                    maxInputDelay, models);
        }

        private static void require(boolean set, String field) {
            if (!set) throw new IllegalStateException("TargetConstraints." + field + " is not set");
        }
    }
}
