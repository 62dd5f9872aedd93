package org.spikeforge.hw.device;

/**
 * Non-idealities a board may emulate: relative per-neuron threshold offsets and per-synapse weight
 * gains drawn once from {@code seed}, and the probability that a spike arrives one step late.
 * {@link #IDEAL} turns them all off.
 */
public record Mismatch(long seed, double thresholdOffsetSigma, double weightGainSigma, double jitterProbability) {
    /** No mismatch, no jitter. */
    public static final Mismatch IDEAL = new Mismatch(0, 0, 0, 0);

    public Mismatch {
        check("thresholdOffsetSigma", thresholdOffsetSigma);
        check("weightGainSigma", weightGainSigma);
        check("jitterProbability", jitterProbability);
    }

    private static void check(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Mismatch." + name + " = " + value + " must lie in [0, 1]");
        }
    }
}
