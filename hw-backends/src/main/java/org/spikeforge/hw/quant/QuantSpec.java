package org.spikeforge.hw.quant;

/**
 * Everything a user may choose when quantizing a network for a target. Zero or NaN in an
 * "auto" field lets the lowering choose from the network (documented on each target).
 *
 * @param dt                model time per hardware step (the float network's time unit); > 0
 * @param numSteps          steps per trial; 0 = auto, {@code ceil(trial_end / dt) + 1}
 * @param weightBits        weight mantissa bits including sign, 2..8 (targets cap at their width)
 * @param perChannel        one scale per output neuron instead of one per layer (xylo; theta: one integer
 *                          weight scale per neuron instead of per layer)
 * @param clipPercentile    percentile of |w| mapped to the largest mantissa, in (0, 100]; 100 = max |w|
 * @param thetaPhaseBits    theta counter bits; 0 = auto (smallest with |phase_step*Theta/P - dt| <= 1e-3 dt)
 * @param thetaInvIndexBits log2 of the inv_phi table length, 1..16
 * @param thetaPhiIndexBits log2 of the largest phi table length, 1..20
 * @param thetaVFracBits    fraction bits of theta voltages and weights; -1 = auto from max |w|
 * @param thetaVSpan        theta voltage range is 1/2 +- span; NaN or 0 = auto (inv_phi never saturates)
 * @param weightExp         loihi2 Dense weight_exp for every layer, -8..7; {@link #AUTO_WEIGHT_EXP} = per-layer
 *                          choice (finest voltage resolution). 0 makes every layer exportable to lava-dl
 *                          netx, which only derives exponents <= 0 from its integer weights
 * @param thresholdHeadroom xylo: thresholds stay at most {@code 32767 / thresholdHeadroom}, >= 1 (1: up to the
 *                          16-bit limit, the finest state). An analog or mismatched chip whose thresholds may come out
 *                          higher than programmed needs room above them, or a raised threshold is never reached
 */
