package org.spikeforge.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.spikeforge.io.SpikeForgeIoException;

/**
 * The one rule every reader fuzz test checks: reading an arbitrary file either succeeds or throws a
 * typed bad-input error whose message names the file, the error the CLI turns into one line and
 * exit code 2. Any other throwable (a NullPointerException, an ArrayIndexOutOfBoundsException, an
 * OutOfMemoryError, a bare IllegalArgumentException from deep inside) is a finding and fails the
 * test with the input's exception as the cause.
 */
final class FuzzContract {
  /** An accepted error type; {@code namesFile} whether its message must contain the file's path. */
  record Typed(Class<? extends RuntimeException> type, boolean namesFile) {}

  /** The error every SpikeForge proto reader throws. */
  static final Typed IO = new Typed(SpikeForgeIoException.class, true);

  private FuzzContract() {}

  /** A reader under test. */
  @FunctionalInterface
  interface Reader {
    void read() throws Exception;
  }

  /**
   * Runs {@code reader}; returns normally if it succeeded or threw one of {@code typed} (exactly
   * that class, so a subclass such as NumberFormatException does not pass for an
   * IllegalArgumentException), otherwise throws an AssertionError.
   */
  static void check(Path file, Reader reader, Typed... typed) {
    Throwable thrown =
        Assertions.assertTimeoutPreemptively(LIMIT, () -> {
          try {
            reader.read();
            return null;
          } catch (Throwable t) {
            return t;
          }
        }, () -> "reader of " + file.getFileName() + " took over " + LIMIT.toSeconds() + " s");
    if (thrown != null) {
      Throwable t = thrown;
      for (Typed ok : List.of(typed)) {
        if (t.getClass() == ok.type()) {
          String m = String.valueOf(t.getMessage());
          if (ok.namesFile() && !m.contains(file.toString())) {
            throw new AssertionError("typed error does not name " + file + ": " + m, t);
          }
          if (m.contains("\n") || m.contains("\r")) {
            throw new AssertionError("typed error is not one line: " + m, t);
          }
          return;
        }
      }
      throw new AssertionError("reader of " + file.getFileName() + " threw " + t, t);
    }
  }

  /** The longest a reader may take on one input (the contract's "no hang"). */
  static final Duration LIMIT = Duration.ofSeconds(5);

  /** Writes {@code bytes} as {@code dir/name} (replacing an earlier input) and returns the path. */
  static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
