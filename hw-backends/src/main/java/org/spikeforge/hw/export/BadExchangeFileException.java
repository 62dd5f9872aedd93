package org.spikeforge.hw.export;

import java.nio.file.Path;

/**
 * A file (or an in-memory model about to be written) that an exchange format cannot represent or
 * that is damaged. The message is one line: the file, the failing field and what was wrong, so a
 * user sees the cause without a stack trace.
 */
public final class BadExchangeFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /** A problem with {@code field} of {@code file} ({@code file} may be a description such as "config"). */
  public BadExchangeFileException(String file, String field, String problem) {
    super(file + ": field " + field + ": " + problem);
    this.field = field;
  }

  /** Same, keeping the low-level cause (e.g. a jhdf or protobuf exception) for debugging. */
  public BadExchangeFileException(String file, String field, String problem, Throwable cause) {
    super(file + ": field " + field + ": " + problem, cause);
    this.field = field;
  }

  public BadExchangeFileException(Path file, String field, String problem) {
    this(String.valueOf(file), field, problem);
  }

  public BadExchangeFileException(Path file, String field, String problem, Throwable cause) {
    this(String.valueOf(file), field, problem, cause);
  }

  /** The field (HDF5 path or proto field path) that failed. */
  public String field() {
    return field;
  }
}
