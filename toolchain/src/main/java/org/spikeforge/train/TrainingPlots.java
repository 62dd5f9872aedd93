package org.spikeforge.train;

import org.spikeforge.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikeforge.plot.ConfusionMatrixPlot;
import org.spikeforge.plot.Curve;
import org.spikeforge.plot.DualAxisPlot;

/**
 * PNG figures of a training run (learning curves, a spike raster, a confusion matrix, the first layer's kernels),
 * written atomically.
 */
public final class TrainingPlots {
  /** File name of the first-layer kernel picture of a conv net. */
  public static final String KERNELS_FILE = "kernels.png";

  private TrainingPlots() {}

  /**
   * The kernels of {@code net}'s first projection, if it is a convolution from the input ({@link
   * org.spikeforge.plot.KernelGrid}); returns whether a picture was written (dense and pool-first nets have none).
   */
  public static boolean firstLayerKernels(org.spikeforge.proto.Network net, Path file) {
    if (net.getProjectionsCount() == 0 || !net.getProjections(0).hasConv2D() || !net.hasInputShape()
        || net.getPopulationsCount() == 0 || !net.getPopulations(0).hasShape()) {
      return false;
    }
    org.spikeforge.proto.Projection p = net.getProjections(0);
    int in = net.getInputShape().getChannels();
    int out = net.getPopulations(0).getShape().getChannels();
    double[] w = p.getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
    org.spikeforge.plot.KernelGrid.write(file, net.getName() + ": first-layer kernels " + p.getConv2D().getKernelH()
        + "x" + p.getConv2D().getKernelW(), w, out, in, p.getConv2D().getKernelH(), p.getConv2D().getKernelW());
    return true;
  }

  /**
   * Accuracy (train, validation; each also spikes-only, i.e. decoded as a chip does) and loss per epoch in one
   * image. Spikes-only series are drawn only when the history has them (old checkpoints do not).
   */
  public static void curves(List<EpochMetrics> history, Path file) {
    save(curvesChart(history), file);
  }

  /**
   * The chart of {@link #curves}: accuracies and silent fraction in percent on the left axis, the training loss on
   * a right axis of its own (its scale has nothing to do with percent).
   */
  public static XYChart curvesChart(List<EpochMetrics> history) {
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
    List<Curve> curves = new ArrayList<>();
    curves.add(new Curve("train accuracy", x, trainAcc, Curve.Side.LEFT));
    if (hasVal) {
      curves.add(new Curve("validation accuracy", x, valAcc, Curve.Side.LEFT));
    }
    if (hasChip) {
      curves.add(new Curve("train accuracy, spikes only", x, trainChip, Curve.Side.LEFT));
      if (hasVal) {
        curves.add(new Curve("validation accuracy, spikes only", x, valChip, Curve.Side.LEFT));
      }
    }
    curves.add(new Curve("silent neuron-trials", x, silent, Curve.Side.LEFT));
    curves.add(new Curve("train loss (right axis)", x, loss, Curve.Side.RIGHT));
    return DualAxisPlot.chart("Training curves", "epoch", "accuracy / silent neurons (%)", "train loss", curves,
        1150, 560);
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

  /** Confusion matrix counts[true][predicted] as a heat map (see {@link ConfusionMatrixPlot}). */
  public static void confusion(long[][] counts, Path file, String title) {
    save(ConfusionMatrixPlot.chart(title, ConfusionMatrixPlot.numberedClasses(counts.length), counts), file);
  }

  private static void save(Chart<?, ?> chart, Path file) {
    try {
      AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot render PNG", e);
    }
  }
}
