package org.spikeforge.verify;

/**
 * What the float model and the emulator did on one sample.
 *
 * @param index                 sample index in the evaluated set
 * @param label                 true class
 * @param floatPrediction       float class
 * @param emulatorPrediction    emulator class (same decoding rule, see {@link OutputDecoder})
 * @param floatOutputTimes      float output times (first spike, else pseudospike or LIF fallback)
 * @param floatOutputSilent     which float outputs had no in-trial spike
 * @param emulatorOutputTimes   decoded emulator output times (first spike, else the same fallback rule)
 * @param emulatorOutputSilent  which emulator outputs had no in-trial spike
 * @param timeDiffs             per layer, per neuron: emulator minus float first-spike time where both spiked, else NaN
 * @param floatOnly             per layer: neurons with a float first spike but none in the emulator
 * @param emulatorOnly          per layer: neurons with an emulator spike but no float one
 */
public record SampleResult(int index, int label, int floatPrediction, int emulatorPrediction,
    double[] floatOutputTimes, boolean[] floatOutputSilent, double[] emulatorOutputTimes,
    boolean[] emulatorOutputSilent, double[][] timeDiffs, int[] floatOnly, int[] emulatorOnly)
    implements java.io.Serializable {

  /** Whether both predicted the same class. */
  public boolean agree() {
    return floatPrediction == emulatorPrediction;
  }

  /** Whether no emulator output spiked within the trial. */
  public boolean emulatorOutputLayerSilent() {
    for (boolean s : emulatorOutputSilent) {
      if (!s) {
        return false;
      }
    }
    return true;
  }

  /** How far the outputs moved: the sum over output neurons of |emulator time - float time| (decoded times). */
  public double outputDistance() {
    double d = 0;
    for (int k = 0; k < floatOutputTimes.length; k++) {
      d += Math.abs(emulatorOutputTimes[k] - floatOutputTimes[k]);
    }
    return d;
  }
}
