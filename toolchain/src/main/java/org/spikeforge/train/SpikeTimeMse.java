package org.spikeforge.train;

/**
 * Mean squared spike-time error for spike-pattern targets (the single-neuron and recurrent tasks of spikegd).
 * Target k asks one neuron for its n-th spike at a given time; if the neuron fired only K &lt; n spikes in the trial,
 * its (n - K)-th pseudospike stands in, so a missing spike still has a time that the gradient can pull into the
 * trial. {@code L = (1/M) Σ_k (t_k - t*_k)^2}, {@code dL/dt_k = 2 (t_k - t*_k) / M}.
 */
public final class SpikeTimeMse {
  private SpikeTimeMse() {}

  /**
   * The time used for a neuron's n-th spike (1-based): spike n if {@code n <= spikes.length}, else pseudospike
   * {@code n - spikes.length} (1-based) of {@code pseudospikes}.
   */
  public static double nthSpike(double[] spikes, double[] pseudospikes, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("spike index " + n + " must be >= 1");
    }
    if (n <= spikes.length) {
      return spikes[n - 1];
    }
    int p = n - spikes.length;
    if (p > pseudospikes.length) {
      throw new IllegalArgumentException("need pseudospike " + p + " but only " + pseudospikes.length
          + " were computed");
    }
    return pseudospikes[p - 1];
  }

  /** Returns the loss and writes dL/dt_k into {@code grad}. */
  public static double lossAndGradient(double[] times, double[] targets, double[] grad) {
    if (times.length != targets.length || times.length == 0) {
      throw new IllegalArgumentException("mse: " + times.length + " times vs " + targets.length + " targets");
    }
    double m = times.length;
    double loss = 0;
    for (int k = 0; k < times.length; k++) {
      double d = times[k] - targets[k];
      loss += d * d;
      grad[k] = 2 * d / m;
    }
    return loss / m;
  }
}
