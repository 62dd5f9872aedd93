package org.spikeforge.hw.export;

/**
 * What lava-dl netx builds from a {@code weight} dataset: netx first rescales the integer matrix
 * itself (largest power-of-two scale that keeps it in range, as few weight bits as the trailing
 * zeros allow, and a negative weight exponent undoing the scale), then hands it to Lava's Dense,
 * which applies {@link LavaWeightLoad} and shifts the accumulated input by the exponent. Netx does
 * not pass its sign mode on, so Lava infers one. This class reproduces that chain so the exporter
 * can prove, before writing, that netx's synapses equal ours bit for bit.
 */
record NetxWeightRebuild(int[] weights, int numWeightBits, int weightExp, boolean clipped, String problem) {

  /** Follows netx's rescaling and Lava's load for a file matrix {@code file}. */
  static NetxWeightRebuild of(int[] file) {
    int max = Integer.MIN_VALUE;
    int min = Integer.MAX_VALUE;
    for (int x : file) {
      max = Math.max(max, x);
      min = Math.min(min, x);
    }
    boolean clipped = (max > 254 && min < 0) || (min < -256 && max > 0);
    if (max == 0 && min == 0) {
      return new NetxWeightRebuild(file, 0, 0, false, "an all-zero matrix makes netx divide by zero");
    }
    boolean signed = max >= 0 && min < 0;
    double scale;
    if (signed) {
      scale = Math.min(max > 0 ? 127.0 / max : Double.POSITIVE_INFINITY, -128.0 / min);
    } else if (max < 0) {
      scale = -256.0 / min;
    } else {
      scale = 255.0 / max;
    }
    int scaleBits = (int) Math.floor(Math.log(scale) / Math.log(2)) + (signed ? 1 : 0);
    // exactness of log2 at powers of two: correct a floating round-off either way
    if (Math.scalb(1.0, scaleBits - (signed ? 1 : 0)) > scale) {
      scaleBits--;
    } else if (Math.scalb(1.0, scaleBits - (signed ? 1 : 0) + 1) <= scale) {
      scaleBits++;
    }
    if (scaleBits < 0) {
      return new NetxWeightRebuild(file, 0, -scaleBits, clipped,
          "weights beyond the 8-bit range make netx use a positive exponent it cannot shift by");
    }
    int trailing = 8;
    while (trailing > 0 && !allDivisible(file, trailing)) {
      trailing--;
    }
    trailing -= signed ? 1 : 0;
    int bits = 8 - scaleBits - trailing;
    int[] scaled = new int[file.length];
    for (int i = 0; i < file.length; i++) {
      scaled[i] = file[i] << scaleBits;
    }
    int[] loaded = LavaWeightLoad.effective(scaled, LavaWeightLoad.inferSignMode(scaled), bits);
    String problem = bits < 1 || bits > 8 ? "netx would ask for " + bits + " weight bits" : "";
    return new NetxWeightRebuild(loaded, bits, -scaleBits, clipped, problem);
  }

  private static boolean allDivisible(int[] w, int n) {
    int mask = (1 << n) - 1;
    for (int x : w) {
      if ((x & mask) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when, for binary spikes, Lava's input {@code (sum_j w_ij s_j) >> -weightExp} equals
   * {@code sum_j file_ij s_j} for every spike pattern: each loaded weight is exactly the file
   * weight scaled up by {@code -weightExp}.
   */
  boolean reproduces(int[] file) {
    if (!problem.isEmpty() || clipped || weightExp > 0) {
      return false;
    }
    for (int i = 0; i < file.length; i++) {
      if (weights[i] != ((long) file[i] << -weightExp)) {
        return false;
      }
    }
    return true;
  }
}
