package org.spikeforge.plot;

/**
 * One band of a {@link SpikeRaster}: a layer (or the input) and, per neuron, its spike times.
 */
public record RasterGroup(String name, double[][] spikeTimes) {
  /** Number of spikes in the group. */
  public int spikeCount() {
    int n = 0;
    for (double[] times : spikeTimes) {
      n += times.length;
    }
    return n;
  }
}
