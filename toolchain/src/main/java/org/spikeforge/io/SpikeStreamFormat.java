package org.spikeforge.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Constants of the binary spike stream format (docs/FORMATS.md, "Spike streams"): inputs and traces as a small
 * header followed by one sparse record per step, so that {@code emulate} reads and writes runs of any length
 * in constant memory, at a few bytes per spike instead of the tens that JSON takes.
 */
public final class SpikeStreamFormat {
  /** The file extension that selects this format, as in {@code s.spikes.bin} and {@code t.trace.bin}. */
  public static final String EXTENSION = ".bin";
  /** The first four bytes of every stream. */
  static final byte[] MAGIC = "SFSS".getBytes(StandardCharsets.US_ASCII);
  /** The four bytes that open the trailer after the last step record. */
  static final byte[] END = "SFND".getBytes(StandardCharsets.US_ASCII);
  /** The one version this code reads and writes. */
  public static final int VERSION = 1;
  /** Most step records a file may declare (the emulator's own limit). */
  public static final long MAX_STEPS = Integer.MAX_VALUE - 8;
  /** Most groups, ids per group, probes and bytes per name. */
  public static final int MAX_GROUPS = 1024;
  public static final int MAX_GROUP_SIZE = 1 << 16;
  public static final int MAX_PROBES = 1 << 20;
  public static final int MAX_NAME_BYTES = 1024;

  private SpikeStreamFormat() {}

  /** Whether {@code file} names a spike stream (ends in {@code .bin}) rather than a proto file. */
  public static boolean isStream(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    return lower.endsWith(EXTENSION) && lower.length() > EXTENSION.length();
  }
}