public record QuantSpec(double dt, long numSteps, int weightBits, boolean perChannel, double clipPercentile,
                        int thetaPhaseBits, int thetaInvIndexBits, int thetaPhiIndexBits, int thetaVFracBits,
                        double thetaVSpan, int weightExp, double thresholdHeadroom) {

    /** {@link #weightExp()} value meaning "let the lowering choose per layer". */
    public static final int AUTO_WEIGHT_EXP = Integer.MIN_VALUE;

    /** Default log2 of the theta inv_phi table length. */
    public static final int DEFAULT_THETA_INV_INDEX_BITS = 12;
    /** Default log2 of the largest theta phi table length. */
    public static final int DEFAULT_THETA_PHI_INDEX_BITS = 14;

    public QuantSpec {
        require(dt > 0 && Double.isFinite(dt), "dt", dt, "finite and > 0");
        require(numSteps >= 0, "numSteps", numSteps, ">= 0 (0 = auto)");
        require(weightBits >= 2 && weightBits <= 8, "weightBits", weightBits, "in 2..8");
        require(clipPercentile > 0 && clipPercentile <= 100, "clipPercentile", clipPercentile, "in (0, 100]");
        require(thetaPhaseBits == 0 || (thetaPhaseBits >= 2 && thetaPhaseBits <= 30), "thetaPhaseBits", thetaPhaseBits, "0 (auto) or 2..30");
        require(thetaInvIndexBits >= 1 && thetaInvIndexBits <= 16, "thetaInvIndexBits", thetaInvIndexBits, "in 1..16");
        require(thetaPhiIndexBits >= 1 && thetaPhiIndexBits <= 20, "thetaPhiIndexBits", thetaPhiIndexBits, "in 1..20");
        require(thetaVFracBits >= -1 && thetaVFracBits <= 24, "thetaVFracBits", thetaVFracBits, "-1 (auto) or 0..24");
        require(Double.isNaN(thetaVSpan) || thetaVSpan >= 0, "thetaVSpan", thetaVSpan, "NaN/0 (auto) or > 0");
        require(weightExp == AUTO_WEIGHT_EXP || (weightExp >= -8 && weightExp <= 7), "weightExp", weightExp, "auto or in -8..7");
        require(thresholdHeadroom >= 1 && thresholdHeadroom <= 100, "thresholdHeadroom", thresholdHeadroom, "in [1, 100]");
    }

    /**
     * Defaults: 8-bit per-layer weights, no clipping, auto steps, theta tables 2^12 (inv_phi) / 2^14 (phi)
     * entries: the inv_phi bin is the largest theta error source at 2^8 (each input step moves the phase to a bin
     * centre, up to Theta/2^9 away), see docs/TARGET-SEMANTICS.md.
     */
    public static QuantSpec defaults(double dt) {
        return new QuantSpec(dt, 0, 8, false, 100.0, 0, DEFAULT_THETA_INV_INDEX_BITS, DEFAULT_THETA_PHI_INDEX_BITS, -1, Double.NaN,
                AUTO_WEIGHT_EXP, 1.0);
    }

    public QuantSpec withNumSteps(long n) {
        return new QuantSpec(dt, n, weightBits, perChannel, clipPercentile, thetaPhaseBits, thetaInvIndexBits, thetaPhiIndexBits, thetaVFracBits, thetaVSpan, weightExp, thresholdHeadroom);
    }

    public QuantSpec withWeightBits(int bits) {
        return new QuantSpec(dt, numSteps, bits, perChannel, clipPercentile, thetaPhaseBits, thetaInvIndexBits, thetaPhiIndexBits, thetaVFracBits, thetaVSpan, weightExp, thresholdHeadroom);
    }

    public QuantSpec withPerChannel(boolean on) {
        return new QuantSpec(dt, numSteps, weightBits, on, clipPercentile, thetaPhaseBits, thetaInvIndexBits, thetaPhiIndexBits, thetaVFracBits, thetaVSpan, weightExp, thresholdHeadroom);
    }

    public QuantSpec withClipPercentile(double p) {
        return new QuantSpec(dt, numSteps, weightBits, perChannel, p, thetaPhaseBits, thetaInvIndexBits, thetaPhiIndexBits, thetaVFracBits, thetaVSpan, weightExp, thresholdHeadroom);
    }

    /** Theta table geometry; pass 0 / -1 / NaN for the auto choices. */
    public QuantSpec withTheta(int phaseBits, int invIndexBits, int phiIndexBits, int vFracBits, double vSpan) {
        return new QuantSpec(dt, numSteps, weightBits, perChannel, clipPercentile, phaseBits, invIndexBits, phiIndexBits, vFracBits, vSpan, weightExp, thresholdHeadroom);
    }

    /** Fixes the loihi2 weight exponent of every layer ({@link #AUTO_WEIGHT_EXP}: per-layer choice). */
    public QuantSpec withWeightExp(int e) {
        return new QuantSpec(dt, numSteps, weightBits, perChannel, clipPercentile, thetaPhaseBits, thetaInvIndexBits, thetaPhiIndexBits, thetaVFracBits, thetaVSpan, e, thresholdHeadroom);
    }

    /** Room above xylo thresholds for chips whose thresholds may come out higher (1: none). */
    public QuantSpec withThresholdHeadroom(double h) {
        return new QuantSpec(dt, numSteps, weightBits, perChannel, clipPercentile, thetaPhaseBits, thetaInvIndexBits, thetaPhiIndexBits, thetaVFracBits, thetaVSpan, weightExp, h);
    }

    /** Steps per trial for a network of the given trial end. */
    public long stepsFor(double trialEnd) {
        return numSteps > 0 ? numSteps : (long) Math.ceil(trialEnd / dt - 1e-9) + 1;
    }

    private static void require(boolean ok, String field, Object value, String limit) {
        if (!ok) throw new IllegalArgumentException("QuantSpec." + field + " = " + value + " must be " + limit);
    }
}
