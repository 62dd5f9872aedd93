package org.spikeforge.hw.report;

/**
 * How much the network is assumed to spike, since a config alone does not say.
 *
 * @param spikesPerInputPerTrial  spikes per input channel per trial
 * @param spikesPerNeuronPerTrial spikes per neuron (every layer) per trial
 */
public record Activity(double spikesPerInputPerTrial, double spikesPerNeuronPerTrial) {

    public Activity {
        if (!(spikesPerInputPerTrial >= 0) || !(spikesPerNeuronPerTrial >= 0))
            throw new IllegalArgumentException("Activity rates must be >= 0, got " + spikesPerInputPerTrial + ", " + spikesPerNeuronPerTrial);
    }

    /** One spike per input channel and per neuron in each trial (time-to-first-spike coding). */
    public static Activity oneSpikeEach() {
        return new Activity(1, 1);
    }
}
