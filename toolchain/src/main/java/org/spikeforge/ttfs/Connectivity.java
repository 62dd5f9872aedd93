package org.spikeforge.ttfs;

/**
 * How one layer of a {@link TtfsNetwork} is wired to the layer below: dense (every source onto every target), a
 * shared-weight 2-D convolution, or sum pooling with one fixed weight. Shapes are (channels, height, width) with the
 * flat neuron index (c * height + y) * width + x, as in the proto's {@code MapShape}; a dense layer after a shaped
 * layer reads that flat order (a Flatten). Index formulas, the conv kernel layout (out, in, kh, kw), zero padding and
 * strides are those of {@code network.proto}'s {@code Conv2d} and {@code SumPool2d}, so that a network round-trips
 * through the proto unchanged.
 *
 * @param kind dense, conv or pool
 * @param inC source channels (1 for a flat dense source)
 * @param inH source height (1 for a flat source)
 * @param inW source width (the source size for a flat source)
 * @param outC target channels
 * @param outH target height
 * @param outW target width
 * @param kernelH kernel height (0 for dense)
 * @param kernelW kernel width (0 for dense)
 * @param strideH vertical stride (&gt;= 1; 1 for dense)
 * @param strideW horizontal stride
 * @param padH zero padding at the top and the bottom
 * @param padW zero padding at the left and the right
 * @param fixedWeight the pool's fixed weight (0 otherwise)
 */
