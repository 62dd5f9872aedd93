package org.spikeforge.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.spikeforge.io.AtomicFiles;
import org.spikeforge.plot.HistogramPlot;
import org.spikeforge.plot.PngFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;

/**
 * The outcome of one verification: accuracies of the float model and the emulator, how often they predict
 * the same class, per-layer first-spike timing ({@link LayerTiming}) and the samples whose outputs moved
 * most. Accuracies are fractions; time errors are in model time units (see {@link StepTimeMap}).
 *
 * @param network               network name
 * @param target                config target
 * @param dataset               dataset name
 * @param numSteps              steps run per sample
 * @param stepMap               how steps were turned into times
 * @param trialEnd              float trial end T
 * @param samples               all per-sample results, in sample order
 * @param layers                per-layer timing, in layer order
 * @param worst                 the samples that disagree most, worst first
 */
public record VerifyReport(String network, String target, String dataset, long numSteps, StepTimeMap stepMap,
    double trialEnd, List<SampleResult> samples, List<LayerTiming> layers, List<SampleResult> worst) {

  /** How emulator outputs become a class and steps become times; written into verify.json. */
  public static final String DECODING = "prediction = output neuron with the earliest time, ties to the lowest"
      + " index, on both sides. Time = first in-trial spike; a silent output gets the model's fallback: theta the"
      + " layer-wise pseudospike (emulator: computed from its phase counters at T and its integer weights), LIF"
      + " T + tau. Emulator step m maps to time (m + offset - 1/2) * dt, the middle of the step in which the"
      + " threshold was crossed (offset 0 for loihi2, 1 for xylo and theta; theta uses phase_step * Theta / P as"
      + " dt); steps with (m + offset - 1) * dt >= T are outside the trial.";

  public VerifyReport {
    samples = List.copyOf(samples);
    layers = List.copyOf(layers);
    worst = List.copyOf(worst);
  }

  /** Aggregates per-sample results; {@code worstCount} samples are listed as the worst. */
  static VerifyReport of(Network net, HardwareConfig cfg, String dataset, StepTimeMap map, SampleResult[] results,
      int worstCount) {
    int layerCount = cfg.getLayersCount();
    List<LayerTiming> layers = new ArrayList<>();
    for (int l = 0; l < layerCount; l++) {
      int count = 0;
      long floatOnly = 0;
      long emuOnly = 0;
      for (SampleResult r : results) {
        for (double d : r.timeDiffs()[l]) {
          if (!Double.isNaN(d)) {
            count++;
          }
        }
        floatOnly += r.floatOnly()[l];
        emuOnly += r.emulatorOnly()[l];
      }
      double[] diffs = new double[count];
      int k = 0;
      for (SampleResult r : results) {
        for (double d : r.timeDiffs()[l]) {
          if (!Double.isNaN(d)) {
            diffs[k++] = d;
          }
        }
      }
      layers.add(LayerTiming.of(cfg.getLayers(l).getName(), diffs, floatOnly, emuOnly));
    }
    double trialEnd = net.getTrialEnd();
    Comparator<SampleResult> byBadness = Comparator
        .comparing((SampleResult r) -> r.agree() ? 1 : 0)
        .thenComparing(r -> -r.outputDistance())
        .thenComparingInt(SampleResult::index);
    List<SampleResult> worst = Arrays.stream(results).sorted(byBadness).limit(Math.max(0, worstCount)).toList();
    return new VerifyReport(net.getName(), cfg.getTarget(), dataset, cfg.getNumSteps(), map, trialEnd,
        Arrays.asList(results), layers, worst);
  }

  public double floatAccuracy() {
    return fraction(r -> r.floatPrediction() == r.label());
  }

  public double emulatorAccuracy() {
    return fraction(r -> r.emulatorPrediction() == r.label());
  }

  public double predictionAgreement() {
    return fraction(SampleResult::agree);
  }

  /** Samples on which the emulator's output layer never spiked. */
  public long emulatorSilentSamples() {
    return samples.stream().filter(SampleResult::emulatorOutputLayerSilent).count();
  }

  /** Median |t_emulator - t_float| over every matched first spike of every layer. */
  public double medianSpikeTimeError() {
    int n = 0;
    for (LayerTiming t : layers) {
      n += t.differences().length;
    }
    double[] all = new double[n];
    int k = 0;
    for (LayerTiming t : layers) {
      for (double d : t.differences()) {
        all[k++] = Math.abs(d);
      }
    }
    Arrays.sort(all);
    return LayerTiming.median(all);
  }

  private double fraction(java.util.function.Predicate<SampleResult> p) {
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    return (double) samples.stream().filter(p).count() / samples.size();
  }

  /** verify.json content: the required keys first, then details. NaN becomes null. */
  public String toJson(String histogramFile) {
    ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = om.createObjectNode();
    put(root, "float_accuracy", floatAccuracy());
    put(root, "emulator_accuracy", emulatorAccuracy());
    put(root, "accuracy_difference", emulatorAccuracy() - floatAccuracy());
    put(root, "prediction_agreement", predictionAgreement());
    put(root, "median_spike_time_error", medianSpikeTimeError());
    put(root, "median_spike_time_error_steps", medianSpikeTimeError() / stepMap.dt());
    root.put("samples", samples.size());
    root.put("emulator_silent_samples", emulatorSilentSamples());
    root.put("network", network);
    root.put("target", target);
    root.put("dataset", dataset);
    root.put("num_steps", numSteps);
    put(root, "dt", stepMap.dt());
    root.put("step_time_offset", stepMap.offset());
    put(root, "trial_end", trialEnd);
    root.put("decoding", DECODING);
    if (histogramFile != null) {
      root.put("spike_time_histogram", histogramFile);
    }
    ArrayNode ls = root.putArray("layers");
    for (LayerTiming t : layers) {
      ObjectNode o = ls.addObject();
      o.put("layer", t.layer());
      o.put("matched_first_spikes", t.matched());
      o.put("float_only", t.floatOnly());
      o.put("emulator_only", t.emulatorOnly());
      put(o, "median_abs_error", t.medianAbsError());
      put(o, "mean_error", t.meanError());
      put(o, "p90_abs_error", t.p90AbsError());
      put(o, "max_abs_error", t.maxAbsError());
    }
    ArrayNode ws = root.putArray("worst_samples");
    for (SampleResult r : worst) {
      ObjectNode o = ws.addObject();
      o.put("index", r.index());
      o.put("label", r.label());
      o.put("float_prediction", r.floatPrediction());
      o.put("emulator_prediction", r.emulatorPrediction());
      put(o, "output_distance", r.outputDistance());
      times(o.putArray("float_output_times"), r.floatOutputTimes());
      flags(o.putArray("float_output_silent"), r.floatOutputSilent());
      times(o.putArray("emulator_output_times"), r.emulatorOutputTimes());
      flags(o.putArray("emulator_output_silent"), r.emulatorOutputSilent());
    }
    try {
      return om.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code dir/verify.json} and the histogram PNG {@code dir/spike_time_error.png}, atomically. */
  public void write(Path dir) {
    Path png = dir.resolve("spike_time_error.png");
    writeHistogram(png);
    AtomicFiles.write(dir.resolve("verify.json"), toJson(png.getFileName().toString()).getBytes(StandardCharsets.UTF_8));
  }

  /** One histogram panel per layer of emulator minus float first-spike time. */
  public void writeHistogram(Path png) {
    List<XYChart> charts = new ArrayList<>();
    for (LayerTiming t : layers) {
      String title = String.format(Locale.ROOT, "%s (%s): t_emulator - t_float, %d spikes, median |err| %.4g",
          t.layer(), target, t.matched(), t.medianAbsError());
      charts.add(HistogramPlot.chart(title, "first-spike time difference (model time; dt = "
          + String.format(Locale.ROOT, "%.4g", stepMap.dt()) + ")", t.differences(), 60));
    }
    PngFiles.writeGrid(png, charts, Math.min(2, charts.size()));
  }

  /** A few lines for the terminal. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "verify %s on %s (%s, %d samples): float accuracy %.2f%%, emulator accuracy"
        + " %.2f%% (difference %+.2f points), prediction agreement %.2f%%, median |spike time error| %.4g"
        + " (%.3g steps)%n", network, target, dataset, samples.size(), 100 * floatAccuracy(), 100 * emulatorAccuracy(),
        100 * (emulatorAccuracy() - floatAccuracy()), 100 * predictionAgreement(), medianSpikeTimeError(),
        medianSpikeTimeError() / stepMap.dt()));
    for (LayerTiming t : layers) {
      sb.append(String.format(Locale.ROOT, "  %s: %d matched first spikes, %d float-only, %d emulator-only, median"
          + " |err| %.4g, mean err %+.4g, p90 |err| %.4g%n", t.layer(), t.matched(), t.floatOnly(), t.emulatorOnly(),
          t.medianAbsError(), t.meanError(), t.p90AbsError()));
    }
    return sb.toString();
  }

  private static void times(ArrayNode a, double[] v) {
    for (double x : v) {
      if (Double.isFinite(x)) {
        a.add(x);
      } else {
        a.addNull();
      }
    }
  }

  private static void flags(ArrayNode a, boolean[] v) {
    for (boolean b : v) {
      a.add(b);
    }
  }

  private static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
