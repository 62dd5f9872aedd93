package org.spikeforge.cli.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.spikeforge.io.AtomicFiles;

/**
 * The ordered stages of {@code spikeforge demo} and the loop that runs them. The demo stops at the first stage
 * that fails to produce its results, since later stages build on them; the stages after it are reported as
 * skipped. A stage that only misses its goal (e.g. an accuracy) leaves usable results, and the demo goes on.
 */
public final class DemoPipeline {
  private final List<DemoStage> stages;

  public DemoPipeline(List<DemoStage> stages) {
    this.stages = List.copyOf(stages);
  }

  /**
   * The full demo, in order: the exact simulator and gradients on the worked example, then the hardware
   * pipeline on Yin-Yang (train a LIF net, compile it for loihi2 and xylo, verify both in the emulator, run the
   * loihi2 config on the reference board against the emulator, fine-tune in the loop on a board with mismatch).
   */
  public static DemoPipeline standard() {
    List<DemoStage> stages = new ArrayList<>();
    stages.add(new SimulateExampleStage());
    stages.add(new GradientCheckStage());
    stages.add(new TrainStage());
    stages.add(new CompileStage());
    stages.add(new VerifyStage());
    stages.add(new DeployStage());
    stages.add(new HilStage());
    return new DemoPipeline(stages);
  }

  public List<DemoStage> stages() {
    return stages;
  }

  /** The same pipeline restricted to the named stages (all of them when {@code only} is empty). */
  public DemoPipeline only(Set<String> only) {
    if (only.isEmpty()) {
      return this;
    }
    List<String> known = stages.stream().map(DemoStage::name).toList();
    for (String name : only) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown stage '" + name + "'; stages are " + String.join(", ", known));
      }
    }
    return new DemoPipeline(stages.stream().filter(s -> only.contains(s.name())).toList());
  }

  /**
   * Runs the stages in order until one fails to produce its results. A stage that throws counts as failed: its message becomes the
   * summary and its stack trace goes to {@code DIR/NAME.error.txt}.
   *
   * @return one result per stage, in order (skipped ones after a failure)
   */
  public List<StageResult> run(DemoContext context) {
    int n = stages.size();
    List<StageResult> results = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < n; i++) {
      DemoStage stage = stages.get(i);
      if (failed) {
        results.add(StageResult.skipped(stage));
        continue;
      }
      context.out().println("[" + (i + 1) + "/" + n + "] " + stage.name() + ": " + stage.description());
      context.out().flush();
      long start = System.nanoTime();
      StageOutcome outcome;
      try {
        outcome = stage.run(context);
      } catch (Exception | AssertionError e) {
        outcome = StageOutcome.failed(errorSummary(context, stage, e));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      context.out().println("      " + (outcome.passed() ? "ok: " : outcome.usable() ? "MISSED goal: " : "FAILED: ")
          + outcome.summary());
      context.out().flush();
      results.add(new StageResult(stage.name(), stage.description(), outcome, seconds));
      failed = !outcome.usable();
    }
    return results;
  }

  private static String errorSummary(DemoContext context, DemoStage stage, Throwable e) {
    String message = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    Path file = context.workDir().resolve(stage.name() + ".error.txt");
    try {
      AtomicFiles.write(file, trace.toString().getBytes(StandardCharsets.UTF_8));
      return message + " (stack trace in " + file + ")";
    } catch (RuntimeException writeFailed) {
      return message;
    }
  }
}
