package org.spikeforge.spark;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The runnable jar of the Spark module ({@code spikeforge-cluster-*-all.jar}): the commands that scale out on Apache
 * Spark, kept out of the core CLI jar so that it carries no Spark. {@code ./spikeforge sweep ...} lands here; so
 * does {@code spark-submit --class org.spikeforge.spark.SparkCli JAR sweep ...}.
 */
@Command(name = "spikeforge", mixinStandardHelpOptions = true, subcommands = {SweepCommand.class, SparkVerifyCommand.class,
    SparkTrainCommand.class},
    description = "SpikeForge on Apache Spark (local[*] embedded, or a standalone, YARN or Kubernetes cluster).")
public final class SparkCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured command line: one-line errors, exit 2 for bad input. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new SparkCli());
    cmd.setExecutionExceptionHandler((e, c, parsed) -> SweepCommand.handle(e, c.getCommandSpec(),
        parsed.asCommandLineList().stream().anyMatch(x -> x.getParseResult() != null
            && x.getParseResult().hasMatchedOption("--verbose"))));
    cmd.setParameterExceptionHandler((e, args) -> {
      CommandLine c = e.getCommandLine();
      String name = c.getCommandSpec().qualifiedName();
      c.getErr().println(name + ": " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ")
          + " (see '" + name + " --help')");
      c.getErr().flush();
      return 2;
    });
    return cmd;
  }

  /** Runs with the given writers (tests capture them) and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine();
    cmd.setOut(out);
    cmd.setErr(err);
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    System.exit(commandLine().execute(args));
  }
}
