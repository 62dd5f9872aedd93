package org.spikeforge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spikeforge figure KIND}: figures of the paper and of SpikeForge's own checks. */
@Command(
    name = "figure",
    mixinStandardHelpOptions = true,
    description = "Draw figures as PNG files.",
    subcommands = {SmoothnessFigureCommand.class})
public final class FigureCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a figure name: print the list of figures. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
