package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.spikeforge.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spikeforge demo}: runs the stages of {@link DemoPipeline#standard()} end to end. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the SpikeForge pipeline end to end on built-in examples and write every artifact to --out.",
      "Stages run in order; the demo stops at the first failing stage."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo",
      description = "Directory for the demo's files (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--only", paramLabel = "STAGE", split = ",", description = "Run only these stages (comma-separated).")
  List<String> only = List.of();

  @Option(names = "--quick", description = "Smallest settings for every stage (seconds instead of minutes).")
  boolean quick;

  @Option(names = "--list", description = "List the stages and exit.")
  boolean list;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
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
    DemoContext context =
        new DemoContext(out, spec.commandLine().getOut(), spec.commandLine().getErr(), seed, quick);
    boolean passed = pipeline.run(context);
    spec.commandLine().getOut().println(passed
        ? "demo: all " + pipeline.stages().size() + " stages passed; files in " + out
        : "demo: stopped at a failed stage; files so far in " + out);
    return passed ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
