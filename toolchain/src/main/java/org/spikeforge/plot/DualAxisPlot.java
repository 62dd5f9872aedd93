package org.spikeforge.plot;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line plots with two y axes: curves of one unit (accuracy in percent) read on the left, curves of another
 * (loss) on a real axis at the right edge, each with its own round ticks. XChart draws every y-axis group on the
 * left unless told otherwise, which put a "right axis" curve beside the left axis; this class places group 1 on
 * the right. All axes get bounds rounded to a 1, 2 or 5 × 10^k step ({@link ChartStyle#niceBounds}): and a hidden
 * anchor series ({@link ChartStyle#anchorX}) stops XChart from ticking every n-th epoch (1, 17, 33, …).
 */
public final class DualAxisPlot {
  private DualAxisPlot() {}

  /** The chart; curves without any finite point are left out, and an axis without curves gets no title. */
  public static XYChart chart(String title, String xTitle, String leftTitle, String rightTitle, List<Curve> curves,
      int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height)
        .title(title).xAxisTitle(xTitle).yAxisTitle(leftTitle).build();
    List<Curve> drawable = curves.stream().filter(c -> !c.isEmpty()).toList();
    ChartStyle.apply(chart.getStyler(), drawable.size() > 1);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    // beside the plot, one entry per line: a horizontal legend under it runs off both edges with six curves
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    ChartStyle.AxisBounds xb = bounds(drawable, null, true);
    ChartStyle.anchorX(chart, xb.min(), xb.max());
    for (Curve c : drawable) {
      XYSeries s = chart.addSeries(c.name(), c.x(), c.y());
      s.setMarker(SeriesMarkers.NONE);
      s.setYAxisGroup(c.side().group());
    }
    chart.getStyler().setXAxisMin(xb.min()).setXAxisMax(xb.max()).setXAxisDecimalPattern(xb.pattern());
    if (allIntegers(drawable)) {
      // Epochs and trials: XChart may still put a tick half-way between two integers; leave those unlabelled.
      chart.getStyler().setXAxisTickLabelsFormattingFunction(v -> v == Math.rint(v) ? String.valueOf(Math.round(v)) : "");
    }
    for (Curve.Side side : Curve.Side.values()) {
      if (drawable.stream().noneMatch(c -> c.side() == side)) {
        continue;
      }
      ChartStyle.AxisBounds yb = bounds(drawable, side, false);
      chart.getStyler().setYAxisMin(side.group(), yb.min());
      chart.getStyler().setYAxisMax(side.group(), yb.max());
      chart.getStyler().putYAxisGroupDecimalPatternMap(side.group(), yb.pattern());
    }
    chart.setYAxisGroupTitle(Curve.Side.RIGHT.group(), rightTitle);
    chart.getStyler().setYAxisGroupPosition(Curve.Side.RIGHT.group(), Styler.YAxisPosition.Right);
    if (drawable.isEmpty()) {
      chart.addSeries("(no data)", new double[] {0, 1}, new double[] {0, 0}).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  private static boolean allIntegers(List<Curve> curves) {
    for (Curve c : curves) {
      for (double v : c.x()) {
        if (Double.isFinite(v) && v != Math.rint(v)) {
          return false;
        }
      }
    }
    return !curves.isEmpty();
  }

  /** Round bounds of x (all curves) or of y (the curves of one side). */
  static ChartStyle.AxisBounds bounds(List<Curve> curves, Curve.Side side, boolean x) {
    double[] r = ChartStyle.finiteRange(curves.stream().filter(c -> side == null || c.side() == side)
        .map(c -> x ? c.x() : c.y()).toList());
    return ChartStyle.niceBounds(r[0], r[1]);
  }
}
