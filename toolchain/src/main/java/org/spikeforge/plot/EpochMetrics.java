package org.spikeforge.plot;

/**
 * One epoch of training as plotted by {@link TrainingCurves}; NaN marks a value that was not
 * measured (for example no validation set).
 */
public record EpochMetrics(
    int epoch, double trainLoss, double validationLoss, double trainAccuracy, double validationAccuracy) {}
