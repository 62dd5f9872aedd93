package org.spikeforge.train;

/**
 * Metrics of one finished epoch. Training loss/accuracy are averaged over the epoch's (augmented) training passes;
 * validation values are NaN when there is no validation set. Spike statistics come from the training passes.
 */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy,
    double validationLoss, double validationAccuracy, double silentFraction, double spikesPerNeuron,
    double seconds, double samplesPerSecond) {

  static final int FIELDS = 10;

  double[] toArray() {
    return new double[] {epoch, learningRate, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
        silentFraction, spikesPerNeuron, seconds, samplesPerSecond};
  }

  static EpochMetrics fromArray(double[] a) {
    return new EpochMetrics((int) a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
  }
}
