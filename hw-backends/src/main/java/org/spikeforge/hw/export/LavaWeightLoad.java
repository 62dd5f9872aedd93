package org.spikeforge.hw.export;

/**
 * What Lava's bit-accurate Dense does to its weights when it first runs: clip to the 8-bit range
 * of the sign mode, then drop the low bits that {@code num_weight_bits} does not keep (inhibitory
 * weights are negated around the truncation, so they round toward zero). Sign modes use Lava's
 * numbering: 1 MIXED, 2 EXCITATORY, 3 INHIBITORY.
 */
final class LavaWeightLoad {
  static final int MIXED = 1;
  static final int EXCITATORY = 2;
  static final int INHIBITORY = 3;

  private LavaWeightLoad() {}

  /** Lava's choice when no sign mode is given: excitatory if none is negative, inhibitory if none positive. */
  static int inferSignMode(int[] w) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int x : w) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    if (min >= 0) {
      return EXCITATORY;
    }
    return max <= 0 ? INHIBITORY : MIXED;
  }

  /** The weights Lava multiplies with, after clipping and truncation. */
  static int[] effective(int[] w, int lavaSignMode, int numWeightBits) {
    boolean mixed = lavaSignMode == MIXED;
    boolean inhibitory = lavaSignMode == INHIBITORY;
    int lo = mixed ? -256 : 0;
    int hi = 255;
    int drop = 8 - numWeightBits + (mixed ? 1 : 0);
    int[] out = new int[w.length];
    for (int i = 0; i < w.length; i++) {
      int x = inhibitory ? -w[i] : w[i];
      x = Math.max(lo, Math.min(hi, x));
      x = (x >> drop) << drop;
      out[i] = inhibitory ? -x : x;
    }
    return out;
  }
}
