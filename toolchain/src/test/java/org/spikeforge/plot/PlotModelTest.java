package org.spikeforge.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** What the figures draw, read from the chart model and the value records behind it (never from PNG pixels). */
class PlotModelTest {
  private static double[] range(int from, int to) {
    double[] x = new double[to - from + 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = from + i;
    }
    return x;
  }

  private static XYChart curves(int epochs) {
    double[] x = range(1, epochs);
    double[] acc = new double[epochs];
    double[] loss = new double[epochs];
    for (int i = 0; i < epochs; i++) {
      acc[i] = 90 - 50 * Math.exp(-i / 30.0);
      loss[i] = 0.1 + 2 * Math.exp(-i / 40.0);
    }
    return DualAxisPlot.chart("curves", "epoch", "accuracy (%)", "loss", List.of(
        new Curve("accuracy", x, acc, Curve.Side.LEFT), new Curve("loss (right axis)", x, loss, Curve.Side.RIGHT)),
        900, 560);
  }

  @Test
  void rightAxisCurveIsOnAnAxisAtTheRightEdge() {
    XYChart chart = curves(20);
    assertEquals(0, chart.getSeries("accuracy").getYAxisGroup());
    assertEquals(1, chart.getSeries("loss (right axis)").getYAxisGroup());
    assertEquals(Styler.YAxisPosition.Right, chart.getStyler().getYAxisGroupPosistion(1));
    assertEquals("loss", chart.getYAxisGroupTitle(1));
    // each axis its own round bounds: loss 0.1 + 2 exp(-19/40) = 1.343 .. 2.1, step 0.2 -> [1.2, 2.2];
    // accuracy 40 .. 90 - 50 exp(-19/30) = 63.45, step 5 -> [40, 65]
    assertEquals(1.2, chart.getStyler().getYAxisMin(1), 1e-12);
    assertEquals(2.2, chart.getStyler().getYAxisMax(1), 1e-12);
    assertEquals(40.0, chart.getStyler().getYAxisMin(0));
    assertEquals(65.0, chart.getStyler().getYAxisMax(0));
  }

  @Test
  void threeHundredEpochsGetRoundTicks() {
    // XChart ticks equally spaced x values at every n-th point (1, 17, 33, ...) unless the axis has round bounds
    List<Double> ticks = DrawnTicks.x(curves(300));
    double step = DrawnTicks.assertRound(ticks);
    assertTrue(step >= 20 && step <= 100, "step " + step + ", ticks " + ticks);
    assertEquals(0.0, ticks.get(0));
    assertEquals(300.0, ticks.get(ticks.size() - 1));
  }

  @Test
  void linePlotOfAnEquallySpacedSweepGetsRoundTicks() {
    double[] w = range(3, 297);
    XYChart chart = LinePlot.chart("sweep", "w", "t", List.of(new XySeries("t", w, w.clone())));
    double step = DrawnTicks.assertRound(DrawnTicks.x(chart));
    assertTrue(step >= 20 && step <= 100, "step " + step);
  }

  @Test
  void fewEpochsAreLabelledByWholeNumbersOnly() {
    XYChart chart = curves(3);
    for (double t : DrawnTicks.x(chart)) {
      String label = chart.getStyler().getXAxisTickLabelsFormattingFunction().apply(t);
      assertEquals(t == Math.rint(t) ? String.valueOf((long) t) : "", label, "tick " + t);
    }
  }

