package org.spikeforge.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikeforge.plot.PngFiles;

/**
 * One PNG per axis: the main figure ({@link TrialResult#MAIN_FIGURE}) of every finished trial against that axis's
 * value. A numeric axis is a scatter (every trial a point, so the spread over the other axes shows); a text axis is
 * a bar of the mean per value. Files are {@code DIR/plots/OPTION.png}.
 */
public final class AxisPlots {
  private AxisPlots() {}

  /** Writes the plots; returns the files written. */
  public static List<Path> write(Path dir, String title, List<String> axes, List<ResultRow> rows) {
    List<Path> files = new ArrayList<>();
    for (String axis : axes) {
      List<String> values = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (ResultRow r : rows) {
        double y = r.result().figure(TrialResult.MAIN_FIGURE);
        String v = r.options().get(axis);
        if (r.result().ok() && v != null && !Double.isNaN(y)) {
          values.add(v);
          ys.add(100 * y);
        }
      }
      if (values.isEmpty()) {
        continue;
      }
      Path file = dir.resolve("plots").resolve(axis + ".png");
      String yTitle = TrialResult.MAIN_FIGURE.replace('_', ' ') + " (%)";
      if (values.stream().allMatch(AxisPlots::numeric)) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title + ": " + axis).xAxisTitle(axis)
            .yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("trials", values.stream().mapToDouble(Double::parseDouble).toArray(),
            ys.stream().mapToDouble(Double::doubleValue).toArray()).setMarker(SeriesMarkers.CIRCLE);
        PngFiles.write(file, chart);
      } else {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
          double[] s = sums.computeIfAbsent(values.get(i), k -> new double[2]);
          s[0] += ys.get(i);
          s[1]++;
        }
        CategoryChart chart = new CategoryChartBuilder().width(640).height(420).title(title + ": " + axis
            + " (mean over trials)").xAxisTitle(axis).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("mean", new ArrayList<>(sums.keySet()),
            sums.values().stream().map(s -> (Number) (s[0] / s[1])).toList());
        PngFiles.write(file, chart);
      }
      files.add(file);
    }
    return files;
  }

  private static boolean numeric(String v) {
    try {
      Double.parseDouble(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
