package org.spikeforge.cli.demo;

/** What a {@link DemoStage} reports: whether its check passed and a one-line summary. */
public record StageOutcome(boolean passed, String summary) {
  public static StageOutcome passed(String summary) {
    return new StageOutcome(true, summary);
  }

  public static StageOutcome failed(String summary) {
    return new StageOutcome(false, summary);
  }
}
