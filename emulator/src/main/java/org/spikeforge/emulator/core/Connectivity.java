package org.spikeforge.emulator.core;

import java.util.AbstractList;
import java.util.List;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.proto.HwConv2d;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwMapShape;
import org.spikeforge.proto.HwSumPool2d;

/**
 * A layer's feed-forward synapses as the cores use them: a row-major {@code [size][fan_in]} matrix. Dense layers
 * store it as {@code weights}; conv2d and sum_pool2d layers store a shared kernel or one pool weight, which this class
 * validates (geometry, count, range of every stored value, each failure naming its field) and expands, so that the
 * integer rules of docs/TARGET-SEMANTICS.md apply to the expanded matrix unchanged. Expanding at load time keeps one
 * update path for every connectivity; its cost is memory, bounded by {@link #MAX_EXPANDED_SYNAPSES} per layer.
 */
public final class Connectivity {
  /** Largest expanded matrix ({@code size * fan_in}) a conv or pool layer may stand for. */
  public static final long MAX_EXPANDED_SYNAPSES = 1L << 24;
  /** Largest kernel side, stride and map side. */
  static final int MAX_SIDE = 1 << 16;

  private Connectivity() {}

  /** The values the config stores for the feed-forward weights: {@code weights}, the kernel, or the pool weight. */
  public static List<Integer> stored(HwLayer layer) {
    return switch (layer.getConnectivityCase()) {
      case CONV2D -> layer.getConv2D().getKernelList();
      case SUM_POOL2D -> List.of(layer.getSumPool2D().getWeight());
      default -> layer.getWeightsList();
    };
  }

  /**
   * The row-major {@code [size][fan_in]} feed-forward matrix. Dense: {@code weights} as stored (its length and range
   * are checked by the caller's {@link Check#transposed}). Conv and pool: geometry checked, every stored value checked
   * against {@code [lo, hi]}, then expanded (synapses outside the window are 0, which lies in every family's range).
   *
   * @param field the layer's field path, e.g. {@code layers[2]}
   */
  public static List<Integer> rowMajor(String field, HwLayer layer, long lo, long hi) {
    switch (layer.getConnectivityCase()) {
      case CONV2D -> {
        HwConv2d c = layer.getConv2D();
        String f = field + ".conv2d";
        Geometry g = geometry(f, layer, c.getInShape(), c.getOutShape(), c.getKernelH(), c.getKernelW(), c.getStrideH(),
            c.getStrideW(), c.getPadH(), c.getPadW(), false);
        // out * in <= 2^32 (both maps hold <= 2^16 neurons), so only the last factor can overflow
        long need = (long) g.out.getChannels() * g.in.getChannels() * c.getKernelH();
        need = need > Long.MAX_VALUE / c.getKernelW() ? Long.MAX_VALUE : need * c.getKernelW();
        Check.length(f + ".kernel", c.getKernelCount(), need,
            "out_shape.channels * in_shape.channels * kernel_h * kernel_w, layout out, in, kh, kw");
        int[] kernel = new int[c.getKernelCount()];
        for (int k = 0; k < kernel.length; k++) {
          kernel[k] = c.getKernel(k);
          if (kernel[k] < lo || kernel[k] > hi) {
            throw new ConfigException(f + ".kernel[" + k + "] = " + kernel[k] + " is out of range [" + lo + ", " + hi
                + "]");
          }
        }
        return wrap(g.expand(kernel, 0, false));
      }
      case SUM_POOL2D -> {
        HwSumPool2d c = layer.getSumPool2D();
        String f = field + ".sum_pool2d";
        Geometry g = geometry(f, layer, c.getInShape(), c.getOutShape(), c.getKernelH(), c.getKernelW(), c.getStrideH(),
            c.getStrideW(), c.getPadH(), c.getPadW(), true);
        Check.range(f + ".weight", c.getWeight(), lo, hi);
        return wrap(g.expand(null, c.getWeight(), true));
      }
      default -> {
        return layer.getWeightsList();
      }
    }
  }

