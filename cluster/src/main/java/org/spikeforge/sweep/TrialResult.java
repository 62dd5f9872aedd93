package org.spikeforge.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one trial gave: its status, the figures of each stage and where its files are. A failed trial keeps the
 * one-line error of the stage that failed and the figures of the stages before it (NaN for the rest).
 *
 * @param trialId the trial's id
 * @param ok true when every stage ran
 * @param error the failure in one line ("" when ok)
 * @param figures {@link #FIGURES} -> value (NaN when not reached)
 * @param artifacts {@link #ARTIFACTS} -> path ("" when not written)
 */
public record TrialResult(String trialId, boolean ok, String error, Map<String, Double> figures,
    Map<String, String> artifacts) implements Serializable {

  /**
   * The figure columns. Accuracies are fractions: {@code float_accuracy} decodes silent outputs by pseudospike,
   * {@code float_accuracy_spikes} counts in-trial spikes only (as a chip), {@code emulator_accuracy} is the compiled
   * config in the cycle-accurate emulator, {@code agreement} the float/emulator prediction agreement; then the
   * resource table totals and the wall-clock seconds of each stage.
   */
  public static final List<String> FIGURES = List.of("float_accuracy", "float_accuracy_spikes", "emulator_accuracy",
      "verify_float_accuracy", "agreement", "neurons", "synapses", "cores", "steps", "energy_j", "train_s",
      "compile_s", "verify_s", "export_s", "total_s");
  /** The figures that depend on the options alone (everything but the times): equal in every run of a trial. */
  public static final List<String> DETERMINISTIC = FIGURES.stream().filter(f -> !f.endsWith("_s")).toList();
  /** The artifact columns: the trial's folder and its main files. */
  public static final List<String> ARTIFACTS = List.of("dir", "network", "config", "verify_report", "export");
  /** The figure a sweep ranks trials by and plots against each axis: the chip's (emulator's) accuracy. */
  public static final String MAIN_FIGURE = "emulator_accuracy";

  public TrialResult {
    figures = new LinkedHashMap<>(figures);
    artifacts = new LinkedHashMap<>(artifacts);
  }

  /** A figure, NaN when absent. */
  public double figure(String name) {
    return figures.getOrDefault(name, Double.NaN);
  }
}
