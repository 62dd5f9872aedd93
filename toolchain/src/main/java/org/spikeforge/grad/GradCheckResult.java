package org.spikeforge.grad;

/**
 * Outcome of a finite-difference gradient check.
 *
 * @param model "qif", "theta" or "lif"
 * @param seeds networks checked
 * @param checkedComponents gradient components compared with central differences
 * @param skippedNearBranch components skipped because a +-h perturbation changed the event structure
 * @param worstRelativeError largest |analytic - fd| / max(|analytic|, |fd|, floor) seen
 */
public record GradCheckResult(String model, int seeds, long checkedComponents, long skippedNearBranch,
    double worstRelativeError) {}
