package org.spikeforge.plot;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The common look of SpikeForge figures: white background, legend inside the plot, no border. */
final class ChartStyle {
  static final int WIDTH = 800;
  static final int HEIGHT = 560;

  private ChartStyle() {}

  /**
   * Axis bounds rounded outwards to a "nice" step (1, 2 or 5 times a power of ten, about five
   * steps over the data), and the tick-label pattern with just the decimals that step needs.
   * Explicit bounds alone do not stop XChart from ticking every n-th of equally spaced x values; see
   * {@link #anchorX}.
   */
  record AxisBounds(double min, double max, String pattern) {}

  static AxisBounds niceBounds(double min, double max) {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      return new AxisBounds(0, 1, "0.#");
    }
    if (max - min <= 0) {
      double pad = min == 0 ? 0.5 : Math.abs(min) * 0.1;
      min -= pad;
      max += pad;
    }
    double raw = (max - min) / 5;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double mantissa = raw / power;
    double step = (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
    double lo = Math.floor(min / step) * step;
    double hi = Math.ceil(max / step) * step;
    double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
    String pattern;
    if (magnitude >= 1e5 || step < 1e-4) {
      pattern = "0.##E0";
    } else {
      int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
      pattern = decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }
    return new AxisBounds(lo, hi, pattern);
  }

  /** Smallest and largest finite value over all arrays, or {NaN, NaN} when there is none. */
  static double[] finiteRange(Iterable<double[]> arrays) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] a : arrays) {
      for (double v : a) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return min <= max ? new double[] {min, max} : new double[] {Double.NaN, Double.NaN};
  }

  /**
   * Makes XChart place round x ticks between {@code min} and {@code max}; call it before adding any other series.
   * XChart collects the x values of all series in insertion order and, when they are equally spaced (epochs 1, 2,
   * …, 300), ticks every n-th data point (1, 17, 33, …) whatever the axis bounds. A hidden first series at the two
   * bounds breaks that spacing, so its ordinary 1, 2, 5 × 10^k tick steps apply. It has no drawable point.
   */
  static void anchorX(XYChart chart, double min, double max) {
    XYSeries anchor = chart.addSeries(" ", new double[] {min, max}, new double[] {Double.NaN, Double.NaN});
    anchor.setMarker(SeriesMarkers.NONE);
    anchor.setShowInLegend(false);
    anchor.setLineColor(new Color(0, 0, 0, 0));
  }

  static void apply(AxesChartStyler styler, boolean legend) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setLegendVisible(legend);
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(12f));
  }
}
