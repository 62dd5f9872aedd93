package org.spikeforge.hw.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that readers see either the old or the complete new content, never a half. */
final class AtomicFiles {
  private AtomicFiles() {}

  /** A writer that fills a temporary file next to the target. */
  @FunctionalInterface
  interface TempWriter {
    void write(Path temp) throws IOException;
  }

  /** Runs {@code writer} on a temp file in {@code target}'s folder, then moves it over the target. */
  static void write(Path target, TempWriter writer) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      writer.write(temp);
      try {
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: keep the default permissions
      }
      try {
        Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": cannot write: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the original failure is what matters
        }
      }
    }
  }

  static void writeBytes(Path target, byte[] bytes) {
    write(target, temp -> Files.write(temp, bytes));
  }
}
