package org.spikeforge.hw.export;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads a netx {@code .net} file back into its integer layers, checking every field the way netx
 * needs it: consecutive {@code layer/i} groups, case-sensitive types, (out, in) weights matching
 * {@code shape}, and integer neuron parameters (netx hangs on floats). Used to verify exports and
 * to refuse damaged files before they reach Lava.
 */
public final class NetxReader {
  /** A parsed netx file: the input width and the dense layers in order. */
  public record NetxFile(int numInputs, List<NetxExporter.DenseLayer> layers) {}

  private NetxReader() {}

  /** The layer group names, checked to be 0..N-1 with an input layer 0. */
  private static List<String> layerNames(Hdf5Fields h) {
    List<String> names = h.children("layer");
    for (int i = 0; i < names.size(); i++) {
      if (!names.contains(Integer.toString(i))) {
        throw h.bad("layer/" + i, "missing; netx numbers layers 0..N-1 consecutively");
      }
    }
    if (names.isEmpty() || !"input".equals(h.string("layer/0/type"))) {
      throw h.bad("layer/0/type", "must be \"input\"");
    }
    return names;
  }

  public static NetxFile read(Path file) {
    return Hdf5Fields.read(file, h -> {
      List<String> names = layerNames(h);
      int numInputs = positive(h, "layer/0/shape", h.integers("layer/0/shape"));
      NetxExporter.DenseLayer[] layers = new NetxExporter.DenseLayer[names.size() - 1];
      int fanIn = numInputs;
      for (int i = 1; i < names.size(); i++) {
        String g = "layer/" + i;
        String type = h.string(g + "/type");
        if (!"dense".equals(type)) {
          throw h.bad(g + "/type", "is \"" + type + "\"; SpikeForge reads \"dense\" layers only");
        }
        layers[i - 1] = dense(h, g, fanIn);
        fanIn = layers[i - 1].size();
      }
      return new NetxFile(numInputs, List.of(layers));
    });
  }

  private static NetxExporter.DenseLayer dense(Hdf5Fields h, String g, int fanIn) {
        int size = positive(h, g + "/shape", h.integers(g + "/shape"));
        int[][] w = h.intMatrix(g + "/weight");
        int cols = w.length == 0 ? 0 : w[0].length;
        for (int[] row : w) {
          if (row.length != cols) {
            throw h.bad(g + "/weight", "is a ragged matrix; it must be (out, in) = (" + size + ", " + fanIn + ")");
          }
        }
        if (w.length != size || cols != fanIn) {
          throw h.bad(g + "/weight", "shape (" + w.length + ", " + cols + ") must be (out, in) = (" + size + ", " + fanIn + ")");
        }
        int[] bias = null;
        if (h.exists(g + "/bias")) {
          long[] b = h.integers(g + "/bias");
          if (b.length != size) {
            throw h.bad(g + "/bias", "has " + b.length + " entries, expected " + size);
          }
          bias = new int[size];
          for (int k = 0; k < size; k++) {
            if (b[k] != (int) b[k]) {
              throw h.bad(g + "/bias", "value " + b[k] + " at [" + k + "] does not fit int32");
            }
            bias[k] = (int) b[k];
          }
        }
        int delay = 0;
        if (h.exists(g + "/delay")) {
          int[][] d = h.intMatrix(g + "/delay");
          if (d.length == 0 || d[0].length == 0) {
            throw h.bad(g + "/delay", "is empty; it must be one delay 0..62 for the whole layer");
          }
          delay = d[0][0];
          for (int[] row : d) {
            for (int x : row) {
              if (x != delay || x < 0 || x > 62) {
                throw h.bad(g + "/delay", "must be one delay 0..62 for the whole layer");
              }
            }
          }
        }
    int[] nrn = neuron(h, g);
    return new NetxExporter.DenseLayer(size, fanIn, w, bias, delay, nrn[0], nrn[1], nrn[2]);
  }

