package org.spikeforge.cli;

import java.io.PrintWriter;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.sim.RunawaySimulationException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one line on stderr and an exit code: bad options and bad files exit with
 * {@link ExitCodes#BAD_INPUT}; anything else is an internal error ({@link ExitCodes#CHECK_FAILED}).
 * With {@code --verbose} the stack trace follows the line.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
    if (verbose(args)) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    int code;
    if (e instanceof SpikeForgeIoException io) {
      err.println(name + ": " + oneLine(io.getMessage()));
      if (verbose(parseResult) && io.allProblems().size() > 1) {
        io.allProblems().forEach(p -> err.println("  " + p));
      }
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof RunawaySimulationException runaway) {
      boolean canRaise = cmd.getCommandSpec().findOption("--max-events") != null;
      err.println(name + ": " + oneLine(runaway.getMessage())
          + (canRaise ? "; raise the limit with --max-events N" : ""));
      code = ExitCodes.BAD_INPUT;
    } else {
      err.println(name + ": internal error: " + oneLine(String.valueOf(e))
          + (verbose(parseResult) ? "" : " (run with --verbose for the stack trace)"));
      code = ExitCodes.CHECK_FAILED;
    }
    if (verbose(parseResult)) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static boolean verbose(ParseResult parseResult) {
    for (CommandLine c : parseResult.asCommandLineList()) {
      if (c.getParseResult() != null && c.getParseResult().hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static boolean verbose(String[] args) {
    for (String a : args) {
      if (a.equals("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
