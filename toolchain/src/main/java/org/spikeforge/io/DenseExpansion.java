package org.spikeforge.io;

import java.nio.file.Path;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/**
 * A network with its conv and pool projections written out as the dense matrices they stand for, so that engines
 * that read projections as matrices (the general event simulator, and with it {@code LIF_DELTA}) run conv nets
 * exactly: a shared kernel is only a compressed dense matrix. Target (o, y, x) receives from source
 * (i, y·s_h − p_h + k_y, x·s_w − p_w + k_x) with the conv weight (o, i, k_y, k_x), or with the pool's one weight
 * when i = o; positions outside the source map are the zero padding. The expansion costs memory (targets × sources
 * doubles per layer), so it is refused above a limit instead of running the machine out of memory.
 */
public final class DenseExpansion {
  /** The most dense weights an expansion may produce (80 MB of doubles). */
  public static final long MAX_WEIGHTS = 10_000_000L;

  private DenseExpansion() {}

  /**
   * {@code net} with every conv and pool projection expanded; shapes are dropped (the result is all dense). A
   * network without such projections comes back unchanged. {@code net} must be valid ({@link NetworkValidator}).
   *
   * @throws SpikeForgeIoException naming {@code file} and the projection when the expansion would exceed
   *     {@link #MAX_WEIGHTS}
   */
  public static Network expand(Network net, Path file) {
    if (net.getProjectionsList().stream().noneMatch(p -> p.hasConv2D() || p.hasSumPool2D())) {
      return net;
    }
    Network.Builder b = net.toBuilder().clearInputShape();
    long total = 0;
    for (int i = 0; i < net.getProjectionsCount(); i++) {
      Projection p = net.getProjections(i);
      if (!p.hasConv2D() && !p.hasSumPool2D()) {
        total += p.getWeightsCount();
        continue;
      }
      MapShape in = shape(net, p.getSource());
      MapShape out = shape(net, p.getTarget());
      long rows = (long) out.getChannels() * out.getHeight() * out.getWidth();
      long cols = (long) in.getChannels() * in.getHeight() * in.getWidth();
      total += rows * cols;
      if (total > MAX_WEIGHTS) {
        throw new SpikeForgeIoException(file, "projections[" + i + "]", "expanding the conv and pool layers to"
            + " dense matrices for this engine needs " + total + " weights, above the limit of " + MAX_WEIGHTS
            + "; this engine takes conv nets of that size only when they are smaller");
      }
      b.setProjections(i, p.hasConv2D() ? conv(p, in, out) : pool(p, in, out));
    }
    for (int i = 0; i < b.getPopulationsCount(); i++) {
      Population pop = b.getPopulations(i);
      if (pop.hasShape()) {
        b.setPopulations(i, pop.toBuilder().clearShape());
      }
    }
    return b.build();
  }

  private static Projection conv(Projection p, MapShape in, MapShape out) {
    var c = p.getConv2D();
    int kh = c.getKernelH();
    int kw = c.getKernelW();
    int sh = Math.max(1, c.getStrideH());
    int sw = Math.max(1, c.getStrideW());
    double[] w = dense(in, out);
    int cols = in.getChannels() * in.getHeight() * in.getWidth();
    for (int o = 0; o < out.getChannels(); o++) {
      for (int y = 0; y < out.getHeight(); y++) {
        for (int x = 0; x < out.getWidth(); x++) {
          int row = (o * out.getHeight() + y) * out.getWidth() + x;
          for (int i = 0; i < in.getChannels(); i++) {
            for (int ky = 0; ky < kh; ky++) {
              int sy = y * sh - c.getPadH() + ky;
              if (sy < 0 || sy >= in.getHeight()) {
                continue;
              }
              for (int kx = 0; kx < kw; kx++) {
                int sx = x * sw - c.getPadW() + kx;
                if (sx < 0 || sx >= in.getWidth()) {
                  continue;
                }
                int col = (i * in.getHeight() + sy) * in.getWidth() + sx;
                w[row * cols + col] = p.getWeights(((o * in.getChannels() + i) * kh + ky) * kw + kx);
              }
            }
          }
        }
      }
    }
    return dense(p, w, out, cols);
  }

  private static Projection pool(Projection p, MapShape in, MapShape out) {
    var q = p.getSumPool2D();
    int kh = q.getKernelH();
    int kw = q.getKernelW();
    int sh = q.getStrideH() == 0 ? kh : q.getStrideH();
    int sw = q.getStrideW() == 0 ? kw : q.getStrideW();
    double weight = p.getWeights(0);
    double[] w = dense(in, out);
    int cols = in.getChannels() * in.getHeight() * in.getWidth();
    for (int ch = 0; ch < out.getChannels(); ch++) {
      for (int y = 0; y < out.getHeight(); y++) {
        for (int x = 0; x < out.getWidth(); x++) {
          int row = (ch * out.getHeight() + y) * out.getWidth() + x;
          for (int ky = 0; ky < kh; ky++) {
            int sy = y * sh - q.getPadH() + ky;
            for (int kx = 0; kx < kw; kx++) {
              int sx = x * sw - q.getPadW() + kx;
              if (sy >= 0 && sy < in.getHeight() && sx >= 0 && sx < in.getWidth()) {
                w[row * cols + (ch * in.getHeight() + sy) * in.getWidth() + sx] = weight;
              }
            }
          }
        }
      }
    }
    return dense(p, w, out, cols);
  }

  private static double[] dense(MapShape in, MapShape out) {
    return new double[out.getChannels() * out.getHeight() * out.getWidth() * in.getChannels() * in.getHeight()
        * in.getWidth()];
  }

  private static Projection dense(Projection p, double[] w, MapShape out, int cols) {
    Projection.Builder b = p.toBuilder().clearConv2D().clearSumPool2D().clearWeights()
        .setRows(out.getChannels() * out.getHeight() * out.getWidth()).setCols(cols);
    for (double v : w) {
      b.addWeights(v);
    }
    return b.build();
  }

  private static MapShape shape(Network net, String name) {
    if ("input".equals(name)) {
      return net.getInputShape();
    }
    for (Population p : net.getPopulationsList()) {
      if (p.getName().equals(name)) {
        return p.getShape();
      }
    }
    throw new IllegalArgumentException("no population " + name);
  }
}
