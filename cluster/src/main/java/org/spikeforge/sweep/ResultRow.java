package org.spikeforge.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the results table: a trial's id, its position in the spec, its options (as text, which is what the
 * CSV keeps) and its result.
 *
 * @param index position of the trial in the spec's list
 * @param options {@code STAGE.KEY -> value as text}
 * @param result the trial's figures and files
 */
public record ResultRow(int index, Map<String, String> options, TrialResult result) {
  public ResultRow {
    options = new LinkedHashMap<>(options);
  }

  /** The row of a finished trial. */
  public static ResultRow of(Trial trial, TrialResult result) {
    Map<String, String> text = new LinkedHashMap<>();
    trial.options().forEach((k, v) -> text.put(k, String.valueOf(v)));
    return new ResultRow(trial.index(), text, result);
  }

  public String id() {
    return result.trialId();
  }
}
