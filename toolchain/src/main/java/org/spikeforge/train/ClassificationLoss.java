package org.spikeforge.train;

/** A loss on one sample's output spike times given its class label, with its exact gradient. */
public interface ClassificationLoss {
  /** Returns the loss and writes dL/dt_out into {@code grad} (overwriting it). */
  double lossAndGradient(double[] outputTimes, int label, double[] grad);

  /** Predicted class: the earliest output (lowest index wins ties). */
  default int predict(double[] outputTimes) {
    int best = 0;
    for (int k = 1; k < outputTimes.length; k++) {
      if (outputTimes[k] < outputTimes[best]) {
        best = k;
      }
    }
    return best;
  }
}
