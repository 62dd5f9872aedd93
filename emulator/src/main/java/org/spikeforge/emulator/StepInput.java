package org.spikeforge.emulator;

/**
 * Input spikes delivered one step at a time, so that a run of any length needs memory for one step only (a file
 * reader streams them; {@link InputSchedule#stepInput()} adapts a whole sample). {@link EmulatorSession#stream}
 * asks for steps 0, 1, 2, ... in order, each exactly once.
 */
@FunctionalInterface
public interface StepInput {
  /**
   * Writes the input events of {@code step}: distinct channels in ascending order with their raw spike counts
   * ({@code >= 1}).
   *
   * @param channels room for one entry per input channel
   * @param counts room for one entry per input channel
   * @return how many events were written (0 for a silent step)
   */
  int read(int step, int[] channels, int[] counts);
}
