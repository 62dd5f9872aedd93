package org.spikeforge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The check every command that writes a directory makes before any work: a directory that already holds this
 * command's results (a finished or killed run) is refused unless {@code --overwrite} is given, so that no run is ever
 * replaced silently; a path that exists as a file is refused outright. The message names the file found, the flag
 * that overwrites and, for commands that can continue a run, the {@code --resume} option.
 */
final class OutputDirectory {
  private OutputDirectory() {}

  /**
   * @param spec the command (for the error, exit code 2)
   * @param option the option that named {@code dir}, e.g. {@code --out}
   * @param dir the output directory
   * @param overwrite whether {@code --overwrite} was given
   * @param resumeHint how to continue the run instead, e.g. {@code "--resume " + dir}, or null when the command
   *     cannot resume
   * @param outputs file names this command writes into {@code dir}; any one present means "holds a run"
   */
  static void claim(CommandSpec spec, String option, Path dir, boolean overwrite, String resumeHint,
      String... outputs) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), option + " " + dir + ": exists and is not a directory");
    }
    if (overwrite || !Files.isDirectory(dir)) {
      return;
    }
    for (String name : outputs) {
      if (Files.exists(dir.resolve(name))) {
        throw new ParameterException(spec.commandLine(), option + " " + dir + " already holds a run (" + name + "); "
            + (resumeHint != null ? "continue it with " + resumeHint + ", or " : "") + "pass --overwrite to replace"
            + " it, or choose another directory");
      }
    }
  }
}
