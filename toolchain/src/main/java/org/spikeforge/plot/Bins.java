package org.spikeforge.plot;

import java.util.Arrays;

/**
 * The bins a {@link HistogramPlot} draws: {@code counts.length} equal bins over [lo, hi], plus how many finite values
 * lie outside that range (left out, and said so in the title) and how many were not finite.
 *
 * <p>{@link #robust} chooses the range so that a few outliers cannot squeeze the bulk of the values into one or two
 * bins: it keeps the central range between the 1st and 99th percentiles, widened by its own width on each side and
 * then shrunk to the values inside. A Gaussian sample loses nothing to that (the fences lie at about ±7 σ); a value
 * a hundred times the spread away is clipped. The bin width follows the Freedman–Diaconis rule, 2 IQR / n^(1/3), on the values
 * shown, between 5 and {@code maxBins} bins.
 */
public record Bins(double lo, double hi, long[] counts, long below, long above, long nonFinite) {
  /** Lowest number of bins {@link #robust} uses when the values spread at all. */
  public static final int MIN_BINS = 5;

  /** Width of one bin. */
  public double width() {
    return (hi - lo) / counts.length;
  }

  /** Finite values outside [lo, hi]. */
  public long clipped() {
    return below + above;
  }

  /** Counts of {@code bins} equal bins over [lo, hi]; the value {@code hi} goes into the last bin. */
  public static Bins fixed(double[] values, int bins, double lo, double hi) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    long[] counts = new long[bins];
    long below = 0;
    long above = 0;
    long nonFinite = 0;
    double width = (hi - lo) / bins;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        nonFinite++;
      } else if (v < lo) {
        below++;
      } else if (v > hi) {
        above++;
      } else {
        int b = width > 0 ? (int) ((v - lo) / width) : 0;
        counts[Math.min(bins - 1, b)]++;
      }
    }
    return new Bins(lo, hi, counts, below, above, nonFinite);
  }

  /** Range and bin count chosen from the values themselves (see the class comment), at most {@code maxBins} bins. */
  public static Bins robust(double[] values, int maxBins) {
    if (maxBins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + maxBins);
    }
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      return fixed(values, 1, 0, 1);
    }
    double min = v[0];
    double max = v[v.length - 1];
    if (min == max) {
      return fixed(values, 1, min - 0.5, max + 0.5);
    }
    double p1 = quantile(v, 0.01);
    double p99 = quantile(v, 0.99);
    double spread = p99 - p1;
    double[] shown = spread > 0
        ? Arrays.copyOfRange(v, lowerBound(v, p1 - spread), upperBound(v, p99 + spread)) : v;
    double lo = shown[0];
    double hi = shown[shown.length - 1];
    double iqr = quantile(shown, 0.75) - quantile(shown, 0.25);
    int bins;
    if (iqr > 0) {
      double fd = 2 * iqr / Math.cbrt(shown.length);
      bins = (int) Math.ceil((hi - lo) / fd);
    } else {
      bins = (int) Math.ceil(Math.sqrt(shown.length));
    }
    bins = Math.max(Math.min(MIN_BINS, maxBins), Math.min(maxBins, bins));
    return fixed(values, bins, lo, hi);
  }

  /** Linear-interpolated quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    if (i >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
  }

  private static int lowerBound(double[] sorted, double x) {
    int i = 0;
    while (i < sorted.length && sorted[i] < x) {
      i++;
    }
    return i;
  }

  private static int upperBound(double[] sorted, double x) {
    int i = sorted.length;
    while (i > 0 && sorted[i - 1] > x) {
      i--;
    }
    return i;
  }
}
