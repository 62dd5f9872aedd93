package org.spikeforge.emulator.core;

import java.util.List;
import org.spikeforge.emulator.ConfigException;

/** Range and length checks that fail with a one-line {@link ConfigException} naming field, index and limit. */
public final class Check {
  private Check() {}

  /**
   * A user string for a one-line message: in double quotes, control characters escaped as {@code \\uXXXX},
   * cut after 40 characters.
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 40; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > 40 ? "...\"" : "\"").toString();
  }

  /** Fails unless {@code lo <= value <= hi}. */
  public static void range(String field, long value, long lo, long hi) {
    if (value < lo || value > hi) {
      throw new ConfigException(field + " = " + value + " is out of range [" + lo + ", " + hi + "]");
    }
  }

  /** Fails unless the list has exactly {@code expected} entries. */
  public static void length(String field, int actual, long expected, String why) {
    if (actual != expected) {
      throw new ConfigException(field + " has " + actual + " entries, expected " + expected + " (" + why + ")");
    }
  }

  /** Fails unless the list is empty or has exactly {@code expected} entries. */
  public static void lengthOrEmpty(String field, int actual, int expected) {
    if (actual != 0 && actual != expected) {
      throw new ConfigException(field + " has " + actual + " entries, expected 0 or " + expected + " (one per neuron)");
    }
  }

  /** Copies a per-neuron list (empty means {@code fill}) into an int array, checking every entry's range. */
  public static int[] perNeuron(String field, List<Integer> values, int size, int fill, long lo, long hi) {
    lengthOrEmpty(field, values.size(), size);
    int[] out = new int[size];
    if (values.isEmpty()) {
      java.util.Arrays.fill(out, fill);
      return out;
    }
    for (int i = 0; i < size; i++) {
      int v = values.get(i);
      range(field + "[" + i + "]", v, lo, hi);
      out[i] = v;
    }
    return out;
  }

  /** Copies a row-major [rows][cols] matrix, checking each entry's range, and returns it transposed [cols][rows]. */
  public static int[] transposed(String field, List<Integer> rowMajor, int rows, int cols, long lo, long hi) {
    length(field, rowMajor.size(), (long) rows * cols, "size * fan_in, row-major");
    int[] t = new int[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int k = r * cols + c;
        int w = rowMajor.get(k);
        if (w < lo || w > hi) {
          throw new ConfigException(field + "[" + k + "] (neuron " + r + ", source " + c + ") = " + w
              + " is out of range [" + lo + ", " + hi + "]");
        }
        t[c * rows + r] = w;
      }
    }
    return t;
  }

  /**
   * Splits a transposed [cols][rows] matrix into one array per source column, so that a hot loop adding a
   * column to a per-neuron array indexes both from 0 (which C2 can vectorize; a column offset cannot be).
   */
  public static int[][] columns(int[] transposed, int rows) {
    if (transposed == null) {
      return null;
    }
    int[][] out = new int[transposed.length / rows][];
    for (int c = 0; c < out.length; c++) {
      out[c] = java.util.Arrays.copyOfRange(transposed, c * rows, (c + 1) * rows);
    }
    return out;
  }
}
