package org.spikeforge.train;

import org.spikeforge.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG figures of a training run (learning curves, a spike raster, a confusion matrix), written atomically. */
public final class TrainingPlots {
  private TrainingPlots() {}

  /**
   * Accuracy (train, validation; each also spikes-only, i.e. decoded as a chip does) and loss per epoch in one
   * image. Spikes-only series are drawn only when the history has them (old checkpoints do not).
   */
  public static void curves(List<EpochMetrics> history, Path file) {
    int n = history.size();
    double[] x = new double[n];
    double[] trainAcc = new double[n];
    double[] valAcc = new double[n];
    double[] trainChip = new double[n];
    double[] valChip = new double[n];
    boolean hasChip = false;
    double[] loss = new double[n];
    double[] silent = new double[n];
    boolean hasVal = false;
    for (int i = 0; i < n; i++) {
      EpochMetrics m = history.get(i);
      x[i] = m.epoch();
      trainAcc[i] = 100 * m.trainAccuracy();
      valAcc[i] = 100 * m.validationAccuracy();
      hasVal |= !Double.isNaN(m.validationAccuracy());
      trainChip[i] = 100 * m.trainAccuracySpikesOnly();
      valChip[i] = 100 * m.validationAccuracySpikesOnly();
      hasChip |= !Double.isNaN(m.trainAccuracySpikesOnly());
      loss[i] = m.trainLoss();
      silent[i] = 100 * m.silentFraction();
    }
    XYChart chart = new XYChartBuilder().width(900).height(500).title("Training curves")
        .xAxisTitle("epoch").yAxisTitle("accuracy / silent neurons (%)").build();
    chart.getStyler().setMarkerSize(3);
    chart.addSeries("train accuracy", x, trainAcc).setMarker(SeriesMarkers.NONE);
    if (hasVal) {
      chart.addSeries("validation accuracy", x, valAcc).setMarker(SeriesMarkers.NONE);
    }
    if (hasChip) {
      chart.addSeries("train accuracy, spikes only", x, trainChip).setMarker(SeriesMarkers.NONE);
      if (hasVal) {
        chart.addSeries("validation accuracy, spikes only", x, valChip).setMarker(SeriesMarkers.NONE);
      }
    }
    chart.addSeries("silent neuron-trials", x, silent).setMarker(SeriesMarkers.NONE);
    XYSeries l = chart.addSeries("train loss (right axis)", x, loss);
    l.setMarker(SeriesMarkers.NONE);
    l.setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, "loss");
    save(chart, file);
  }

  /** One sample's spikes: time on x, neuron on y, layers stacked (input at the bottom). */
  public static void raster(List<double[]> timesPerLayer, List<int[]> neuronsPerLayer, int[] layerSizes,
      double trialEnd, Path file) {
    XYChart chart = new XYChartBuilder().width(900).height(600).title("Spike raster (one test sample)")
        .xAxisTitle("time").yAxisTitle("neuron (layers stacked)").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(trialEnd);
    int offset = 0;
    for (int l = 0; l < layerSizes.length; l++) {
      double[] t = timesPerLayer.get(l);
      int[] nIdx = neuronsPerLayer.get(l);
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int s = 0; s < t.length; s++) {
        if (t[s] <= trialEnd) {
          xs.add(t[s]);
          ys.add((double) (offset + nIdx[s]));
        }
      }
      String name = l == 0 ? "input" : (l == layerSizes.length - 1 ? "output" : "hidden " + l);
      if (xs.isEmpty()) {
        xs.add(Double.NaN);
        ys.add(Double.NaN);
      }
      chart.addSeries(name + " (" + (t.length) + " spikes)", xs, ys);
      offset += layerSizes[l];
    }
    save(chart, file);
  }

  /** Confusion matrix counts[true][predicted] as a heat map. */
  public static void confusion(long[][] counts, Path file, String title) {
    int k = counts.length;
    List<Integer> axis = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      axis.add(i);
    }
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        cells.add(new Number[] {p, t, counts[t][p]});
      }
    }
    HeatMapChart chart = new HeatMapChartBuilder().width(700).height(600).title(title)
        .xAxisTitle("predicted").yAxisTitle("true").build();
    chart.getStyler().setShowValue(true);
    chart.addSeries("count", axis, axis, cells);
    save(chart, file);
  }

  private static void save(Chart<?, ?> chart, Path file) {
    try {
      AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot render PNG", e);
    }
  }
}
