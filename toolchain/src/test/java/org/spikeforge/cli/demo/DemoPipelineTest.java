package org.spikeforge.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/** The stage loop's rules (missed goal goes on, failure stops), the summary's rows, and trace comparison. */
class DemoPipelineTest {
  @TempDir Path dir;

  private record Step(String name, java.util.function.Supplier<StageOutcome> body) implements DemoStage {
    @Override
    public String description() {
      return "step " + name;
    }

    @Override
    public StageOutcome run(DemoContext context) {
      return body.get();
    }
  }

  @Test
  void aMissedGoalGoesOnAFailureStopsAndTheSummaryShowsEachStatus() throws Exception {
    int[] ran = new int[1];
    DemoPipeline pipeline = new DemoPipeline(List.of(
        new Step("a", () -> { ran[0]++; return StageOutcome.passed("fine").withFiles(dir.resolve("a.txt")); }),
        new Step("b", () -> { ran[0]++; return StageOutcome.goal(false, "accuracy 0.5 below 0.9"); }),
        new Step("c", () -> { ran[0]++; throw new IllegalStateException("no input\nsecond line"); }),
        new Step("d", () -> { ran[0]++; return StageOutcome.passed("never"); })));
    StringWriter out = new StringWriter();
    DemoContext context = new DemoContext(dir, new PrintWriter(out), new PrintWriter(new StringWriter()), 3, true);
    List<StageResult> results = pipeline.run(context);

    assertEquals(3, ran[0]);
    assertEquals(List.of("ok", "MISSED", "FAILED", "skipped"), results.stream().map(StageResult::status).toList());
    assertEquals("IllegalStateException: no input second line (stack trace in " + dir.resolve("c.error.txt") + ")",
        results.get(2).outcome().summary());
    assertTrue(Files.readString(dir.resolve("c.error.txt")).contains("at org.spikeforge.cli.demo"));
    assertNull(results.get(3).outcome());

    DemoSummary summary = new DemoSummary(results, 1.5, dir, true, 3);
    assertFalse(summary.passed());
    List<String> lines = summary.text().lines().toList();
    assertEquals("=== SpikeForge demo summary (quick, seed 3): 1/4 stages ok in 1.5 s ===", lines.get(0));
    assertTrue(lines.get(1).matches("a  ok +\\d+\\.\\d s  fine"), lines.get(1));
    assertEquals("-> a.txt", lines.get(2).strip());
    assertTrue(lines.get(3).matches("b  MISSED +\\d+\\.\\d s  accuracy 0.5 below 0.9"), lines.get(3));
    assertTrue(lines.get(4).startsWith("c  FAILED "), lines.get(4));
    assertEquals("d  skipped    0.0 s  not run (an earlier stage failed)", lines.get(5));
    assertTrue(summary.json().contains("\"status\" : \"MISSED\""), summary.json());
  }

  @Test
  void traceComparisonFindsTheFirstDifferingNeuron() {
    Trace reference = trace(List.of(3L, 9L), List.of(), List.of(5L));
    assertEquals(new TraceComparison(true, 3, null), TraceComparison.of(reference, trace(List.of(3L, 9L), List.of(), List.of(5L))));
    TraceComparison late = TraceComparison.of(reference, trace(List.of(3L, 10L), List.of(), List.of(5L)));
    assertFalse(late.identical());
    assertEquals("h[0] steps [3, 9] vs [3, 10]", late.firstDifference());
    TraceComparison extra = TraceComparison.of(reference, trace(List.of(3L, 9L), List.of(7L), List.of(5L)));
    assertEquals("h[1] steps [] vs [7]", extra.firstDifference());
    Trace renamed = reference.toBuilder().setPopulations(1, reference.getPopulations(1).toBuilder().setName("x")).build();
    assertEquals("population 'out' missing", TraceComparison.of(reference, renamed).firstDifference());
  }

  private static Trace trace(List<Long> h0, List<Long> h1, List<Long> out0) {
    return Trace.newBuilder()
        .addPopulations(PopulationTrace.newBuilder().setName("h")
            .addSpikes(SpikeTrain.newBuilder().addAllSteps(h0)).addSpikes(SpikeTrain.newBuilder().addAllSteps(h1)))
        .addPopulations(PopulationTrace.newBuilder().setName("out").addSpikes(SpikeTrain.newBuilder().addAllSteps(out0)))
        .build();
  }
}
