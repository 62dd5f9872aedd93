package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link DemoStage} reports: whether its check passed, a one-line summary with the stage's key numbers,
 * and the main files it wrote (listed in the demo's final summary).
 */
public record StageOutcome(boolean passed, String summary, List<Path> files) {
  public StageOutcome {
    files = List.copyOf(files);
  }

  public static StageOutcome passed(String summary) {
    return new StageOutcome(true, summary, List.of());
  }

  public static StageOutcome failed(String summary) {
    return new StageOutcome(false, summary, List.of());
  }

  /** Passed when {@code ok}, failed otherwise. */
  public static StageOutcome of(boolean ok, String summary) {
    return new StageOutcome(ok, summary, List.of());
  }

  /** The same outcome with {@code more} appended to its files. */
  public StageOutcome withFiles(Path... more) {
    List<Path> all = new ArrayList<>(files);
    all.addAll(List.of(more));
    return new StageOutcome(passed, summary, all);
  }
}
