package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.spikeforge.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spikeforge demo}: runs the stages of {@link DemoPipeline#standard()} end to end, then a summary. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the SpikeForge pipeline end to end and write every artifact to --out: simulate the worked example,",
      "check gradients, train a LIF net on Yin-Yang, compile it for loihi2 and xylo, verify both in the emulator,",
      "run them on the C reference board against the emulator, and fine-tune in the loop on a board with mismatch.",
      "Stages run in order; a stage that misses its goal is reported and the demo goes on, a stage that cannot",
      "produce its results stops the demo. A one-screen summary closes the run. Exit code 1 unless all passed."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR",
      description = "Directory for the demo's files (default: runs/demo-YYYYMMDD-HHMMSS).")
  Path out;

  @Option(names = "--overwrite", description = "Replace a demo run that --out already holds (without it such a"
      + " directory is refused).")
  boolean overwrite;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--only", paramLabel = "STAGE", split = ",", description = "Run only these stages (comma-separated).")
  List<String> only = List.of();

  @Option(names = "--quick", description = "Smallest settings for every stage (seconds instead of minutes).")
  boolean quick;

  @Option(names = "--list", description = "List the stages and exit.")
  boolean list;

  @Spec CommandSpec spec;

  /** The one-line refusal of a directory holding an earlier demo (its summary), before any stage runs. */
  private void refuseExistingRun(Path dir) {
    if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "--out " + dir + ": exists and is not a directory");
    }
    if (!overwrite && java.nio.file.Files.exists(dir.resolve("summary.json"))) {
      throw new ParameterException(spec.commandLine(), "--out " + dir + " already holds a run (summary.json); pass"
          + " --overwrite to replace it, or choose another directory");
    }
  }

  @Override
  public Integer call() {
    DemoPipeline pipeline;
    try {
      pipeline = DemoPipeline.standard().only(new LinkedHashSet<>(only));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (list) {
      for (DemoStage stage : pipeline.stages()) {
        spec.commandLine().getOut().println(stage.name() + ": " + stage.description());
      }
      return ExitCodes.OK;
    }
    Path dir = out != null ? out
        : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    refuseExistingRun(dir);
    DemoContext context = new DemoContext(dir, spec.commandLine().getOut(), spec.commandLine().getErr(), seed, quick);
    context.subdirectory(".");
    long start = System.nanoTime();
    List<StageResult> results = pipeline.run(context);
    DemoSummary summary = new DemoSummary(results, (System.nanoTime() - start) / 1e9, dir, quick, seed);
    summary.write();
    spec.commandLine().getOut().println();
    spec.commandLine().getOut().print(summary.text());
    long missed = results.stream().filter(r -> r.status().equals("MISSED")).count();
    boolean stopped = results.stream().anyMatch(r -> !r.ran());
    spec.commandLine().getOut().println(summary.passed()
        ? "demo: all " + results.size() + " stages passed; files in " + dir
        : stopped ? "demo: stopped at a failed stage; files so far in " + dir
        : "demo: " + missed + " stage(s) missed their goal; files in " + dir);
    spec.commandLine().getOut().flush();
    return summary.passed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
