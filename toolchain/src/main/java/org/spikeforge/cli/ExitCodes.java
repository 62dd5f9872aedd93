package org.spikeforge.cli;

/** Exit codes shared by all subcommands (picocli's own usage errors also use 2). */
public final class ExitCodes {
  /** Everything worked and every check passed. */
  public static final int OK = 0;
  /** The command ran but a check it performs failed, or SpikeForge hit an internal error. */
  public static final int CHECK_FAILED = 1;
  /** The user's input was unusable: a bad option, a missing or invalid file. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
