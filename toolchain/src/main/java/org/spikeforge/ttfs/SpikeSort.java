package org.spikeforge.ttfs;

/** Stable index sorts of primitive keys, without allocation (the caller passes the buffers). */
final class SpikeSort {
  private static final int INSERTION_LIMIT = 24;

  private SpikeSort() {}

  /**
   * Fills {@code order[0..m)} with {@code from..from+m-1} ordered by ascending {@code key[index]}; ties keep
   * index order. {@code scratch} must hold at least m ints.
   */
  static void sortRange(double[] key, int from, int m, int[] order, int[] scratch) {
    for (int q = 0; q < m; q++) {
      order[q] = from + q;
    }
    if (m <= INSERTION_LIMIT) {
      insertion(key, order, 0, m);
      return;
    }
    for (int lo = 0; lo < m; lo += INSERTION_LIMIT) {
      insertion(key, order, lo, Math.min(m, lo + INSERTION_LIMIT));
    }
    int[] src = order;
    int[] dst = scratch;
    for (int width = INSERTION_LIMIT; width < m; width *= 2) {
      for (int lo = 0; lo < m; lo += 2 * width) {
        int mid = Math.min(m, lo + width);
        int hi = Math.min(m, lo + 2 * width);
        int a = lo;
        int b = mid;
        int o = lo;
        while (a < mid && b < hi) {
          dst[o++] = key[src[b]] < key[src[a]] ? src[b++] : src[a++];
        }
        while (a < mid) {
          dst[o++] = src[a++];
        }
        while (b < hi) {
          dst[o++] = src[b++];
        }
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    if (src != order) {
      System.arraycopy(src, 0, order, 0, m);
    }
  }

  /** Buckets of one {@link #radixSortRange} digit: the size of its {@code counts} buffer. */
  static final int RADIX = 1 << 11;

  /**
   * {@link #sortRange} by a stable LSD radix sort on the keys' bits, 11 bits per pass (passes where every key has
   * the same digit are skipped): linear in m, for long ranges. Keys must not be NaN; -0.0 and 0.0 count as equal, as
   * in the comparison sort. {@code counts} must hold {@link #RADIX} ints.
   */
  static void radixSortRange(double[] key, int from, int m, int[] order, int[] scratch, int[] counts) {
    for (int q = 0; q < m; q++) {
      order[q] = from + q;
    }
    int[] src = order;
    int[] dst = scratch;
    for (int shift = 0; shift < 64; shift += 11) {
      java.util.Arrays.fill(counts, 0);
      for (int q = 0; q < m; q++) {
        counts[digit(key[src[q]], shift)]++;
      }
      boolean trivial = false;
      for (int d = 0; d < RADIX; d++) {
        if (counts[d] == m) {
          trivial = true;
          break;
        }
        if (counts[d] != 0) {
          break;
        }
      }
      if (trivial) {
        continue;
      }
      int sum = 0;
      for (int d = 0; d < RADIX; d++) {
        int c = counts[d];
        counts[d] = sum;
        sum += c;
      }
      for (int q = 0; q < m; q++) {
        int v = src[q];
        dst[counts[digit(key[v], shift)]++] = v;
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    if (src != order) {
      System.arraycopy(src, 0, order, 0, m);
    }
  }

  /** The 11-bit digit at {@code shift} of the key's order-preserving unsigned bit pattern. */
  private static int digit(double key, int shift) {
    long b = Double.doubleToRawLongBits(key + 0.0); // -0.0 + 0.0 = 0.0
    b ^= (b >> 63) | Long.MIN_VALUE; // negatives: flip all bits; non-negatives: flip the sign bit
    return (int) (b >>> shift) & (RADIX - 1);
  }

  private static void insertion(double[] key, int[] order, int lo, int hi) {
    for (int a = lo + 1; a < hi; a++) {
      int v = order[a];
      double kv = key[v];
      int b = a - 1;
      while (b >= lo && key[order[b]] > kv) {
        order[b + 1] = order[b];
        b--;
      }
      order[b + 1] = v;
    }
  }
}
