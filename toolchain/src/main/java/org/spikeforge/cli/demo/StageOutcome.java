package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link DemoStage} reports: whether its check passed, whether its results can still be used by the
 * stages after it (a stage that ran but missed a numeric goal, e.g. an accuracy, still leaves a valid network
 * behind), a one-line summary with the stage's key numbers, and the main files it wrote.
 */
public record StageOutcome(boolean passed, boolean usable, String summary, List<Path> files) {
  public StageOutcome {
    files = List.copyOf(files);
  }

  public static StageOutcome passed(String summary) {
    return new StageOutcome(true, true, summary, List.of());
  }

  /** The stage could not produce its results; the demo stops here. */
  public static StageOutcome failed(String summary) {
    return new StageOutcome(false, false, summary, List.of());
  }

  /** The stage produced its results; {@code met} tells whether they reach the stage's goal. */
  public static StageOutcome goal(boolean met, String summary) {
    return new StageOutcome(met, true, summary, List.of());
  }

  /** The same outcome with {@code more} appended to its files. */
  public StageOutcome withFiles(Path... more) {
    List<Path> all = new ArrayList<>(files);
    all.addAll(List.of(more));
    return new StageOutcome(passed, usable, summary, all);
  }
}
