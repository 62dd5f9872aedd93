package org.spikeforge.cli.demo;

/**
 * How one stage of a demo run ended: its outcome (null when the stage was skipped because an earlier one failed)
 * and the wall-clock seconds it took.
 */
public record StageResult(String name, String description, StageOutcome outcome, double seconds) {
  /** A stage that did not run. */
  public static StageResult skipped(DemoStage stage) {
    return new StageResult(stage.name(), stage.description(), null, 0);
  }

  public boolean ran() {
    return outcome != null;
  }

  public boolean passed() {
    return outcome != null && outcome.passed();
  }

  /**
   * {@code ok}; {@code MISSED} (ran and left usable results, but missed its goal); {@code FAILED} (could not
   * produce its results); or {@code skipped} (not run because an earlier stage failed).
   */
  public String status() {
    if (outcome == null) {
      return "skipped";
    }
    return outcome.passed() ? "ok" : outcome.usable() ? "MISSED" : "FAILED";
  }
}
