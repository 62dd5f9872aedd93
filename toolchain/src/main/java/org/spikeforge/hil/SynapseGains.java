package org.spikeforge.hil;

/**
 * Measured per-synapse weight gains of a board ({@link SynapseGainCalibration}): the chip uses about
 * {@code gain * programmed} where {@code programmed} was written, so programming {@code target / gain} gives the
 * target.
 *
 * @param gains per config layer, row-major [size][fanIn]; 1 where a synapse could not be measured
 * @param unmeasured synapses whose test delivered nothing (left at gain 1)
 * @param trials board trials the measurement took
 */
public record SynapseGains(double[][] gains, int unmeasured, long trials) {

  /** The gain of entry {@code k} (row-major) of config layer {@code layer}. */
  public double gain(int layer, int k) {
    return gains[layer][k];
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
    double m = 0;
    for (double[] layer : gains) {
      for (double g : layer) {
        m = Math.max(m, Math.abs(g - 1));
      }
    }
    return m;
  }
}
