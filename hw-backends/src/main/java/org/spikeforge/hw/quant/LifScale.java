package org.spikeforge.hw.quant;

/**
 * The voltage scale S_v (integer voltage per float volt) and the power-of-two weight exponent of one
 * LIF layer, chosen so that the clip weight lands on the largest mantissa while the threshold and
 * the largest input current still fit the state registers.
 *
 * <p>With mantissa limit M, fixed shift h (Lava: 6, Xylo: 0) and jump factor c (see
 * {@link LifDiscretization}), exponent e gives {@code S_v(e) = M 2^(e+h) / (m c)}. The caps are
 * {@code thresholdMax / V_th} and {@code stateMax / (I_max c)}. The largest e in [eMin, eMax] with
 * S_v(e) under both caps wins (largest e = finest voltage resolution); when even eMin overshoots,
 * e = eMin and S_v = the cap, so the weights use fewer than M levels.
 *
 * @param exponent weight exponent e (Lava weight_exp, Xylo weight_shift)
 * @param voltageScale S_v
 */
public record LifScale(int exponent, double voltageScale) {

    /**
     * @param m            clip weight (float), 0 when all weights are zero
     * @param iMax         largest input current (float), 0 when unknown or zero
     * @param vth          float threshold
     * @param c            jump factor s(1 - s)
     * @param mantissaMax  largest stored weight magnitude M
     * @param fixedShift   h
     * @param eMin         smallest exponent
     * @param eMax         largest exponent
     * @param thresholdMax largest threshold in voltage-register units
     * @param stateMax     largest current-register value
     */
    public static LifScale choose(double m, double iMax, double vth, double c, int mantissaMax, int fixedShift,
                                  int eMin, int eMax, double thresholdMax, double stateMax) {
        double cap = thresholdMax / vth;
        if (iMax > 0) cap = Math.min(cap, stateMax / (iMax * c));
        if (!(m > 0)) return new LifScale(eMax, cap);
        for (int e = eMax; e >= eMin; e--) {
            double sv = mantissaMax * Math.scalb(1.0, e + fixedShift) / (m * c);
            if (sv <= cap) return new LifScale(e, sv);
        }
        return new LifScale(eMin, cap);
    }
}
