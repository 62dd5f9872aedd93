package org.spikeforge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --network NET} option of the commands that read a trained network (compile, verify). */
public final class NetworkFileOption {
  @Option(names = "--network", required = true, paramLabel = "NET", description = "trained network (.net.pb or .net.json)")
  Path network;

  /** The network file given on the command line. */
  public Path path() {
    return network;
  }
}
