package org.spikeforge.emulator;

/**
 * A hardware config, an input or a record request that the emulator refuses. The message is one line that
 * names the file (when known), the field with its index, the offending value and the limit, so that a user
 * can fix the input without reading a stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The same error with {@code origin} (a file name) in front, keeping the cause. */
  public ConfigException withOrigin(String origin) {
    return new ConfigException(origin + ": " + getMessage(), this);
  }
}
