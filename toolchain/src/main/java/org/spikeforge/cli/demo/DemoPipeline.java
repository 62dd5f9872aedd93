package org.spikeforge.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ordered stages of {@code spikeforge demo} and the loop that runs them. The demo stops at the
 * first stage that fails, since later stages build on earlier results.
 */
public final class DemoPipeline {
  private final List<DemoStage> stages;

  public DemoPipeline(List<DemoStage> stages) {
    this.stages = List.copyOf(stages);
  }

  /**
   * The full demo, in order. New stages (train Yin-Yang, compile, emulate, deploy, HIL) are
   * appended here.
   */
  public static DemoPipeline standard() {
    List<DemoStage> stages = new ArrayList<>();
    stages.add(new SimulateExampleStage());
    stages.add(new GradientCheckStage());
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

  /** Runs every stage in order and returns true when all passed. */
  public boolean run(DemoContext context) throws Exception {
    int n = stages.size();
    for (int i = 0; i < n; i++) {
      DemoStage stage = stages.get(i);
      context.out().println("[" + (i + 1) + "/" + n + "] " + stage.name() + ": " + stage.description());
      context.out().flush();
      StageOutcome outcome = stage.run(context);
      context.out().println("      " + (outcome.passed() ? "ok: " : "FAILED: ") + outcome.summary());
      context.out().flush();
      if (!outcome.passed()) {
        return false;
      }
    }
    return true;
  }
}
