package org.spikeforge.plot;

import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Histograms of one set of values (weights, spike counts, spike-time errors) as a filled step outline over equal
 * bins whose range and number {@link Bins#robust} chooses, so that outliers do not squeeze the bulk into a bin or
 * two. Values left out (outside the range, or not finite) are counted in the title, never dropped silently.
 */
public final class HistogramPlot {
  private HistogramPlot() {}

  /** Bin counts over {@code bins} equal bins spanning [min, max]; values outside and non-finite values are left out. */
  public static long[] counts(double[] values, int bins, double min, double max) {
    return Bins.fixed(values, bins, min, max).counts();
  }

  /** The title with what was left out, for example "weights (3 outside [-1, 2] left out)". */
  static String title(String title, Bins b) {
    StringBuilder notes = new StringBuilder();
    if (b.clipped() > 0) {
      notes.append(String.format(Locale.ROOT, "%d outside [%.4g, %.4g] left out", b.clipped(), b.lo(), b.hi()));
    }
    if (b.nonFinite() > 0) {
      notes.append(notes.length() > 0 ? ", " : "").append(b.nonFinite()).append(" non-finite left out");
    }
    return notes.length() > 0 ? title + " (" + notes + ")" : title;
  }

  /** The histogram chart, with at most {@code maxBins} bins. */
  public static XYChart chart(String title, String xLabel, double[] values, int maxBins) {
    return chart(title, xLabel, Bins.robust(values, maxBins));
  }

  /** The chart of given bins. */
  public static XYChart chart(String title, String xLabel, Bins b) {
    int bins = b.counts().length;
    double[] x = new double[bins + 1];
    double[] y = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      x[i] = b.lo() + (b.hi() - b.lo()) * i / bins;
      y[i] = b.counts()[Math.min(i, bins - 1)];
    }
    XYChart chart = new XYChartBuilder()
        .width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title(title(title, b)).xAxisTitle(xLabel).yAxisTitle("count").build();
    ChartStyle.apply(chart.getStyler(), false);
    chart.addSeries("count", x, y).setXYSeriesRenderStyle(XYSeriesRenderStyle.StepArea).setMarker(SeriesMarkers.NONE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisMin(b.lo()).setXAxisMax(b.hi());
    chart.getStyler().setXAxisDecimalPattern(ChartStyle.niceBounds(b.lo(), b.hi()).pattern());
    return chart;
  }

  /** Writes {@link #chart} as a PNG file. */
  public static void write(Path file, String title, String xLabel, double[] values, int maxBins) {
    PngFiles.write(file, chart(title, xLabel, values, maxBins));
  }
}
