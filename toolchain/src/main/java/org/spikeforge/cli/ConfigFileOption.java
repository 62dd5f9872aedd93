package org.spikeforge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config CFG} option of the commands that read a compiled config (verify, emulate). */
public final class ConfigFileOption {
  @Option(names = "--config", required = true, paramLabel = "CFG", description = "compiled config (.hwcfg.pb or .hwcfg.json)")
  Path config;

  /** The config file given on the command line. */
  public Path path() {
    return config;
  }
}
