package org.spikeforge.train;

/**
 * Metrics of one finished epoch. Training loss/accuracy are averaged over the epoch's (augmented) training passes;
 * validation values are NaN when there is no validation set. Spike statistics come from the training passes. The
 * {@code ...SpikesOnly} accuracies decode silent outputs as a chip does (one common time after the trial, lowest
 * index on ties; {@link TrainableModel#spikesOnlyTimes}) instead of by their pseudospike times.
 */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy,
    double validationLoss, double validationAccuracy, double silentFraction, double spikesPerNeuron,
    double seconds, double samplesPerSecond, double trainAccuracySpikesOnly, double validationAccuracySpikesOnly) {

  static final int FIELDS = 12;

  /** Checkpoints written before the spikes-only accuracies existed hold the first 10 fields. */
  static final int FIELDS_V1 = 10;

  double[] toArray() {
    return new double[] {epoch, learningRate, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
        silentFraction, spikesPerNeuron, seconds, samplesPerSecond, trainAccuracySpikesOnly, validationAccuracySpikesOnly};
  }

  /** From {@link #FIELDS} values, or {@link #FIELDS_V1} (the spikes-only accuracies are then NaN). */
  static EpochMetrics fromArray(double[] a) {
    boolean v2 = a.length >= FIELDS;
    return new EpochMetrics((int) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
        v2 ? a[10] : Double.NaN, v2 ? a[11] : Double.NaN);
  }
}
