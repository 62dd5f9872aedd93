package org.spikeforge.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers never see a half-written file: the content goes to a temporary file
 * in the same directory, which is then renamed over the target in one atomic step. Missing parent
 * directories are created.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes something to a stream; the stream is the temporary file. */
  @FunctionalInterface
  public interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Atomically replaces {@code file} with {@code content}. */
  public static void write(Path file, byte[] content) {
    write(file, out -> out.write(content));
  }

  /**
   * Atomically replaces {@code file} with whatever {@code writer} writes. On any failure the
   * target is left as it was and the temporary file is removed.
   *
   * @throws SpikeForgeIoException naming the file when it cannot be written
   */
  public static void write(Path file, StreamWriter writer) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = newTemporaryFile(dir, absolute.getFileName().toString());
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        writer.writeTo(out);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new SpikeForgeIoException(file, null, "cannot write: " + describe(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is what the user needs to see
        }
      }
    }
  }

  /**
   * A fresh empty file next to the target. Unlike {@code Files.createTempFile} (always 0600) it
   * gets the permissions that the umask gives any new file, which the renamed result keeps.
   */
  private static Path newTemporaryFile(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path candidate = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return candidate;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 16) {
          throw e;
        }
      }
    }
  }

  static String describe(IOException e) {
    String kind = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
  }
}
