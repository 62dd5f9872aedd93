package org.spikeforge.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
      tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
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

  static String describe(IOException e) {
    String kind = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
  }
}
