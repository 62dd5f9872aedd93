package org.spikeforge.hil;

import java.util.Arrays;
import java.util.List;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.WeightMatrix;

/**
 * Keeps a copy of the integer weights a board holds and writes back only what changed: each maximal run of
 * consecutive changed entries of a row-major matrix is one {@link Device#writeWeights} call, so a training step that
 * moves few weights costs few transfers. Weight gain mismatch lives on the board, so the copy is of the programmed
 * values ({@link Device#readWeights} returns the same).
 */
public final class DeviceWeightWriter {
  private final Device device;
  private final List<String> layers;
  private final int[][] held;

  /**
   * @param device the board, with the config loaded
   * @param layers the config's layer names
   * @param initial the weights the board holds now, per layer (row-major), copied
   */
  public DeviceWeightWriter(Device device, List<String> layers, int[][] initial) {
    this.device = device;
    this.layers = List.copyOf(layers);
    this.held = new int[initial.length][];
    for (int l = 0; l < initial.length; l++) {
      held[l] = initial[l].clone();
    }
  }

  /** The weights the board holds for layer l (live view; do not modify). */
  public int[] held(int layer) {
    return held[layer];
  }

  /**
   * Writes the entries of {@code next} that differ from what the board holds.
   *
   * @return the number of weights written (changed)
   */
  public int update(int layer, int[] next) {
    int[] cur = held[layer];
    if (next.length != cur.length) {
      throw new IllegalArgumentException("layer '" + layers.get(layer) + "': " + next.length
          + " weights, the board holds " + cur.length);
    }
    int changed = 0;
    int k = 0;
    while (k < cur.length) {
      if (cur[k] == next[k]) {
        k++;
        continue;
      }
      int start = k;
      while (k < cur.length && cur[k] != next[k]) {
        k++;
      }
      int[] run = Arrays.copyOfRange(next, start, k);
      device.writeWeights(layers.get(layer), WeightMatrix.FEEDFORWARD, start, run);
      System.arraycopy(run, 0, cur, start, run.length);
      changed += run.length;
    }
    return changed;
  }
}
