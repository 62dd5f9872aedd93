package org.spikeforge.hw.report;

import java.util.Map;

/**
 * How much the network is assumed (or was measured) to spike, since a config alone does not say.
 *
 * @param spikesPerInputPerTrial  spikes per input channel per trial
 * @param spikesPerNeuronPerTrial spikes per neuron per trial for layers not in {@code perLayer}
 * @param perLayer                measured spikes per neuron per trial by layer name (e.g. from an emulator trace)
 */
public record Activity(double spikesPerInputPerTrial, double spikesPerNeuronPerTrial, Map<String, Double> perLayer) {

    public Activity {
        if (!(spikesPerInputPerTrial >= 0) || !(spikesPerNeuronPerTrial >= 0) || Double.isInfinite(spikesPerInputPerTrial)
                || Double.isInfinite(spikesPerNeuronPerTrial))
            throw new IllegalArgumentException("Activity rates must be finite and >= 0, got " + spikesPerInputPerTrial + ", " + spikesPerNeuronPerTrial);
        perLayer = Map.copyOf(perLayer);
        for (Map.Entry<String, Double> e : perLayer.entrySet())
            if (!(e.getValue() >= 0) || e.getValue().isInfinite())
                throw new IllegalArgumentException("Activity.perLayer[" + e.getKey() + "] = " + e.getValue() + " must be finite and >= 0");
    }

    /** The same rate for every layer. */
    public Activity(double spikesPerInputPerTrial, double spikesPerNeuronPerTrial) {
        this(spikesPerInputPerTrial, spikesPerNeuronPerTrial, Map.of());
    }

    /** One spike per input channel and per neuron in each trial (time-to-first-spike coding). */
    public static Activity oneSpikeEach() {
        return new Activity(1, 1);
    }

    /** Spikes per neuron per trial of a layer, or of the input channels for "input". */
    public double rateOf(String layer) {
        if (layer.equals("input")) return spikesPerInputPerTrial;
        return perLayer.getOrDefault(layer, spikesPerNeuronPerTrial);
    }
}
