package org.spikeforge.hw.export;

import java.util.Arrays;
import java.util.Map;
import org.spikeforge.proto.Conv2d;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SumPool2d;

/**
 * NIR's {@code Conv2d} and {@code SumPool2d} nodes as SpikeForge projections. A shared kernel can carry only one
 * weight scale per output channel, and a pool only one weight, so the per-neuron scale of the target (its
 * {@code r * w_in / tau_syn * V_th / v_threshold}, see {@link NirImporter}) must be constant where the weights are
 * shared; a node that breaks this, or uses dilation, groups or a bias, is refused naming its field.
 */
final class NirConvImport {
  private NirConvImport() {}

  /**
   * @param node the HDF5 path of the node, ending in '/'
   * @param source the projection's source ("input" or a population)
   * @param in the source's feature-map shape; null (a flat source) is refused
   * @param targetSize the target population's size, from its neuron node
   * @param scale the target's per-neuron weight scale
   * @param shapes receives the target's feature-map shape
   */
  static Projection projection(Hdf5Fields h, String node, String type, String source, MapShape in, String target,
      int targetSize, double[] scale, Map<String, MapShape> shapes) {
    if (in == null) {
      throw h.bad(node + "type", type + " reads a feature map, but its source " + source
          + " is flat (give the Input a (channels, height, width) shape)");
    }
    return "Conv2d".equals(type) ? conv(h, node, source, in, target, targetSize, scale, shapes)
        : pool(h, node, source, in, target, targetSize, scale, shapes);
  }

  private static Projection conv(Hdf5Fields h, String node, String source, MapShape in, String target,
      int targetSize, double[] scale, Map<String, MapShape> shapes) {
    Hdf5Fields.Tensor w = h.tensor(node + "weight");
    int[] d = w.shape();
    if (d.length != 4 || d[1] != in.getChannels()) {
      throw h.bad(node + "weight", "must be (C_out, C_in = " + in.getChannels() + ", kH, kW), got "
          + Arrays.toString(d));
    }
    long[] stride = h.integers(node + "stride", 2);
    long[] dilation = h.exists(node + "dilation") ? h.integers(node + "dilation", 2) : new long[] {1, 1};
    if (dilation[0] != 1 || dilation[1] != 1) {
      throw h.bad(node + "dilation", "must be 1 (SpikeForge convolutions are not dilated), got "
          + Arrays.toString(dilation));
    }
    if (h.exists(node + "groups") && h.integer(node + "groups") != 1) {
      throw h.bad(node + "groups", "must be 1 (every output channel reads every input channel), got "
          + h.integer(node + "groups"));
    }
    long[] pad = padding(h, node + "padding", d[2], d[3], stride);
    if (h.exists(node + "input_shape")) {
      long[] hw = h.integers(node + "input_shape", 2);
      if (hw[0] != in.getHeight() || hw[1] != in.getWidth()) {
        throw h.bad(node + "input_shape", "is " + Arrays.toString(hw) + " but the source " + source + " is "
            + in.getHeight() + "x" + in.getWidth());
      }
    }
    int outH = outSize(h, node, in.getHeight(), d[2], (int) stride[0], (int) pad[0]);
    int outW = outSize(h, node, in.getWidth(), d[3], (int) stride[1], (int) pad[1]);
    MapShape out = shape(h, node, target, d[0], outH, outW, targetSize);
    Projection.Builder p = Projection.newBuilder().setSource(source).setTarget(target).setRows(targetSize)
        .setCols(in.getChannels() * in.getHeight() * in.getWidth())
        .setConv2D(Conv2d.newBuilder().setKernelH(d[2]).setKernelW(d[3]).setStrideH((int) stride[0])
            .setStrideW((int) stride[1]).setPadH((int) pad[0]).setPadW((int) pad[1]));
    int perChannel = outH * outW;
    int perKernel = d[1] * d[2] * d[3];
    for (int o = 0; o < d[0]; o++) {
      double s = uniform(h, node, target, scale, o * perChannel, (o + 1) * perChannel, "output channel " + o);
      for (int q = 0; q < perKernel; q++) {
        double v = w.values()[o * perKernel + q];
        if (!Double.isFinite(v)) {
          throw h.bad(node + "weight", "entry " + (o * perKernel + q) + " is " + v);
        }
        p.addWeights(v * s);
      }
    }
    shapes.put(target, out);
    return p.build();
  }

