package org.spikeforge.hil;

/**
 * Measured per-synapse weight gains and per-neuron threshold factors of a board ({@link SynapseGainCalibration}):
 * the chip uses about {@code gain * programmed} where {@code programmed} was written, and fires at {@code threshold}
 * times the nominal threshold, so programming {@code target / relativeGain} makes it act as an ideal chip holding
 * {@code target}.
 *
 * @param gains per config layer, row-major [size][fanIn]; 1 where a synapse could not be measured
 * @param thresholds per config layer and neuron; 1 where a neuron could not be measured
 * @param unmeasured synapses whose test delivered nothing (left at gain 1)
 * @param unmeasuredThresholds neurons that did not fire in the threshold test (left at 1)
 * @param trials board trials the measurement took
 */
public record SynapseGains(double[][] gains, double[][] thresholds, int unmeasured, int unmeasuredThresholds,
    long trials) {

  /** The gain of entry {@code k} (row-major) of config layer {@code layer}. */
  public double gain(int layer, int k) {
    return gains[layer][k];
  }

  /** The threshold factor of neuron {@code row} of config layer {@code layer}. */
  public double threshold(int layer, int row) {
    return thresholds[layer][row];
  }

  /** Gain over the threshold factor of the synapse's neuron: how much more the entry counts than on an ideal chip. */
  public double relativeGain(int layer, int k) {
    return gains[layer][k] / thresholds[layer][k / (gains[layer].length / thresholds[layer].length)];
  }

  /** Largest |threshold factor - 1| over all neurons. */
  public double largestThresholdDeviation() {
    return largestDeviationFromOne(thresholds);
  }

  /** Mean |gain - 1| over all synapses. */
  public double meanDeviation() {
    double s = 0;
    long n = 0;
    for (double[] layer : gains) {
      for (double g : layer) {
        s += Math.abs(g - 1);
        n++;
      }
    }
    return n == 0 ? 0 : s / n;
  }

  /** Largest |gain - 1| over all synapses. */
  public double largestDeviation() {
    return largestDeviationFromOne(gains);
  }

  private static double largestDeviationFromOne(double[][] factors) {
    double m = 0;
    for (double[] layer : factors) {
      for (double x : layer) {
        m = Math.max(m, Math.abs(x - 1));
      }
    }
    return m;
  }
}
