package org.spikeforge.emulator;

/**
 * The spikes a layer emitted in its last {@code depth} steps, as sparse (neuron, count) lists in a ring, so that
 * consumers with an input delay (and the layer's own recurrent weights) read step {@code t - d}.
 */
final class SpikeHistory {
  private final int depth;
  private final int[][] neurons;
  private final int[][] counts;
  private final int[] sizes;

  SpikeHistory(int depth, int size) {
    this.depth = depth;
    this.neurons = new int[depth][size];
    this.counts = new int[depth][size];
    this.sizes = new int[depth];
  }

  void reset() {
    java.util.Arrays.fill(sizes, 0);
  }

  int slot(int step) {
    return step % depth;
  }

  int[] neurons(int slot) {
    return neurons[slot];
  }

  int[] counts(int slot) {
    return counts[slot];
  }

  int size(int slot) {
    return sizes[slot];
  }

  void setSize(int slot, int n) {
    sizes[slot] = n;
  }
}
