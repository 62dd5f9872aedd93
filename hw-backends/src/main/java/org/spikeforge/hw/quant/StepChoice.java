package org.spikeforge.hw.quant;

/**
 * A time step picked for a target, with what it was picked from and the decay errors it leaves.
 *
 * @param dt        the chosen model time per step
 * @param nominalDt the step asked for (trial end / 200 when no --dt is given)
 * @param errors    the target's decay errors at {@code dt}; null for targets without LIF decays (theta)
 * @param rule      one line saying how dt was chosen
 */
public record StepChoice(double dt, double nominalDt, DecayErrors errors, String rule) {

    /** The step kept as given. */
    public static StepChoice fixed(double dt, DecayErrors errors, String rule) {
        return new StepChoice(dt, dt, errors, rule);
    }
}
