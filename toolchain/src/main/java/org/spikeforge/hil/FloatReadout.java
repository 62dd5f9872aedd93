package org.spikeforge.hil;

import org.spikeforge.data.SpikeDataset;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * The float reference a board is measured against: a float network's accuracy read out as a chip is read
 * ({@link TraceDecoder#predict}), and with the float model's own pseudospike read-out, which has no chip analogue.
 */
public final class FloatReadout {
  private FloatReadout() {}

  /**
   * Accuracy of a float network on the first {@code limit} (0: all) samples, read out as a chip is read: only
   * in-trial output spikes count, the earliest wins, ties go to the lowest index, silent outputs lose to any spike
   * (all silent: class 0).
   */
  public static double floatAccuracy(TtfsNetwork net, SpikeDataset data, int limit) {
    return accuracy(net, data, limit, false);
  }

  /** Accuracy with the float model's own read-out: argmin of the output times, pseudospikes for silent outputs. */
  public static double floatAccuracyWithPseudospikes(TtfsNetwork net, SpikeDataset data, int limit) {
    return accuracy(net, data, limit, true);
  }

  private static double accuracy(TtfsNetwork net, SpikeDataset data, int limit, boolean pseudospikes) {
    int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
    double[] in = new double[data.numInputs()];
    TtfsWorkspace ws = net.newWorkspace();
    int correct = 0;
    for (int i = 0; i < n; i++) {
      data.inputTimes(i, in);
      net.forward(in, ws);
      double[] t = net.outputTimes(ws);
      boolean[] silent = net.outputSilent(ws);
      int best = 0;
      for (int k = 1; k < t.length; k++) {
        boolean earlier = pseudospikes ? t[k] < t[best] : !silent[k] && (silent[best] || t[k] < t[best]);
        if (earlier) {
          best = k;
        }
      }
      if (best == data.label(i)) {
        correct++;
      }
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }
}
