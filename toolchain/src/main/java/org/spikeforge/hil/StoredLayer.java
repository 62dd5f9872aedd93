package org.spikeforge.hil;

import org.spikeforge.proto.HwConv2d;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.ttfs.Connectivity;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * How the integer weights of one lowered layer are stored, and where each lives in the float network and on the
 * board. A dense layer stores its row-major [size][fan_in] matrix: entry k = i * fan_in + j is the shadow weight
 * {@code weightIndex(l, i, j)} and board synapse k. A conv layer stores its shared kernel (layout out, in, kh, kw):
 * entry e is the shadow parameter {@code weightOffset(l) + e} and stands for every board synapse at the kernel tap e
 * ({@link #tapStart}, {@link #taps}; the reference board holds conv layers expanded to [size][fan_in], so a changed
 * kernel entry is written to all of them, and weight sharing survives the updates). A pool layer stores its one fixed
 * weight, which is not a parameter and is never rewritten.
 *
 * <p>Why tied kernels: the float network is a conv net, so its gradient is per kernel entry (summed over positions);
 * untying on the board would leave a network that no longer has a conv description to export, and a chip that
 * compresses kernels (Loihi 2) could not hold it.
 */
final class StoredLayer {
  /** Stored entries. */
  final int count;
  /** Per stored entry: index of its shadow parameter, or -1 (the pool's fixed weight). */
  final int[] param;
  /** Per stored entry: the codec row (the first neuron it feeds; the loihi2 codec is the same for every row). */
  final int[] row;
  /** Conv and pool: board synapses of entry e are taps[tapStart[e] .. tapStart[e + 1]); null for dense. */
  final int[] tapStart;
  final int[] taps;

  private StoredLayer(int count, int[] param, int[] row, int[] tapStart, int[] taps) {
    this.count = count;
    this.param = param;
    this.row = row;
    this.tapStart = tapStart;
    this.taps = taps;
  }

  /** Whether entries are shared by several board synapses (conv and pool). */
  boolean shared() {
    return taps != null;
  }

  /** The integers the config stores for this layer (weights, kernel or the one pool weight). */
  static int[] stored(HwLayer hl) {
    if (hl.hasConv2D()) {
      return hl.getConv2D().getKernelList().stream().mapToInt(Integer::intValue).toArray();
    }
    if (hl.hasSumPool2D()) {
      return new int[] {hl.getSumPool2D().getWeight()};
    }
    return hl.getWeightsList().stream().mapToInt(Integer::intValue).toArray();
  }

  /** {@code hl} with its stored integers replaced by {@code values}. */
  static void setStored(HwLayer.Builder hl, int[] values) {
    if (hl.hasConv2D()) {
      HwConv2d.Builder c = hl.getConv2DBuilder().clearKernel();
      for (int v : values) {
        c.addKernel(v);
      }
    } else if (hl.hasSumPool2D()) {
      hl.getSumPool2DBuilder().setWeight(values[0]);
    } else {
      hl.clearWeights();
      for (int v : values) {
        hl.addWeights(v);
      }
    }
  }

  /**
   * The layout of config layer {@code hl}, which must be network layer {@code l} lowered: dense with dense, conv
   * with conv (same kernel size), pool with pool.
   *
   * @throws IllegalArgumentException naming the layer when the two disagree (e.g. xylo's dense expansion of a conv
   *     layer, which hardware-in-the-loop training does not take)
   */
  static StoredLayer of(HwLayer hl, TtfsNetwork net, int l) {
    Connectivity c = net.connectivity(l);
    String have = hl.hasConv2D() ? "conv2d" : hl.hasSumPool2D() ? "sum_pool2d" : "dense weights";
    String want = switch (c.kind()) {
      case CONV2D -> "conv2d";
      case SUM_POOL2D -> "sum_pool2d";
      case DENSE -> "dense weights";
    };
    if (!have.equals(want)) {
      throw new IllegalArgumentException("hardware config layer '" + hl.getName() + "' has " + have
          + ", network layer " + l + " is " + want + "; hardware-in-the-loop training needs the lowering that keeps"
          + " the layer kinds (loihi2; xylo expands conv and pool layers to dense)");
    }
    int rows = net.layerSize(l);
    int cols = net.layerSize(l - 1);
    if (c.kind() == Connectivity.Kind.DENSE) {
      int[] param = new int[rows * cols];
      int[] row = new int[rows * cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          param[i * cols + j] = net.weightIndex(l, i, j);
          row[i * cols + j] = i;
        }
      }
      return new StoredLayer(rows * cols, param, row, null, null);
    }
    boolean conv = c.kind() == Connectivity.Kind.CONV2D;
    int entries = conv ? net.weightCount(l) : 1;
    if (conv && hl.getConv2D().getKernelCount() != entries) {
      throw new IllegalArgumentException("hardware config layer '" + hl.getName() + "': conv2d.kernel has "
          + hl.getConv2D().getKernelCount() + " entries, network layer " + l + " has " + entries);
    }
    int[] param = new int[entries];
    int[] row = new int[entries];
    int perOut = c.inC() * c.kernelH() * c.kernelW();
    for (int e = 0; e < entries; e++) {
      param[e] = conv ? net.weightOffset(l) + e : -1;
      row[e] = conv ? (e / perOut) * c.outH() * c.outW() : 0;
    }
    int[] start = new int[entries + 1];
    c.forEachSynapse((target, source, e) -> start[e + 1]++);
    for (int e = 0; e < entries; e++) {
      start[e + 1] += start[e];
    }
    int[] fill = start.clone();
    int[] taps = new int[start[entries]];
    c.forEachSynapse((target, source, e) -> taps[fill[e]++] = target * cols + source);
    return new StoredLayer(entries, param, row, start, taps);
  }
}