  private static Geometry geometry(String f, HwLayer layer, HwMapShape in, HwMapShape out, int kh, int kw, int sh,
      int sw, int ph, int pw, boolean pool) {
    if (layer.getWeightsCount() != 0) {
      throw new ConfigException(f.substring(0, f.lastIndexOf('.')) + ".weights has " + layer.getWeightsCount()
          + " entries, expected 0 (a " + f.substring(f.lastIndexOf('.') + 1) + " layer stores its weights in "
          + f.substring(f.lastIndexOf('.') + 1) + ")");
    }
    shape(f + ".in_shape", in, layer.getFanIn(), "fan_in");
    shape(f + ".out_shape", out, layer.getSize(), "size");
    Check.range(f + ".kernel_h", kh, 1, MAX_SIDE);
    Check.range(f + ".kernel_w", kw, 1, MAX_SIDE);
    Check.range(f + ".stride_h", sh, 1, MAX_SIDE);
    Check.range(f + ".stride_w", sw, 1, MAX_SIDE);
    Check.range(f + ".pad_h", ph, 0, kh - 1);
    Check.range(f + ".pad_w", pw, 0, kw - 1);
    if (pool && out.getChannels() != in.getChannels()) {
      throw new ConfigException(f + ".out_shape.channels = " + out.getChannels() + " differs from in_shape.channels = "
          + in.getChannels() + " (pooling keeps channels)");
    }
    long oh = outSide(in.getHeight(), kh, sh, ph);
    long ow = outSide(in.getWidth(), kw, sw, pw);
    if (out.getHeight() != oh) {
      throw new ConfigException(f + ".out_shape.height = " + out.getHeight() + ", expected (in_shape.height + 2 pad_h"
          + " - kernel_h) / stride_h + 1 = " + oh);
    }
    if (out.getWidth() != ow) {
      throw new ConfigException(f + ".out_shape.width = " + out.getWidth() + ", expected (in_shape.width + 2 pad_w"
          + " - kernel_w) / stride_w + 1 = " + ow);
    }
    long expanded = (long) layer.getSize() * layer.getFanIn();
    if (expanded > MAX_EXPANDED_SYNAPSES) {
      throw new ConfigException(f + ": size * fan_in = " + expanded + " expanded synapses exceed the emulator's limit "
          + MAX_EXPANDED_SYNAPSES);
    }
    return new Geometry(in, out, kh, kw, sh, sw, ph, pw);
  }

  /** The output side, floor((in + 2 pad - kernel) / stride) + 1, or 0 when the padded map is smaller than the kernel. */
  static long outSide(int in, int kernel, int stride, int pad) {
    long span = (long) in + 2L * pad - kernel;
    return span < 0 ? 0 : span / stride + 1;
  }

  private static void shape(String f, HwMapShape s, int neurons, String what) {
    Check.range(f + ".channels", s.getChannels(), 1, MAX_SIDE);
    Check.range(f + ".height", s.getHeight(), 1, MAX_SIDE);
    Check.range(f + ".width", s.getWidth(), 1, MAX_SIDE);
    long n = (long) s.getChannels() * s.getHeight() * s.getWidth();
    if (n != neurons) {
      throw new ConfigException(f + " = " + s.getChannels() + " x " + s.getHeight() + " x " + s.getWidth() + " = " + n
          + " neurons, expected " + what + " = " + neurons);
    }
  }

  private record Geometry(HwMapShape in, HwMapShape out, int kh, int kw, int sh, int sw, int ph, int pw) {
    /** Row-major [size][fan_in]; conv reads {@code kernel}, pool puts {@code poolWeight} on its own channel. */
    int[] expand(int[] kernel, int poolWeight, boolean pool) {
      int ic = in.getChannels();
      int ih = in.getHeight();
      int iw = in.getWidth();
      int oc = out.getChannels();
      int oh = out.getHeight();
      int ow = out.getWidth();
      int fanIn = ic * ih * iw;
      int[] w = new int[oc * oh * ow * fanIn];
      for (int o = 0; o < oc; o++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            int row = ((o * oh + oy) * ow + ox) * fanIn;
            for (int i = pool ? o : 0; i < (pool ? o + 1 : ic); i++) {
              // only the taps inside the map, so the work is bounded by the expanded synapses
              long y0 = (long) oy * sh - ph;
              long x0 = (long) ox * sw - pw;
              long kyHi = Math.min(kh, ih - y0);
              long kxHi = Math.min(kw, iw - x0);
              for (long ky = Math.max(0, -y0); ky < kyHi; ky++) {
                for (long kx = Math.max(0, -x0); kx < kxHi; kx++) {
                  int source = (int) ((i * (long) ih + y0 + ky) * iw + x0 + kx);
                  w[row + source] = pool ? poolWeight : kernel[(int) (((o * ic + i) * kh + ky) * kw + kx)];
                }
              }
            }
          }
        }
      }
      return w;
    }
  }

  private static List<Integer> wrap(int[] a) {
    return new AbstractList<>() {
      @Override
      public Integer get(int index) {
        return a[index];
      }

      @Override
      public int size() {
        return a.length;
      }
    };
  }
}
