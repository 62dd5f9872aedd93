package org.spikeforge.emulator;

/**
 * Receives a streamed run step by step (see {@link EmulatorSession#stream}): for each step, the spikes of each
 * recorded layer in layer order, then the step's probe values. The arrays are the session's own buffers, valid
 * only during the call; copy or write out what is needed. Nothing is kept by the session, so a writer to a file
 * makes a run of any length use constant memory.
 */
public interface StepOutput {
  /**
   * The spiking neurons {@code neurons[0..n)} (ascending) of recorded layer {@code layer} at {@code step}, with
   * their spike counts (all 1 unless the family emits several spikes per step).
   */
  void spikes(int step, int layer, int[] neurons, int[] counts, int n);

  /** The end of {@code step}: the values of the session's probes after the step's update, in probe order. */
  void endStep(int step, long[] probeValues);
}
