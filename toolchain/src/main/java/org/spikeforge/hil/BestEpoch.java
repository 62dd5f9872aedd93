package org.spikeforge.hil;

/**
 * The epoch with the best board accuracy on the validation samples so far and the shadow parameters it had, which
 * {@link HilSettings#restoreBest()} puts back at the end. A later epoch replaces it only when strictly better.
 */
final class BestEpoch {
  private int epoch = -1;
  private double accuracy = Double.NEGATIVE_INFINITY;
  private double[] params;

  /** Continues from a checkpoint: its best epoch (-1: none), that epoch's validation accuracy and parameters. */
  void restore(int savedEpoch, double savedAccuracy, double[] savedParams) {
    epoch = savedEpoch;
    accuracy = savedAccuracy;
    params = savedParams;
  }

  /** Epoch {@code e} reached validation accuracy {@code v} with shadow parameters {@code p} (copied if best). */
  void offer(int e, double v, double[] p) {
    if (v > accuracy) {
      accuracy = v;
      epoch = e;
      params = p.clone();
    }
  }

  /** The best epoch (-1: none yet). */
  int epoch() {
    return epoch;
  }

  /** Its shadow parameters (null: none yet; live). */
  double[] params() {
    return params;
  }
}
