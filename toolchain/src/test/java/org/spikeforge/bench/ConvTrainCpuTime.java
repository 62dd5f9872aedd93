package org.spikeforge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spikeforge.train.BatchEngine;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.SampleOrder;
import org.spikeforge.train.SpikingClassifier;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.train.TtfsClassifier;
import org.spikeforge.train.TtfsCrossEntropy;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * Thread CPU time of the trainer's own per-sample work (the training pass of {@code spikeforge train}: augmented
 * inputs, forward, loss, backward, chunk flush) on one thread, for a shared machine where wall time is noise. It
 * builds the data and the model exactly as {@code train} does from {@code key=value} arguments (the config keys,
 * e.g. {@code dataset=fashion-mnist model=lif arch=conv5x5x16,pool2,dense10}), optionally replaces the initial
 * parameters by those of a saved net ({@code net=DIR/model.net.pb}, e.g. one trained for a while, whose activity
 * differs from the initial one), and times batches over the first {@code samples=N} training samples (default
 * 400), best of the rounds that fit in {@code seconds=S} (default 20) of CPU time. No optimizer step is taken, so
 * every round sees the same parameters. {@code -DnoActivity=true} skips the activity report (for an engine build that
 * predates {@code TtfsWorkspace.inputGroups}); the {@code [digest]} line is a hash of the exact gradient bits, for
 * comparing two engine builds.
 */
public final class ConvTrainCpuTime {
  private ConvTrainCpuTime() {}

  public static void main(String[] args) {
    Map<String, Object> keys = new LinkedHashMap<>();
    int samples = 400;
    double seconds = 20;
    String net = null;
    for (String a : args) {
      int eq = a.indexOf('=');
      String k = a.substring(0, eq);
      String v = a.substring(eq + 1);
      switch (k) {
        case "samples" -> samples = Integer.parseInt(v);
        case "seconds" -> seconds = Double.parseDouble(v);
        case "net" -> net = v;
        default -> keys.put(k, typed(v));
      }
    }
    keys.putIfAbsent("threads", 1);
    TrainConfig c = TrainConfig.defaults().with(keys, "arguments");
    LoadedData data = LoadedData.load(c);
    run(c, data, ModelFactory.create(c, data), net, samples, seconds);
  }

  /** Per layer: spikes, input groups and neuron updates per sample (un-augmented inputs). */
  private static void activity(TtfsNetwork net, LoadedData data, int[] order, int n) {
    int layers = net.numLayers();
    long[] spikes = new long[layers + 1];
    long[] groups = new long[layers + 1];
    long[] updates = new long[layers + 1];
    TtfsWorkspace ws = net.newWorkspace();
    double[] in = new double[net.layerSize(0)];
    for (int k = 0; k < n; k++) {
      data.train().inputTimes(order[k], in);
      net.forward(in, ws);
      for (int l = 1; l <= layers; l++) {
        spikes[l] += ws.spikeCount(l);
        groups[l] += ws.inputGroups(l);
        updates[l] += ws.neuronUpdates(l);
      }
    }
    StringBuilder sb = new StringBuilder("[activity] per sample, by layer (spikes / input groups / neuron updates):");
    for (int l = 1; l <= layers; l++) {
      sb.append(String.format(" %d: %d / %d / %d;", l, spikes[l] / n, groups[l] / n, updates[l] / n));
    }
    System.out.println(sb);
  }

  /** A hash of the exact bits of {@code x}, to check that a faster engine computes the same numbers. */
  static long digest(double[] x) {
    long h = 1125899906842597L;
    for (double v : x) {
      h = 31 * h + Double.doubleToRawLongBits(v);
    }
    return h;
  }

  private static Object typed(String v) {
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      // not an int
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return v;
    }
  }

  private static <W> void run(TrainConfig c, LoadedData data, SpikingClassifier<W> model, String net, int samples,
      double seconds) {
    if (net != null) {
      double[] p = ModelFactory.fromNetwork(TrainingRun.readNetwork(Path.of(net))).params();
      System.arraycopy(p, 0, model.params(), 0, p.length);
    }
    int n = Math.min(samples, data.train().size());
    int[] order = SampleOrder.epoch(data.train().size(), c.seed(), 0);
    BatchEngine.Augmentation aug = new BatchEngine.Augmentation(c.seed(), 0);
    double[] grad = new double[model.params().length];
    if (model instanceof TtfsClassifier tc && !Boolean.getBoolean("noActivity")) {
      activity(tc.network(), data, order, n);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (BatchEngine<W> engine = new BatchEngine<>(model, TtfsCrossEntropy.of(c), 1, c.chunk())) {
      long start = mx.getCurrentThreadCpuTime();
      long best = Long.MAX_VALUE;
      long bestForward = Long.MAX_VALUE;
      BatchStats stats = null;
      int rounds = 0;
      while (mx.getCurrentThreadCpuTime() - start < seconds * 1e9 || rounds < 2) {
        long t0 = mx.getCurrentThreadCpuTime();
        stats = BatchStats.EMPTY;
        for (int from = 0; from < n; from += c.batch()) {
          stats = stats.plus(engine.run(data.train(), order, from, Math.min(n, from + c.batch()), aug, grad, null));
        }
        long t1 = mx.getCurrentThreadCpuTime();
        if (rounds == 0) {
          int bad = 0;
          for (double v : grad) {
            bad += Double.isFinite(v) ? 0 : 1;
          }
          System.out.printf("[digest] gradient of the last batch: %016x (%d non-finite entries), loss sum %s%n",
              digest(grad), bad, Double.toString(stats.meanLoss() * stats.count()));
        }
        engine.run(data.train(), order, 0, n, aug, null, null);
        long t2 = mx.getCurrentThreadCpuTime();
        rounds++;
        if (rounds > 1) { // the first round warms the JIT up
          best = Math.min(best, t1 - t0);
          bestForward = Math.min(bestForward, t2 - t1);
        }
      }
      System.out.printf("%s %s%s: training %.3f ms CPU per sample (%.1f samples/s per core), forward only %.3f ms;"
          + " best of %d rounds of %d samples; loss %.6g, spikes per neuron %.3f, silent %.1f%%%n", c.dataset(),
          c.arch().isEmpty() ? "hidden " + c.hidden() : c.arch(), net == null ? "" : " (" + net + ")",
          best / 1e6 / n, 1e9 * n / best, bestForward / 1e6 / n, rounds - 1, n, stats.meanLoss(),
          stats.spikesPerNeuron(), 100 * stats.silentFraction());
    }
  }
}