  private static Projection pool(Hdf5Fields h, String node, String source, MapShape in, String target,
      int targetSize, double[] scale, Map<String, MapShape> shapes) {
    long[] k = h.integers(node + "kernel_size", 2);
    long[] stride = h.exists(node + "stride") ? h.integers(node + "stride", 2) : k.clone();
    long[] pad = h.exists(node + "padding") ? padding(h, node + "padding", (int) k[0], (int) k[1], stride)
        : new long[2];
    int outH = outSize(h, node, in.getHeight(), (int) k[0], (int) stride[0], (int) pad[0]);
    int outW = outSize(h, node, in.getWidth(), (int) k[1], (int) stride[1], (int) pad[1]);
    MapShape out = shape(h, node, target, in.getChannels(), outH, outW, targetSize);
    double weight = uniform(h, node, target, scale, 0, targetSize, "every neuron");
    shapes.put(target, out);
    return Projection.newBuilder().setSource(source).setTarget(target).setRows(targetSize)
        .setCols(in.getChannels() * in.getHeight() * in.getWidth()).addWeights(weight)
        .setSumPool2D(SumPool2d.newBuilder().setKernelH((int) k[0]).setKernelW((int) k[1])
            .setStrideH((int) stride[0]).setStrideW((int) stride[1]).setPadH((int) pad[0]).setPadW((int) pad[1]))
        .build();
  }

  /** Padding as two integers; NIR also allows "valid" (0) and "same" (odd kernels at stride 1). */
  private static long[] padding(Hdf5Fields h, String path, int kh, int kw, long[] stride) {
    if (h.isString(path)) {
      String s = h.string(path);
      if ("valid".equals(s)) {
        return new long[2];
      }
      if ("same".equals(s) && kh % 2 == 1 && kw % 2 == 1 && stride[0] == 1 && stride[1] == 1) {
        return new long[] {kh / 2, kw / 2};
      }
      throw h.bad(path, "\"" + s + "\" is not \"valid\", or \"same\" with an odd kernel at stride 1");
    }
    long[] p = h.integers(path, 2);
    if (p[0] < 0 || p[1] < 0) {
      throw h.bad(path, "must be >= 0, got " + Arrays.toString(p));
    }
    return p;
  }

  private static int outSize(Hdf5Fields h, String node, int in, int k, int stride, int pad) {
    if (stride < 1 || k < 1 || k > in + 2 * pad) {
      throw h.bad(node + "kernel", "kernel " + k + " with stride " + stride + " and padding " + pad
          + " does not fit an input of " + in);
    }
    return (in + 2 * pad - k) / stride + 1;
  }

  private static MapShape shape(Hdf5Fields h, String node, String target, int c, int hh, int w, int size) {
    if ((long) c * hh * w != size) {
      throw h.bad(node + "type", "makes a " + c + "x" + hh + "x" + w + " map but " + target + " has " + size
          + " neurons");
    }
    return MapShape.newBuilder().setChannels(c).setHeight(hh).setWidth(w).build();
  }

  private static double uniform(Hdf5Fields h, String node, String target, double[] scale, int from, int to,
      String where) {
    double s = scale[from];
    for (int i = from + 1; i < to; i++) {
      if (scale[i] != s) {
        throw h.bad(node + "weight", "the weights are shared over " + where + " of " + target
            + ", but its neurons scale them differently (r * w_in / tau_syn * V_th / v_threshold: " + s + " vs "
            + scale[i] + " at neuron " + i + ")");
      }
    }
    return s;
  }
}