public record Connectivity(Kind kind, int inC, int inH, int inW, int outC, int outH, int outW, int kernelH,
    int kernelW, int strideH, int strideW, int padH, int padW, double fixedWeight) {

  /** The layer kinds; a Flatten is a dense layer whose source is shaped. */
  public enum Kind { DENSE, CONV2D, SUM_POOL2D }

  public Connectivity {
    if (kind == null) {
      throw new IllegalArgumentException("connectivity kind: is null");
    }
    if (inC < 1 || inH < 1 || inW < 1 || outC < 1 || outH < 1 || outW < 1) {
      throw new IllegalArgumentException("connectivity shapes: every dimension must be >= 1, got in " + inC + "x"
          + inH + "x" + inW + " out " + outC + "x" + outH + "x" + outW);
    }
    if (kind != Kind.DENSE) {
      if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
        throw new IllegalArgumentException(kind + ": kernel and stride must be >= 1 and padding >= 0, got kernel "
            + kernelH + "x" + kernelW + " stride " + strideH + "x" + strideW + " padding " + padH + "x" + padW);
      }
      if (kernelH > inH + 2 * padH || kernelW > inW + 2 * padW) {
        throw new IllegalArgumentException(kind + ": kernel " + kernelH + "x" + kernelW
            + " is larger than the padded input " + (inH + 2 * padH) + "x" + (inW + 2 * padW));
      }
      int h = (inH + 2 * padH - kernelH) / strideH + 1;
      int w = (inW + 2 * padW - kernelW) / strideW + 1;
      if (outH != h || outW != w) {
        throw new IllegalArgumentException(kind + ": output must be " + h + "x" + w + " for input " + inH + "x"
            + inW + ", got " + outH + "x" + outW);
      }
      if (kind == Kind.SUM_POOL2D && outC != inC) {
        throw new IllegalArgumentException("SUM_POOL2D: keeps the channels, got in " + inC + " out " + outC);
      }
      if (kind == Kind.SUM_POOL2D && !Double.isFinite(fixedWeight)) {
        throw new IllegalArgumentException("SUM_POOL2D fixed weight: must be finite, got " + fixedWeight);
      }
    }
  }

  /** A dense layer from {@code in} sources onto {@code out} targets (flat shapes). */
  public static Connectivity dense(int in, int out) {
    return new Connectivity(Kind.DENSE, 1, 1, in, 1, 1, out, 0, 0, 1, 1, 0, 0, 0.0);
  }

  /** A dense layer reading a shaped source in flat (c, y, x) order onto {@code out} flat targets. */
  public static Connectivity flatten(int inC, int inH, int inW, int out) {
    return new Connectivity(Kind.DENSE, inC, inH, inW, 1, 1, out, 0, 0, 1, 1, 0, 0, 0.0);
  }

  /** A convolution; the output size follows from the input, kernel, stride and padding. */
  public static Connectivity conv(int inC, int inH, int inW, int outC, int kernelH, int kernelW, int strideH,
      int strideW, int padH, int padW) {
    return new Connectivity(Kind.CONV2D, inC, inH, inW, outC, outSize(inH, padH, kernelH, strideH),
        outSize(inW, padW, kernelW, strideW), kernelH, kernelW, strideH, strideW, padH, padW, 0.0);
  }

  /** Sum pooling with the fixed weight {@code weight}; the output size follows from the rest. */
  public static Connectivity pool(int channels, int inH, int inW, int kernelH, int kernelW, int strideH,
      int strideW, int padH, int padW, double weight) {
    return new Connectivity(Kind.SUM_POOL2D, channels, inH, inW, channels, outSize(inH, padH, kernelH, strideH),
        outSize(inW, padW, kernelW, strideW), kernelH, kernelW, strideH, strideW, padH, padW, weight);
  }

  private static int outSize(int in, int pad, int kernel, int stride) {
    if (stride < 1 || kernel < 1 || kernel > in + 2 * pad) {
      return 0; // the canonical constructor names the problem
    }
    return (in + 2 * pad - kernel) / stride + 1;
  }

  /** Number of source neurons. */
  public int sources() {
    return inC * inH * inW;
  }

  /** Number of target neurons. */
  public int targets() {
    return outC * outH * outW;
  }

  /** Whether the source is laid out as feature maps (not a flat vector). */
  public boolean shapedSource() {
    return inC != 1 || inH != 1;
  }

  /** One synapse of a conv or pool layer, as {@link #forEachSynapse} reports it. */
  @FunctionalInterface
  public interface SynapseVisitor {
    /**
     * @param target the target neuron, (channel, y, x) flattened
     * @param source the source neuron, (channel, y, x) flattened
     * @param entry the kernel entry, (out, in, kh, kw) flattened, for conv; 0 for a pool's one fixed weight
     */
    void synapse(int target, int source, int entry);
  }

  /**
   * Visits every synapse of a conv or sum-pool layer (windows cut by the padding skipped), in the order (out channel,
   * y, x, in channel, ky, kx): the one place the window arithmetic of these layers is written, for every table built
   * over them (the engine's fan-out, calibration, the board's taps).
   */
  public void forEachSynapse(SynapseVisitor v) {
    if (kind == Kind.DENSE) {
      throw new IllegalStateException("forEachSynapse: a dense layer has no kernel windows");
    }
    boolean conv = kind == Kind.CONV2D;
    for (int o = 0; o < outC; o++) {
      for (int y = 0; y < outH; y++) {
        for (int x = 0; x < outW; x++) {
          int target = (o * outH + y) * outW + x;
          for (int ci = conv ? 0 : o; ci < (conv ? inC : o + 1); ci++) {
            for (int ky = 0; ky < kernelH; ky++) {
              int sy = y * strideH - padH + ky;
              if (sy < 0 || sy >= inH) {
                continue;
              }
              for (int kx = 0; kx < kernelW; kx++) {
                int sx = x * strideW - padW + kx;
                if (sx < 0 || sx >= inW) {
                  continue;
                }
                v.synapse(target, (ci * inH + sy) * inW + sx,
                    conv ? ((o * inC + ci) * kernelH + ky) * kernelW + kx : 0);
              }
            }
          }
        }
      }
    }
  }

  /** Trained weights of the layer: sources * targets (dense), outC * inC * kh * kw (conv), 0 (pool). */
  public long weightCount() {
    return switch (kind) {
      case DENSE -> (long) sources() * targets();
      case CONV2D -> (long) outC * inC * kernelH * kernelW;
      case SUM_POOL2D -> 0L;
    };
  }
}
