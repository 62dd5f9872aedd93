package org.spikeforge.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
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

  /**
   * The subcommands, in the order the usage lists them. They are not in the {@code @Command} annotation so that a
   * run can register only the one it executes: building picocli's model of every command (defaults, help texts, the
   * training configuration behind them) was most of the start-up of a short command such as {@code version}.
   */
  private static final List<Class<?>> SUBCOMMANDS = List.of(
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
      CommandLine.HelpCommand.class);

  /** A fully configured command line with every subcommand (error handlers, case-insensitive enums). */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS);
  }

  /**
   * The command line for {@code args}: when they name a subcommand (its name or an alias, after any leading
   * options), only that one is registered; otherwise (no subcommand, {@code help}, a typo) all are, so that usage
   * and "did you mean" see them.
   */
  public static CommandLine commandLine(String... args) {
    String first = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
    if (first != null && !first.equals("help")) {
      for (Class<?> c : SUBCOMMANDS) {
        Command a = c.getAnnotation(Command.class);
        if (a != null && (a.name().equals(first) || Arrays.asList(a.aliases()).contains(first))) {
          return commandLine(List.of(c));
        }
      }
    }
    return commandLine();
  }

  private static CommandLine commandLine(List<Class<?>> subcommands) {
    CommandLine cmd = new CommandLine(new SpikeForgeCli());
    for (Class<?> c : subcommands) {
      cmd.addSubcommand(c);
    }
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(new ErrorHandler());
    return cmd;
  }

  /** Runs with the given writers (tests capture them) and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine(args);
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
    System.exit(commandLine(args).execute(args));
  }
}
