package org.spikeforge.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a message is stored, chosen by the file name's last extension: {@code .pb} is protobuf
 * binary, {@code .json} is protobuf's canonical JSON (JsonFormat). Anything else is refused, so a
 * typo never silently picks a format.
 */
public enum Encoding {
  BINARY(".pb"),
  JSON(".json");

  private final String extension;

  Encoding(String extension) {
    this.extension = extension;
  }

  /** The file extension including the dot. */
  public String extension() {
    return extension;
  }

  /** The encoding for {@code file}, or a one-line error naming the file and the allowed endings. */
  public static Encoding of(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    for (Encoding e : values()) {
      if (lower.endsWith(e.extension) && lower.length() > e.extension.length()) {
        return e;
      }
    }
    throw new SpikeForgeIoException(
        file, null, "unknown file extension; expected .pb (protobuf binary) or .json (protobuf JSON)");
  }
}
