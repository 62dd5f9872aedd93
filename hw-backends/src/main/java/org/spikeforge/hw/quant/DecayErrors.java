package org.spikeforge.hw.quant;

import java.util.Locale;

/**
 * How far a target's integer per-step decays are from the float ones at one time step, as relative errors of
 * the per-step decay <em>rate</em> (the fraction lost per step): {@code (r_int - r_float) / r_float} with
 * {@code r_float = 1 - exp(-dt/tau)}. Positive means the chip leaks faster than the float model (less
 * excitatory). The rate, not the factor, is compared because the factor is within 1 % of 1 at any useful dt,
 * so its relative error hides a 2 % error of the effective time constant (which is {@code -r_int/r_float} in
 * first order). NaN marks a decay the target does not have (LIF_DELTA's instantaneous current).
 *
 * @param dt      the time step the errors hold for
 * @param current relative rate error of the synaptic current decay (tau_s = tau/2); NaN if none
 * @param voltage relative rate error of the membrane voltage decay (tau)
 */
public record DecayErrors(double dt, double current, double voltage) {

    /** The larger of the two magnitudes (NaN entries ignored). */
    public double worst() {
        double w = Math.abs(voltage);
        if (!Double.isNaN(current)) w = Math.max(w, Math.abs(current));
        return w;
    }

    /** One line such as {@code current +0.12 %, voltage -0.10 %}. */
    public String describe() {
        String v = String.format(Locale.ROOT, "voltage %+.3f %%", 100 * voltage);
        return Double.isNaN(current) ? v : String.format(Locale.ROOT, "current %+.3f %%, ", 100 * current) + v;
    }
}
