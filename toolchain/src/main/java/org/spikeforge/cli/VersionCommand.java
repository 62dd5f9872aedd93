package org.spikeforge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spikeforge version}: the build, the file-format version and the Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the SpikeForge version.")
public final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : SpikeForgeVersion.lines()) {
      spec.commandLine().getOut().println(line);
    }
    return ExitCodes.OK;
  }
}
