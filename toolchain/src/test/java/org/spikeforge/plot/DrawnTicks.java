package org.spikeforge.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.ArrayList;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * The tick values XChart really draws on a chart: the chart is painted off screen while its tick-label formatting
 * functions record every value they are asked to label. This reads the chart's own layout, not its pixels.
 */
final class DrawnTicks {
  private DrawnTicks() {}

  /**
   * The x tick values of the last layout pass, ascending. XChart tries finer tick steps first and widens them until
   * the labels fit, labelling each candidate's ticks in ascending order; a value not above the previous one starts
   * a new pass, so the last ascending run (within the axis bounds) is what is drawn.
   */
  static List<Double> x(XYChart chart) {
    Function<Double, String> old = chart.getStyler().getXAxisTickLabelsFormattingFunction();
    List<Double> pass = new ArrayList<>();
    chart.getStyler().setXAxisTickLabelsFormattingFunction(v -> {
      if (!pass.isEmpty() && v <= pass.get(pass.size() - 1)) {
        pass.clear();
      }
      pass.add(v);
      return old != null ? old.apply(v) : String.valueOf(v);
    });
    paint(chart);
    chart.getStyler().setXAxisTickLabelsFormattingFunction(old);
    // XChart also labels the candidate tick just outside each end and then drops it: keep what lies on the axis
    Double min = chart.getStyler().getXAxisMin();
    Double max = chart.getStyler().getXAxisMax();
    return pass.stream().filter(v -> (min == null || v >= min - 1e-9) && (max == null || v <= max + 1e-9)).toList();
  }

  private static void paint(XYChart chart) {
    BufferedImage image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      chart.paint(g, chart.getWidth(), chart.getHeight());
    } finally {
      g.dispose();
    }
  }

  /**
   * The step of evenly spaced ticks if it is 1, 2 or 5 times a power of ten and every tick is a multiple of it;
   * otherwise an assertion error naming the ticks.
   */
  static double assertRound(List<Double> ticks) {
    if (ticks.size() < 3) {
      throw new AssertionError("too few ticks to read a spacing: " + ticks);
    }
    double step = ticks.get(1) - ticks.get(0);
    for (int i = 1; i < ticks.size(); i++) {
      double d = ticks.get(i) - ticks.get(i - 1);
      if (Math.abs(d - step) > 1e-9 * Math.abs(step)) {
        throw new AssertionError("ticks not evenly spaced: " + ticks);
      }
    }
    double power = Math.pow(10, Math.floor(Math.log10(step) + 1e-12));
    double mantissa = step / power;
    boolean nice = Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9;
    if (!nice) {
      throw new AssertionError("tick step " + step + " is not 1, 2 or 5 x 10^k: " + ticks);
    }
    for (double t : ticks) {
      double k = t / step;
      if (Math.abs(k - Math.rint(k)) > 1e-9) {
        throw new AssertionError("tick " + t + " is not a multiple of the step " + step + ": " + ticks);
      }
    }
    return step;
  }
}
