package org.spikeforge.data;

/**
 * Train / validation / test partitions of one dataset. {@code validation} may be empty (size 0), in which case
 * early stopping is off.
 */
public record Splits<T extends FeatureTable>(T train, T validation, T test) {}
