package org.spikeforge.verify;

/**
 * Turns output times into a class, identically for the float model and the emulator: the earliest output
 * wins and ties go to the lowest neuron index (the rule of {@code ClassificationLoss.predict}). Both sides
 * give every output a time: its first in-trial spike, else the model's fallback (theta: the layer-wise
 * pseudospike of SCIENCE.md 3, which the emulator side computes from the phases it holds at the trial end,
 * see {@link ThetaReadout}; LIF: T + tau for every silent output). Equal emulator steps are ties on purpose:
 * inside one step the hardware has no finer order, so no sub-step guess is made.
 */
public final class OutputDecoder {
  private OutputDecoder() {}

  /** argmin of the times, lowest index on ties. */
  public static int fromTimes(double[] times) {
    int best = 0;
    for (int k = 1; k < times.length; k++) {
      if (times[k] < times[best]) {
        best = k;
      }
    }
    return best;
  }
}
