package org.spikeforge.sweep;

/**
 * Bad input to a sweep: the spec file, one of its options or values, the master URL. The message is one line that
 * names the file and the field, ready for the command line's {@code spikeforge sweep: MESSAGE} (exit code 2).
 */
public final class SweepSpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SweepSpecException(String message) {
    super(message);
  }
}