  /** iDecay, vDecay, vThMant of {@code g/neuron}. */
  private static int[] neuron(Hdf5Fields h, String g) {
        String n = g + "/neuron";
        if (h.exists(n + "/messageBits")) {
          throw h.bad(n + "/messageBits", "present; it breaks netx compilation");
        }
        if (!"CUBA".equals(h.string(n + "/type"))) {
          throw h.bad(n + "/type", "must be \"CUBA\"");
        }
        int iDecay = bounded(h, n + "/iDecay", 1, 4096);
        int vDecay = bounded(h, n + "/vDecay", 0, 4095);
        int vTh = bounded(h, n + "/vThMant", 0, (1 << 17) - 1);
    return new int[] {iDecay, vDecay, vTh};
  }

  private static int[] bias(Hdf5Fields h, String g, int size) {
    if (!h.exists(g + "/bias")) {
      return null;
    }
    long[] b = h.integers(g + "/bias");
    if (b.length != size) {
      throw h.bad(g + "/bias", "has " + b.length + " entries, expected " + size);
    }
    int[] bias = new int[size];
    for (int k = 0; k < size; k++) {
      if (b[k] != (int) b[k]) {
        throw h.bad(g + "/bias", "value " + b[k] + " at [" + k + "] does not fit int32");
      }
      bias[k] = (int) b[k];
    }
    return bias;
  }

  /** A parsed netx file with map layers: the input shape ((c, h, w) or (n)) and every block in order. */
  public record NetxBlocks(int[] inputShape, List<NetxExporter.Block> blocks) {}

  /**
   * Reads dense, conv and flatten blocks. Conv kernels come back as (out, in / groups, kh, kw), exactly as
   * stored; a conv carrying {@code spikeforgeSumPool} must have groups = channels and one weight and is read
   * as a sum pool; a conv bias has one value per channel. Shapes are checked against the conv output rule, so a swapped (h, w) is refused.
   */
  public static NetxBlocks readBlocks(Path file) {
    return Hdf5Fields.read(file, h -> {
      List<String> names = layerNames(h);
      long[] in = h.integers("layer/0/shape");
      if ((in.length != 1 && in.length != 3) || java.util.Arrays.stream(in).anyMatch(v -> v <= 0 || v > 1 << 24)) {
        throw h.bad("layer/0/shape", "must be (n) or (c, h, w) of positive integers");
      }
      int[] shape = java.util.Arrays.stream(in).mapToInt(v -> (int) v).toArray();
      int[] cur = shape;
      java.util.List<NetxExporter.Block> blocks = new java.util.ArrayList<>();
      for (int i = 1; i < names.size(); i++) {
        String g = "layer/" + i;
        String type = h.string(g + "/type");
        switch (type) {
          case "dense" -> {
            if (cur.length != 1) {
              throw h.bad(g + "/type", "dense after a (c, h, w) map needs a flatten block first");
            }
            NetxExporter.DenseLayer d = dense(h, g, cur[0]);
            blocks.add(d);
            cur = new int[] {d.size()};
          }
          case "flatten" -> {
            if (cur.length != 3) {
              throw h.bad(g + "/type", "flatten needs a (c, h, w) map before it");
            }
            blocks.add(new NetxExporter.FlattenBlock(cur));
            cur = new int[] {cur[0] * cur[1] * cur[2]};
          }
          case "conv" -> {
            if (cur.length != 3) {
              throw h.bad(g + "/type", "conv needs a (c, h, w) map before it");
            }
            NetxExporter.ConvBlock c = conv(h, g, cur);
            blocks.add(c);
            cur = c.outChw();
          }
          default -> throw h.bad(g + "/type", "is \"" + type + "\"; SpikeForge reads dense, conv and flatten");
        }
      }
      return new NetxBlocks(shape, List.copyOf(blocks));
    });
  }

  private static int[] pair(Hdf5Fields h, String path, int lo) {
    long[] v = h.integers(path);
    if (v.length != 2 || v[0] < lo || v[1] < lo || v[0] > 1 << 16 || v[1] > 1 << 16) {
      throw h.bad(path, "must be two integers (h, w) >= " + lo);
    }
    return new int[] {(int) v[0], (int) v[1]};
  }

