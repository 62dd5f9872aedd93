package org.spikeforge.train;

/** An invalid training configuration; the message is one line naming the key (and file) and the limit. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
