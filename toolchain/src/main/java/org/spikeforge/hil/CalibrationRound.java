package org.spikeforge.hil;

/**
 * One round of {@link ExcitabilityCalibration} in a HIL run.
 *
 * @param round 1-based
 * @param trials board trials of the round
 * @param trainAccuracy board accuracy on those samples, measured before this round's scaling
 * @param largestDeviation the largest |r_i - 1| applied in this round (how far the board still was from the model)
 */
public record CalibrationRound(int round, int trials, double trainAccuracy, double largestDeviation) {
}
