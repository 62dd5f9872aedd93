package org.spikeforge.data;

/** A dataset file or directory that cannot be used; the message is one line naming the file and the problem. */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
