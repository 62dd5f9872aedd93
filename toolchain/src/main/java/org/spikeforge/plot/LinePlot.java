package org.spikeforge.plot;

import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line plots of several series against a common kind of x, with gaps where y is NaN. This is the
 * figure type of the smoothness sweeps (spike time and its derivative against a weight).
 */
public final class LinePlot {
  private LinePlot() {}

  /** A chart with one line per non-empty series; series without any finite point are left out. */
  public static XYChart chart(String title, String xLabel, String yLabel, List<XySeries> series) {
    XYChart chart = new XYChartBuilder()
        .width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    List<XySeries> drawable = series.stream().filter(s -> !s.isEmpty()).toList();
    ChartStyle.apply(chart.getStyler(), drawable.size() > 1);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    double[] xs = ChartStyle.finiteRange(drawable.stream().map(XySeries::x).toList());
    ChartStyle.AxisBounds xb = ChartStyle.niceBounds(xs[0], xs[1]);
    ChartStyle.anchorX(chart, xb.min(), xb.max());
    for (XySeries s : drawable) {
      chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.NONE);
    }
    double[] ys = ChartStyle.finiteRange(drawable.stream().map(XySeries::y).toList());
    ChartStyle.AxisBounds yb = ChartStyle.niceBounds(ys[0], ys[1]);
    chart.getStyler().setXAxisMin(xb.min()).setXAxisMax(xb.max()).setXAxisDecimalPattern(xb.pattern());
    chart.getStyler().setYAxisMin(yb.min()).setYAxisMax(yb.max()).setYAxisDecimalPattern(yb.pattern());
    if (drawable.isEmpty()) {
      chart.addSeries("(no data)", new double[] {0, 1}, new double[] {0, 0}).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /** Writes {@link #chart} as a PNG file. */
  public static void write(Path file, String title, String xLabel, String yLabel, List<XySeries> series) {
    PngFiles.write(file, chart(title, xLabel, yLabel, series));
  }
}