  @Test
  void confusionMatrixLabelsEveryClassTopDownAndLeavesZeroWhite() {
    int n = 10;
    long[][] counts = new long[n][n];
    for (int t = 0; t < n; t++) {
      counts[t][t] = 90 + t;
      counts[t][(t + 3) % n] = 5;
    }
    List<String> names = ConfusionMatrixPlot.numberedClasses(n);
    ConfusionMatrixPlot.Layout layout = ConfusionMatrixPlot.layout(names, counts);
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), layout.xLabels());
    assertEquals(layout.xLabels(), layout.rowsTopDown(), "true class 0 in the top row");
    assertEquals(Color.WHITE, layout.cellColour(0, 1), "a zero cell is white");
    assertEquals(new Color(0x3182bd), layout.cellColour(9, 9), "the largest count gets the darkest stop");

    HeatMapChart chart = ConfusionMatrixPlot.chart("c", names, counts);
    HeatMapSeries s = chart.getHeatMapSeries();
    // every class a category label (numeric axes let XChart skip every other one); y index 0 is drawn at the bottom
    assertEquals(names, new ArrayList<>(s.getXData()));
    List<String> bottomUp = new ArrayList<>(names);
    java.util.Collections.reverse(bottomUp);
    assertEquals(bottomUp, new ArrayList<>(s.getYData()));
    for (Number[] cell : s.getHeatData()) {
      int p = cell[0].intValue();
      int t = n - 1 - cell[1].intValue();
      assertEquals(counts[t][p], cell[2].longValue(), "cell true " + t + " predicted " + p);
    }
    // XChart paints values <= the series minimum with the first range colour
    assertEquals(0.0, s.getMin());
    assertEquals(99.0, s.getMax());
    assertEquals(Color.WHITE, chart.getStyler().getRangeColors()[0]);
  }

  @Test
  void colourScaleInterpolatesBetweenStopsByHand() {
    ColourScale scale = new ColourScale(0, 10, List.of(Color.WHITE, new Color(0, 100, 200)));
    assertEquals(Color.WHITE, scale.colour(0));
    assertEquals(Color.WHITE, scale.colour(-3));
    assertEquals(new Color(128, 178, 228), scale.colour(5)); // 255 + (0-255)/2 = 127.5 -> 128, 177.5 -> 178
    assertEquals(new Color(0, 100, 200), scale.colour(10));
  }

  @Test
  void outliersNoLongerSqueezeTheBulkIntoTwoBins() {
    SplittableRandom rng = new SplittableRandom(7);
    double[] v = new double[1005];
    for (int i = 0; i < 1000; i++) {
      v[i] = 0.01 * rng.nextGaussian(); // spike time errors of a few hundredths
    }
    for (int i = 1000; i < 1005; i++) {
      v[i] = 5 + i; // five far outliers, 500 spreads away
    }
    Bins b = Bins.robust(v, 60);
    assertEquals(5, b.above());
    assertEquals(0, b.below());
    assertEquals(5, b.clipped());
    long total = java.util.Arrays.stream(b.counts()).sum();
    assertEquals(1000, total);
    long biggest = java.util.Arrays.stream(b.counts()).max().orElseThrow();
    assertTrue(biggest < 0.25 * total, "largest bin holds " + biggest);
    long occupied = java.util.Arrays.stream(b.counts()).filter(c -> c > 0).count();
    assertTrue(occupied >= 10, occupied + " occupied bins of " + b.counts().length);
    assertTrue(HistogramPlot.title("err", b).contains("5 outside ["), HistogramPlot.title("err", b));
  }

  @Test
  void gaussianWithoutOutliersLosesNothing() {
    SplittableRandom rng = new SplittableRandom(11);
    double[] v = new double[2000];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    Bins b = Bins.robust(v, 60);
    assertEquals(0, b.clipped());
    // Freedman-Diaconis: IQR ~ 1.35, width 2*1.35/2000^(1/3) ~ 0.213; range ~ 7 -> ~ 33 bins
    assertTrue(b.counts().length >= 25 && b.counts().length <= 45, b.counts().length + " bins");
    assertEquals("err", HistogramPlot.title("err", b));
  }

  @Test
  void binsByHand() {
    // 0..99 and one value at 10000: p1 = sorted[1] = 1, p99 = sorted[99] = 99, spread 98, fences -97 and 197:
    // the outlier is clipped and the range shrinks to the values inside, [0, 99].
    double[] v = new double[101];
    for (int i = 0; i < 100; i++) {
      v[i] = i;
    }
    v[100] = 10000;
    Bins b = Bins.robust(v, 60);
    assertEquals(0.0, b.lo());
    assertEquals(99.0, b.hi());
    assertEquals(1, b.above());
    // IQR of 0..99 = 74.25 - 24.75 = 49.5; FD width 99 / 100^(1/3) = 21.33; ceil(99 / 21.33) = 5 bins of 19.8
    assertEquals(5, b.counts().length);
    assertEquals(List.of(20L, 20L, 20L, 20L, 20L), java.util.Arrays.stream(b.counts()).boxed().toList());
    assertEquals(1, Bins.fixed(new double[] {Double.NaN, 1}, 2, 0, 2).nonFinite());
  }
}
