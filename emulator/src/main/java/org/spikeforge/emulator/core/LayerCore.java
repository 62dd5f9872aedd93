package org.spikeforge.emulator.core;

/**
 * The mutable state of one layer during a run. A step is: {@link #beginStep()}, any number of
 * {@link #addFeedForward}/{@link #addRecurrent} calls (one per active source neuron, ascending source index),
 * then {@link #update}. No method allocates.
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
   * Advances every neuron by one step and writes the spiking neurons (ascending) with their spike counts.
   *
   * @return how many entries were written
   */
  int update(int[] spikingNeurons, int[] spikeCounts);

  /** The current value of state variable {@code variable} (an index into {@link LayerModel#variables()}). */
  long read(int variable, int neuron);
}
