package org.spikeforge.emulator.core;

/**
 * The validated, immutable integer parameters of one layer of one target family. It is shared by every
 * session that runs the config and makes the mutable per-run state with {@link #newCore()}.
 */
public interface LayerModel {
  /** Number of neurons. */
  int size();

  /** Whether recurrent weights exist (delivered from the layer's own spikes of the previous step). */
  boolean hasRecurrent();

  /** The spike count a layer of this family takes from {@code raw} input-channel spikes in one step. */
  int inputCount(int raw);

  /**
   * Whether a neuron of this family emits at most one spike per step, so that every spike count its core
   * writes is 1 (lets the recorder skip storing counts).
   */
  default boolean singleSpikePerStep() {
    return false;
  }

  /** Names of the state variables that can be probed, in the order {@link LayerCore#read} indexes them. */
  java.util.List<String> variables();

  /** Fresh state, reset to the initial values. */
  LayerCore newCore();
}
