package org.spikeforge.emulator.core;

/**
 * The mutable state of one layer during a run. A step is: {@link #beginStep()}, any number of
 * {@link #addFeedForward}/{@link #addRecurrent}/{@link #addInputs} calls (one per active source neuron,
 * ascending source index), then {@link #update}. No method allocates. The bulk forms deliver one step's whole
 * sparse spike list in one call, so a core can batch the work; their defaults loop over the single forms.
 */
public interface LayerCore {
  /** Back to the initial state. */
  void reset();

  /** Clears this step's synaptic accumulators. */
  void beginStep();

  /** Delivers {@code count} spikes of feed-forward source neuron {@code source}. */
  void addFeedForward(int source, int count);

  /** Delivers {@code count} spikes of this layer's own neuron {@code source} from the previous step. */
  void addRecurrent(int source, int count);

  /**
   * Delivers input-channel events {@code channels[from..to)} with their raw spike counts, which the family's
   * {@link LayerModel#inputCount} rule turns into delivered counts.
   */
  default void addInputs(LayerModel model, int[] channels, int[] rawCounts, int from, int to) {
    for (int e = from; e < to; e++) {
      addFeedForward(channels[e], model.inputCount(rawCounts[e]));
    }
  }

  /** Delivers the spikes of feed-forward source neurons {@code sources[0..n)} with their counts. */
  default void addFeedForward(int[] sources, int[] counts, int n) {
    for (int k = 0; k < n; k++) {
      addFeedForward(sources[k], counts[k]);
    }
  }

  /** Delivers this layer's own spikes of the previous step, {@code sources[0..n)} with their counts. */
  default void addRecurrent(int[] sources, int[] counts, int n) {
    for (int k = 0; k < n; k++) {
      addRecurrent(sources[k], counts[k]);
    }
  }

  /**
   * Advances every neuron by one step and writes the spiking neurons (ascending) with their spike counts.
   *
   * @return how many entries were written
   */
  int update(int[] spikingNeurons, int[] spikeCounts);

  /** The current value of state variable {@code variable} (an index into {@link LayerModel#variables()}). */
  long read(int variable, int neuron);
}
