package org.spikeforge.ttfs;

import java.util.Arrays;

/**
 * Batching over samples for the input layer's weight gradient, the widest row loop of a training pass (784 rows of
 * 100 on Fashion-MNIST). A reverse pass adds one vector dL/da (n_1 values) to the weight row of every input channel
 * that spiked in a group. Instead, this buffer records (vector, members) and adds everything at {@link #flushInto}:
 * per input row it walks the recorded vectors that touch the row, in recording order, four at a time, so the row
 * is loaded and stored once per four additions. Every gradient element receives exactly the additions, in exactly
 * the order, that the immediate per-sample updates would have made (an element belongs to one row, and the vectors
 * touching a row are taken in the order they were recorded), so the flushed gradient is bit-identical to them.
 */
final class InputGradientBuffer {
  private final int n;
  private int entries;
  private double[] vectors = new double[0];
  private int[] entryStart = new int[1];
  private int members;
  private int[] memberSource = new int[0];
  // flush scratch: entry indices grouped by source row (CSR)
  private int[] rowStart = new int[0];
  private int[] rowFill = new int[0];
  private int[] rowEntries = new int[0];

  /** @param n the input layer's width n_1 (length of each recorded vector) */
  InputGradientBuffer(int n) {
    this.n = n;
  }

  boolean isEmpty() {
    return entries == 0;
  }

  /** Records grad row (source[m]) += d for the members m in [start, end); d's first n values are copied. */
  void record(double[] d, int[] source, int start, int end) {
    if (end <= start) {
      return;
    }
    if ((entries + 1) * (long) n > vectors.length) {
      vectors = Arrays.copyOf(vectors, grow(vectors.length, (entries + 1) * n));
    }
    if (entries + 2 > entryStart.length) {
      entryStart = Arrays.copyOf(entryStart, grow(entryStart.length, entries + 2));
    }
    int count = end - start;
    if (members + count > memberSource.length) {
      memberSource = Arrays.copyOf(memberSource, grow(memberSource.length, members + count));
    }
    System.arraycopy(d, 0, vectors, entries * n, n);
    System.arraycopy(source, start, memberSource, members, count);
    members += count;
    entries++;
    entryStart[entries] = members;
  }

  /**
   * Adds every recorded vector to its member rows of {@code grad} (row c at {@code wOff + c * n}, c in
   * [0, sources)) and empties the buffer.
   */
  void flushInto(double[] grad, int wOff, int sources) {
    if (entries == 0) {
      return;
    }
    if (rowStart.length < sources + 1) {
      rowStart = new int[sources + 1];
      rowFill = new int[sources];
    }
    if (rowEntries.length < members) {
      rowEntries = new int[grow(rowEntries.length, members)];
    }
    Arrays.fill(rowStart, 0, sources + 1, 0);
    for (int m = 0; m < members; m++) {
      rowStart[memberSource[m] + 1]++;
    }
    for (int c = 0; c < sources; c++) {
      rowStart[c + 1] += rowStart[c];
      rowFill[c] = rowStart[c];
    }
    for (int e = 0; e < entries; e++) {
      for (int m = entryStart[e], end = entryStart[e + 1]; m < end; m++) {
        rowEntries[rowFill[memberSource[m]]++] = e * n;
      }
    }
    final double[] v = vectors;
    for (int c = 0; c < sources; c++) {
      int k = rowStart[c];
      int kEnd = rowStart[c + 1];
      if (k == kEnd) {
        continue;
      }
      int row = wOff + c * n;
      for (; k + 4 <= kEnd; k += 4) {
        int e0 = rowEntries[k];
        int e1 = rowEntries[k + 1];
        int e2 = rowEntries[k + 2];
        int e3 = rowEntries[k + 3];
        for (int i = 0; i < n; i++) {
          grad[row + i] = grad[row + i] + v[e0 + i] + v[e1 + i] + v[e2 + i] + v[e3 + i];
        }
      }
      for (; k < kEnd; k++) {
        int e0 = rowEntries[k];
        for (int i = 0; i < n; i++) {
          grad[row + i] += v[e0 + i];
        }
      }
    }
    entries = 0;
    members = 0;
  }

  /** Drops everything recorded (a pass that will not be flushed). */
  void clear() {
    entries = 0;
    members = 0;
  }

  private static int grow(int current, long need) {
    long cap = Math.max(16L, current);
    while (cap < need) {
      cap *= 2;
    }
    if (cap > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("ttfs input gradient buffer: needs " + need + " entries, above the array limit");
    }
    return (int) cap;
  }
}
