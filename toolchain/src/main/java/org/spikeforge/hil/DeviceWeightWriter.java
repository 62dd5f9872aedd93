package org.spikeforge.hil;

import java.util.List;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.WeightMatrix;

/**
 * Keeps a copy of the integer weights a board holds and writes back only what changed, all changed entries of a
 * layer in one {@link Device#writeWeightsAt} call (one {@code sf_write_weights_indexed} on the reference board), so a
 * training step that moves a few thousand scattered weights of a 94,200-weight layer costs one transfer of those. Weight gain mismatch lives on the board, so the copy is of the programmed
 * values ({@link Device#readWeights} returns the same).
 */
public final class DeviceWeightWriter {
  private final Device device;
  private final List<String> layers;
  private final int[][] held;
  /** Per layer: null (entry k is board synapse k), or the board synapses of each stored entry (conv, pool). */
  private final StoredLayer[] shared;

  /**
   * @param device the board, with the config loaded
   * @param layers the config's layer names
   * @param initial the weights the board holds now, per layer (row-major), copied
   */
  public DeviceWeightWriter(Device device, List<String> layers, int[][] initial) {
    this(device, layers, initial, new StoredLayer[initial.length]);
  }

  /**
   * As {@link #DeviceWeightWriter(Device, List, int[][])} for layers that store shared entries: where
   * {@code layouts[l]} is {@link StoredLayer#shared()}, {@code initial[l]} holds its stored entries (a conv kernel)
   * and a changed entry is written to every board synapse at its taps, in the same one call per layer.
   */
  DeviceWeightWriter(Device device, List<String> layers, int[][] initial, StoredLayer[] layouts) {
    this.device = device;
    this.layers = List.copyOf(layers);
    this.held = new int[initial.length][];
    this.shared = new StoredLayer[initial.length];
    for (int l = 0; l < initial.length; l++) {
      held[l] = initial[l].clone();
      shared[l] = layouts[l] != null && layouts[l].shared() ? layouts[l] : null;
    }
  }

  /** The weights the board holds for layer l (live view; do not modify). */
  public int[] held(int layer) {
    return held[layer];
  }

  /**
   * Writes the entries of {@code next} that differ from what the board holds.
   *
   * @return the number of stored weights written (changed; a conv kernel entry counts once)
   */
  public int update(int layer, int[] next) {
    int[] cur = held[layer];
    if (next.length != cur.length) {
      throw new IllegalArgumentException("layer '" + layers.get(layer) + "': " + next.length
          + " weights, the board holds " + cur.length);
    }
    int changed = 0;
    for (int k = 0; k < cur.length; k++) {
      if (cur[k] != next[k]) {
        changed++;
      }
    }
    if (changed == 0) {
      return 0;
    }
    int[] indices = new int[changed];
    int[] values = new int[changed];
    int n = 0;
    for (int k = 0; k < cur.length; k++) {
      if (cur[k] != next[k]) {
        indices[n] = k;
        values[n++] = next[k];
      }
    }
    StoredLayer s = shared[layer];
    if (s == null) {
      device.writeWeightsAt(layers.get(layer), WeightMatrix.FEEDFORWARD, indices, values);
    } else {
      int synapses = 0;
      for (int i = 0; i < changed; i++) {
        synapses += s.tapStart[indices[i] + 1] - s.tapStart[indices[i]];
      }
      int[] at = new int[synapses];
      int[] v = new int[synapses];
      int q = 0;
      for (int i = 0; i < changed; i++) {
        for (int t = s.tapStart[indices[i]]; t < s.tapStart[indices[i] + 1]; t++) {
          at[q] = s.taps[t];
          v[q++] = values[i];
        }
      }
      device.writeWeightsAt(layers.get(layer), WeightMatrix.FEEDFORWARD, at, v);
    }
    for (int i = 0; i < changed; i++) {
      cur[indices[i]] = values[i];
    }
    return changed;
  }
}
