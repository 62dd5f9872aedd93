package org.spikeforge.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.HeatMapSeries;

/**
 * Confusion matrices as heat maps with the count written in each cell: true class down the y axis (class 0 at the
 * top, as confusion matrices are read), predicted class along the x axis, every class labelled on both axes, and
 * zero counts white. Class names are category labels, not numbers: numeric axes let XChart skip every other label.
 */
public final class ConfusionMatrixPlot {
  private ConfusionMatrixPlot() {}

  /**
   * What the heat map draws. XChart puts y index 0 at the bottom, so the y categories are the class names
   * reversed and true class {@code t} sits at y index {@code n - 1 - t}.
   *
   * @param xLabels predicted classes, left to right
   * @param yLabels true classes in XChart's order, bottom to top
   * @param cells {x index, y index, count} per cell
   * @param scale the cell colours; 0 maps to its first stop
   */
  public record Layout(List<String> xLabels, List<String> yLabels, List<Number[]> cells, ColourScale scale) {
    /** The true classes from the top row down. */
    public List<String> rowsTopDown() {
      List<String> rows = new ArrayList<>(yLabels);
      java.util.Collections.reverse(rows);
      return rows;
    }

    /** The colour the cell (true class {@code t}, predicted {@code p}) is painted. */
    public Color cellColour(int t, int p) {
      int n = xLabels.size();
      for (Number[] c : cells) {
        if (c[0].intValue() == p && c[1].intValue() == n - 1 - t) {
          return scale.colour(c[2].doubleValue());
        }
      }
      throw new IllegalArgumentException("no cell (" + t + ", " + p + ")");
    }
  }

  /**
   * @param classNames one name per class
   * @param counts {@code counts[trueClass][predictedClass]}, square, one row per class
   */
  public static Layout layout(List<String> classNames, long[][] counts) {
    int n = classNames.size();
    if (counts.length != n || Arrays.stream(counts).anyMatch(row -> row.length != n)) {
      throw new IllegalArgumentException("confusion matrix must be " + n + " x " + n);
    }
    long max = 0;
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        cells.add(new Number[] {p, n - 1 - t, counts[t][p]});
        max = Math.max(max, counts[t][p]);
      }
    }
    List<String> reversed = new ArrayList<>(classNames);
    java.util.Collections.reverse(reversed);
    return new Layout(List.copyOf(classNames), List.copyOf(reversed), cells,
        new ColourScale(0, Math.max(1, max), ColourScale.BLUES));
  }

  /** Class names "0", "1", … for data sets whose classes have no names. */
  public static List<String> numberedClasses(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  /** The heat map of {@link #layout}. */
  public static HeatMapChart chart(String title, List<String> classNames, long[][] counts) {
    Layout layout = layout(classNames, counts);
    HeatMapChart chart = new HeatMapChartBuilder()
        .width(ChartStyle.HEIGHT + 120).height(ChartStyle.HEIGHT)
        .title(title).xAxisTitle("predicted").yAxisTitle("true").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBorderVisible(false);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern("#");
    chart.getStyler().setPiecewise(false);
    chart.getStyler().setRangeColors(layout.scale().stops().toArray(new Color[0]));
    chart.getStyler().setValueFontColor(Color.BLACK);
    chart.getStyler().setMin(layout.scale().min());
    chart.getStyler().setMax(layout.scale().max());
    HeatMapSeries series = chart.addSeries("counts", layout.xLabels(), layout.yLabels(), layout.cells());
    // XChart colours by the series' own min and max, taken from the data unless set: pin them to the scale.
    series.setMin(layout.scale().min());
    series.setMax(layout.scale().max());
    return chart;
  }

  /** Writes {@link #chart} as a PNG file. */
  public static void write(Path file, String title, List<String> classNames, long[][] counts) {
    PngFiles.write(file, chart(title, classNames, counts));
  }
}
