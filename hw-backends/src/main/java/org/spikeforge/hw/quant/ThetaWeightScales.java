package org.spikeforge.hw.quant;

/**
 * Theta-core weights as b-bit mantissas times one unsigned integer scale per neuron (per output channel) or
 * per layer. The core's voltages have {@code f} fraction bits; neuron i's weights are
 * {@code w_int = m * s_i} with {@code |m| <= qmax = 2^(b-1) - 1} and {@code 1 <= s_i <= scaleMax}, so its
 * weight step is {@code s_i 2^-f}. Since {@code sum_j (m_ij s_i) n_j = s_i sum_j m_ij n_j}, the core can store
 * the mantissas and apply s_i once to the accumulated sum; the config carries the products (the integer
 * update is unchanged).
 * <ul>
 * <li>{@link #fracBits}: the largest f with {@code clip 2^f / qmax <= scaleMax} for the largest clip, so the
 *     widest row still gets a scale that fits; a smaller row gets a proportionally smaller scale and the same
 *     mantissa range.</li>
 * <li>{@link #scale}: {@code s = ceil(clip 2^f / qmax)} clamped to [1, scaleMax]: the smallest step that
 *     keeps every |w| &lt;= clip within the mantissa range.</li>
 * <li>{@link #quantize}: {@code m = clamp(round(w 2^f / s), +-qmax)} (half away from zero).</li>
 * </ul>
 */
public final class ThetaWeightScales {

    private ThetaWeightScales() {
    }

    /**
     * Voltage fraction bits for the largest clip: {@code floor(log2(qmax scaleMax / maxClip))} clamped to
     * [0, maxFrac]; maxFrac when maxClip is 0 (all weights zero).
     */
    public static int fracBits(double maxClip, int qmax, int scaleMax, int maxFrac) {
        if (!(maxClip >= 0) || Double.isInfinite(maxClip)) throw new IllegalArgumentException("theta weight clip " + maxClip + " must be finite and >= 0");
        if (maxClip == 0) return maxFrac;
        int f = (int) Math.floor(Math.log((double) qmax * scaleMax / maxClip) / Math.log(2) + 1e-12);
        // guard the floating log: the widest row's scale must fit
        while (f > 0 && Math.ceil(maxClip * Math.scalb(1.0, f) / qmax - 1e-9) > scaleMax) f--;
        return Math.max(0, Math.min(maxFrac, f));
    }

    /** The integer scale of a row with the given clip at f fraction bits. */
    public static int scale(double clip, int f, int qmax, int scaleMax) {
        double s = Math.ceil(clip * Math.scalb(1.0, f) / qmax - 1e-9);
        return (int) Math.max(1, Math.min(scaleMax, s));
    }

    /** {@code m * s} for one weight, m rounded half away from zero and clamped to +-qmax. */
    public static int quantize(double w, int f, int scale, int qmax) {
        if (!Double.isFinite(w)) throw new IllegalArgumentException("theta weight " + w + " must be finite");
        return WeightQuantizer.quantize(w * Math.scalb(1.0, f), scale, qmax) * scale;
    }
}