  private static NetxExporter.ConvBlock conv(Hdf5Fields h, String g, int[] in) {
    int[] outShape = java.util.Arrays.stream(h.integers(g + "/shape")).mapToInt(v -> (int) v).toArray();
    if (outShape.length != 3 || outShape[0] <= 0 || outShape[1] <= 0 || outShape[2] <= 0) {
      throw h.bad(g + "/shape", "must be (c, h, w) of positive integers");
    }
    int[] stride = pair(h, g + "/stride", 1);
    int[] pad = pair(h, g + "/padding", 0);
    int[] dil = pair(h, g + "/dilation", 1);
    if (dil[0] != 1 || dil[1] != 1) {
      throw h.bad(g + "/dilation", "must be (1, 1); SpikeForge kernels are not dilated");
    }
    long groups = h.integer(g + "/groups");
    int[][][][] w = h.int4(g + "/weight");
    int o = w.length;
    int ig = o == 0 ? 0 : w[0].length;
    int kh = ig == 0 ? 0 : w[0][0].length;
    int kw = kh == 0 ? 0 : w[0][0][0].length;
    if (o != outShape[0] || kh == 0 || kw == 0 || groups <= 0 || in[0] % groups != 0 || o % groups != 0
        || ig != in[0] / groups) {
      throw h.bad(g + "/weight", "shape (" + o + ", " + ig + ", " + kh + ", " + kw + ") must be (out, in / groups, kh, kw)"
          + " with out = " + outShape[0] + ", in = " + in[0] + ", groups = " + groups);
    }
    int[] kernel = new int[o * ig * kh * kw];
    int q = 0;
    for (int[][][] a : w) {
      for (int[][] b : a) {
        for (int[] y : b) {
          if (y.length != kw) {
            throw h.bad(g + "/weight", "is ragged");
          }
          for (int x : y) {
            kernel[q++] = x;
          }
        }
      }
    }
    for (int d = 0; d < 2; d++) {
      int k = d == 0 ? kh : kw;
      int expect = (in[d + 1] + 2 * pad[d] - k) / stride[d] + 1;
      if (pad[d] > k - 1 || expect != outShape[d + 1]) {
        throw h.bad(g + "/shape", "is " + java.util.Arrays.toString(outShape) + "; input "
            + java.util.Arrays.toString(in) + ", kernel (" + kh + ", " + kw + "), stride " + java.util.Arrays.toString(stride)
            + " and padding " + java.util.Arrays.toString(pad) + " give " + (d == 0 ? "height " : "width ") + expect);
      }
    }
    boolean pool = h.exists(g + "/spikeforgeSumPool");
    if (pool) {
      boolean uniform = java.util.Arrays.stream(kernel).allMatch(v -> v == kernel[0]);
      if (groups != in[0] || o != in[0] || !uniform) {
        throw h.bad(g + "/spikeforgeSumPool", "marks a sum pool, which needs groups = channels and one weight");
      }
    }
    int[] nrn = neuron(h, g);
    return new NetxExporter.ConvBlock(in, outShape, kh, kw, stride[0], stride[1], pad[0], pad[1], (int) groups,
        kernel, pool, bias(h, g, outShape[0]), nrn[0], nrn[1], nrn[2]);
  }

  private static int positive(Hdf5Fields h, String path, long[] shape) {
    if (shape.length != 1 || shape[0] <= 0 || shape[0] > Integer.MAX_VALUE) {
      throw h.bad(path, "must be one positive integer");
    }
    return (int) shape[0];
  }

  private static int bounded(Hdf5Fields h, String path, int lo, int hi) {
    long v = h.integer(path);
    if (v < lo || v > hi) {
      throw h.bad(path, "is " + v + ", allowed " + lo + ".." + hi);
    }
    return (int) v;
  }
}
