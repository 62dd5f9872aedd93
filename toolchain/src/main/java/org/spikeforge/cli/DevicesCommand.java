package org.spikeforge.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spikeforge.hw.device.BoardInfo;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.Capabilities;
import org.spikeforge.hw.device.DeviceRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge devices}: lists the boards SpikeForge can see (the bundled reference board plus the libraries in
 * {@code SPIKEFORGE_BOARD_LIBS}, or the libraries given with {@code --library}), one line per board with its family
 * and limits; a library that cannot be used gets one line on stderr naming it and why (missing file, missing
 * symbol, wrong ABI version).
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
    description = "List the boards SpikeForge can see (reference board and SPIKEFORGE_BOARD_LIBS adapters).")
public final class DevicesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--library", paramLabel = "LIB",
      description = "board library to list instead of the defaults (refboard, a .so path or a name); repeatable")
  List<String> libraries;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DeviceRegistry registry = libraries == null || libraries.isEmpty() ? DeviceRegistry.fromEnvironment()
        : new DeviceRegistry(new ArrayList<>(libraries));
    DeviceRegistry.Listing listing = registry.enumerate();
    for (BoardInfo b : listing.boards()) {
      Capabilities c = b.capabilities();
      out.printf("%-28s family %-6s  neurons %d  inputs %d  outputs %d  fan-in %d  layers %d  steps/run %d%n",
          b.spec(), c.family(), c.maxNeurons(), c.maxInputs(), c.maxOutputs(), c.maxFanIn(), c.maxLayers(),
          c.maxRunSteps());
    }
    for (String p : listing.problems()) {
      err.println("spikeforge devices: " + p.replaceAll("\\s*\\R\\s*", " "));
    }
    out.flush();
    err.flush();
    if (listing.boards().isEmpty()) {
      err.println("spikeforge devices: no boards found (libraries tried: " + registry.librarySpecs() + "; the bundled"
          + " one is '" + BoardLibrary.REFBOARD + "')");
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    return listing.problems().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
  }
}
