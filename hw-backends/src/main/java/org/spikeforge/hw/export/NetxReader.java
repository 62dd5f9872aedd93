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

  public static NetxFile read(Path file) {
    return Hdf5Fields.read(file, h -> {
      List<String> names = h.children("layer");
      for (int i = 0; i < names.size(); i++) {
        if (!names.contains(Integer.toString(i))) {
          throw h.bad("layer/" + i, "missing; netx numbers layers 0..N-1 consecutively");
        }
      }
      if (names.isEmpty() || !"input".equals(h.string("layer/0/type"))) {
        throw h.bad("layer/0/type", "must be \"input\"");
      }
      int numInputs = positive(h, "layer/0/shape", h.integers("layer/0/shape"));
      NetxExporter.DenseLayer[] layers = new NetxExporter.DenseLayer[names.size() - 1];
      int fanIn = numInputs;
      for (int i = 1; i < names.size(); i++) {
        String g = "layer/" + i;
        String type = h.string(g + "/type");
        if (!"dense".equals(type)) {
          throw h.bad(g + "/type", "is \"" + type + "\"; SpikeForge reads \"dense\" layers only");
        }
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
        layers[i - 1] = new NetxExporter.DenseLayer(size, fanIn, w, bias, delay, iDecay, vDecay, vTh);
        fanIn = size;
      }
      return new NetxFile(numInputs, List.of(layers));
    });
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
