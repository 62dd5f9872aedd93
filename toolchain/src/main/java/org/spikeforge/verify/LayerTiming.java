package org.spikeforge.verify;

import java.util.Arrays;

/**
 * First-spike timing of one layer over all samples: emulator minus float time for every neuron that spiked
 * on both sides, and counts of first spikes seen on one side only.
 *
 * @param layer           config layer name
 * @param matched         neuron-samples with a first spike on both sides
 * @param floatOnly       neuron-samples with a float spike but no emulator spike
 * @param emulatorOnly    neuron-samples with an emulator spike but no float spike
 * @param medianAbsError  median |t_emulator - t_float| over matched pairs (NaN when none)
 * @param meanError       mean signed t_emulator - t_float (NaN when none)
 * @param p90AbsError     90th percentile of |t_emulator - t_float| (NaN when none)
 * @param maxAbsError     largest |t_emulator - t_float| (NaN when none)
 * @param differences     the signed differences in sample order (for the histogram)
 */
public record LayerTiming(String layer, long matched, long floatOnly, long emulatorOnly, double medianAbsError,
    double meanError, double p90AbsError, double maxAbsError, double[] differences) {

  /** Statistics of signed differences. */
  public static LayerTiming of(String layer, double[] differences, long floatOnly, long emulatorOnly) {
    int n = differences.length;
    if (n == 0) {
      return new LayerTiming(layer, 0, floatOnly, emulatorOnly, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          differences);
    }
    double[] abs = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      abs[i] = Math.abs(differences[i]);
      sum += differences[i];
    }
    Arrays.sort(abs);
    return new LayerTiming(layer, n, floatOnly, emulatorOnly, median(abs), sum / n, quantile(abs, 0.9), abs[n - 1],
        differences);
  }

  /** Median of sorted values (mean of the middle two for an even count). */
  static double median(double[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  /** q-quantile of sorted values with linear interpolation. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
