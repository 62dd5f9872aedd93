package org.spikeforge.train;

import org.spikeforge.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A complete spike-pattern learning run: task, learning loop, report.json, curves.png and the trained network. */
public final class SpikePatternRun {
  private SpikePatternRun() {}

  /** Validated settings; nulls in {@link #of} take the task's defaults. */
  public record Settings(String task, long seed, int trials, double lr, String optimizer, double clip) {
    public static Settings of(String task, long seed, Integer trials, Double lr, String optimizer, Double clip) {
      boolean single = "single-neuron".equals(task);
      if (!single && !"recurrent".equals(task)) {
        throw new ConfigException("task '" + task + "' is not single-neuron or recurrent");
      }
      String opt = optimizer != null ? optimizer : (single ? "sgd" : "adam");
      if (!opt.equals("sgd") && !opt.equals("adam")) {
        throw new ConfigException("optimizer '" + opt + "' is not sgd or adam");
      }
      int n = trials != null ? trials : (single ? 1000 : 2000);
      double rate = lr != null ? lr : (opt.equals("sgd") ? 1.0 : 0.01);
      double c = clip != null ? clip : 0.02;
      if (n < 1) {
        throw new ConfigException("trials " + n + " must be >= 1");
      }
      if (!(Double.isFinite(rate) && rate > 0)) {
        throw new ConfigException("lr " + rate + " must be finite and > 0");
      }
      if (!(Double.isFinite(c) && c >= 0)) {
        throw new ConfigException("clip " + c + " must be finite and >= 0");
      }
      return new Settings(task, seed, n, rate, opt, c);
    }
  }

  /** What report.json holds. */
  public record Report(String task, long seed, int trials, String optimizer, double lr, double clip,
      double initialLoss, double finalLoss, double[] initialTimes, double[] finalTimes, double[] targets,
      double trialEnd, double seconds, double[] lossHistory) {}

  public static Report run(Settings s, Path out) {
    SpikePatternTask task = s.task().equals("single-neuron") ? SpikePatternTask.singleNeuron(s.seed())
        : SpikePatternTask.recurrent(s.seed());
    SpikePatternTask.Learner learner = new SpikePatternTask.Learner(task, s.optimizer(), s.clip());
    long t0 = System.nanoTime();
    double[] losses = new double[s.trials() + 1];
    List<double[]> times = new ArrayList<>();
    SpikePatternTask.Step first = null;
    for (int i = 0; i < s.trials(); i++) {
      SpikePatternTask.Step st = learner.step(s.lr());
      if (first == null) {
        first = st;
      }
      losses[i] = st.loss();
      times.add(st.times());
    }
    SpikePatternTask.Step last = learner.evaluate();
    losses[s.trials()] = last.loss();
    times.add(last.times());
    double seconds = (System.nanoTime() - t0) * 1e-9;
    List<Double> flatTargets = new ArrayList<>();
    for (double[] t : task.targets()) {
      for (double v : t) {
        flatTargets.add(v);
      }
    }
    Report r = new Report(s.task(), s.seed(), s.trials(), s.optimizer(), s.lr(), s.clip(), first.loss(),
        last.loss(), first.times(), last.times(), flatTargets.stream().mapToDouble(Double::doubleValue).toArray(),
        task.network().trialEnd(), seconds, losses);
    try {
      Files.createDirectories(out);
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
          .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
      AtomicFiles.write(out.resolve("report.json"), mapper.writeValueAsBytes(r));
      XYChart chart = new XYChartBuilder().width(900).height(500).title(s.task() + ": spike times during learning")
          .xAxisTitle("trial").yAxisTitle("spike / pseudospike time").build();
      double[] x = new double[times.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = i;
      }
      for (int k = 0; k < r.targets().length; k++) {
        double[] y = new double[times.size()];
        double[] target = new double[times.size()];
        for (int i = 0; i < y.length; i++) {
          y[i] = times.get(i)[k];
          target[i] = r.targets()[k];
        }
        chart.addSeries("spike " + (k + 1), x, y).setMarker(SeriesMarkers.NONE);
        XYSeries ts = chart.addSeries("target " + (k + 1), x, target);
        ts.setMarker(SeriesMarkers.NONE);
      }
      double[] trialEnd = new double[x.length];
      java.util.Arrays.fill(trialEnd, r.trialEnd());
      chart.addSeries("T (pseudospikes above)", x, trialEnd).setMarker(SeriesMarkers.NONE);
      AtomicFiles.write(out.resolve("curves.png"),
          BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      TrainingRun.writeNetwork(task.trainedNetwork(), out.resolve("model.net.pb"));
    } catch (IOException e) {
      throw new UncheckedIOException(out + ": cannot write outputs (" + e.getMessage() + ")", e);
    }
    return r;
  }
}
