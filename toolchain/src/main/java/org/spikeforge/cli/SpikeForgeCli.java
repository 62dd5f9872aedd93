package org.spikeforge.cli;

/** Entry point of the {@code spikeforge} command; subcommands are wired with picocli. */
public final class SpikeForgeCli {
  private SpikeForgeCli() {}

  public static void main(String[] args) {
    System.err.println("spikeforge: not built yet");
    System.exit(2);
  }
}
