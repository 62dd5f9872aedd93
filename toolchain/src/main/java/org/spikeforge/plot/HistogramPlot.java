package org.spikeforge.plot;

import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Histograms of one set of values (weights, spike counts, quantisation errors) as a filled step
 * outline over equal-width bins. Non-finite values are counted in the title, not in the bins.
 */
public final class HistogramPlot {
  private HistogramPlot() {}

  /** Bin counts over {@code bins} equal bins spanning [min, max] of the finite values. */
  public static long[] counts(double[] values, int bins, double min, double max) {
    long[] counts = new long[bins];
    double width = (max - min) / bins;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        continue;
      }
      int b = width > 0 ? (int) ((v - min) / width) : 0;
      counts[Math.max(0, Math.min(bins - 1, b))]++;
    }
    return counts;
  }

  /** The histogram chart. */
  public static XYChart chart(String title, String xLabel, double[] values, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int skipped = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      } else {
        skipped++;
      }
    }
    if (min > max) {
      min = 0;
      max = 1;
    } else if (min == max) {
      min -= 0.5;
      max += 0.5;
    }
    long[] counts = counts(values, bins, min, max);
    double[] x = new double[bins + 1];
    double[] y = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      x[b] = min + (max - min) * b / bins;
      y[b] = counts[Math.min(b, bins - 1)];
    }
    String fullTitle = skipped > 0 ? title + " (" + skipped + " non-finite left out)" : title;
    XYChart chart = new XYChartBuilder()
        .width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title(fullTitle).xAxisTitle(xLabel).yAxisTitle("count").build();
    ChartStyle.apply(chart.getStyler(), false);
    chart.addSeries("count", x, y).setXYSeriesRenderStyle(XYSeriesRenderStyle.StepArea).setMarker(SeriesMarkers.NONE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("0.###");
    return chart;
  }

  /** Writes {@link #chart} as a PNG file. */
  public static void write(Path file, String title, String xLabel, double[] values, int bins) {
    PngFiles.write(file, chart(title, xLabel, values, bins));
  }
}
