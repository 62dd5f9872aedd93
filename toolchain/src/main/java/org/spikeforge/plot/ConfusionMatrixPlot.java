package org.spikeforge.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Confusion matrices as heat maps with the count written in each cell: true class down the
 * y axis, predicted class along the x axis.
 */
public final class ConfusionMatrixPlot {
  private ConfusionMatrixPlot() {}

  /**
   * @param classNames one name per class
   * @param counts {@code counts[trueClass][predictedClass]}, square, one row per class
   */
  public static HeatMapChart chart(String title, List<String> classNames, long[][] counts) {
    int n = classNames.size();
    if (counts.length != n || Arrays.stream(counts).anyMatch(row -> row.length != n)) {
      throw new IllegalArgumentException("confusion matrix must be " + n + " x " + n);
    }
    HeatMapChart chart = new HeatMapChartBuilder()
        .width(ChartStyle.HEIGHT + 120).height(ChartStyle.HEIGHT)
        .title(title).xAxisTitle("predicted").yAxisTitle("true").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBorderVisible(false);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern("#");
    chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
    chart.getStyler().setValueFontColor(Color.BLACK);
    long max = 0;
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        // Rows drawn top-down: class 0 at the top, as confusion matrices are usually read.
        cells.add(new Number[] {p, n - 1 - t, counts[t][p]});
        max = Math.max(max, counts[t][p]);
      }
    }
    List<String> reversed = new ArrayList<>(classNames);
    java.util.Collections.reverse(reversed);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(Math.max(1, max));
    chart.addSeries("counts", classNames, reversed, cells);
    return chart;
  }

  /** Writes {@link #chart} as a PNG file. */
  public static void write(Path file, String title, List<String> classNames, long[][] counts) {
    PngFiles.write(file, chart(title, classNames, counts));
  }
}
