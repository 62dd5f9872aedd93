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

  /** Buckets of one digit of the radix sort of {@link LayerTrace#finishLazySpikes} (11-bit digits). */
  static final int RADIX = 1 << 11;

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
