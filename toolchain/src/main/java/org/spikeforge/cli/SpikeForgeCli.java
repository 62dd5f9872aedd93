package org.spikeforge.cli;

import java.io.PrintWriter;
import org.spikeforge.cli.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code spikeforge} command. Each subcommand is its own class; this class
 * only wires them and installs the error handling shared by all of them: bad input gives one
 * line on stderr and exit code {@value ExitCodes#BAD_INPUT}, never a stack trace unless
 * {@code --verbose} is given.
 */
@Command(
    name = "spikeforge",
    mixinStandardHelpOptions = true,
    versionProvider = SpikeForgeVersion.Provider.class,
    description = "Exact-gradient spiking networks: simulate, check gradients, draw figures, run the demo.",
    subcommands = {
      SimulateCommand.class,
      GradCheckCommand.class,
      FigureCommand.class,
      TrainCommand.class,
      TrainSpikesCommand.class,
      EvaluateCommand.class,
      DemoCommand.class,
      ValidateCommand.class,
      ConvertCommand.class,
      CompileCommand.class,
      EmulateCommand.class,
      EncodeCommand.class,
      VerifyCommand.class,
      DeployCommand.class,
      DevicesCommand.class,
      HilFinetuneCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a check failed (e.g. gradient error above tolerance) or an internal error",
      "2:bad input (unreadable or invalid file, bad option)"
    })
public final class SpikeForgeCli implements Runnable {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a subcommand: print the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A fully configured command line (error handlers, case-insensitive enums), for main and tests. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new SpikeForgeCli());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(new ErrorHandler());
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
