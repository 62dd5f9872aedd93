package org.spikeforge.sim;

import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;

/**
 * Input spike times of one sample in compressed rows: channel c fires at {@code times[start[c] .. start[c+1])},
 * ascending. The times are trainable parameters: gradients with respect to them come back in the same layout.
 * The arrays are mutable so that a trainer can move input times or reuse the object for the next sample.
 */
public final class InputTrains {
  private final int channels;
  private final int[] start;
  private final double[] times;

  /** Wraps arrays (not copied): {@code start} has channels + 1 entries. */
  public InputTrains(int[] start, double[] times) {
    this.channels = start.length - 1;
    this.start = start;
    this.times = times;
    if (start[0] != 0 || start[channels] > times.length) {
      throw new IllegalArgumentException("input trains: start offsets do not match " + times.length + " times");
    }
    for (int c = 0; c < channels; c++) {
      if (start[c + 1] < start[c]) {
        throw new IllegalArgumentException("input trains: start offsets decrease at channel " + c);
      }
    }
  }

  /** One spike time per channel (NaN or +infinity: channel silent). */
  public static InputTrains ofSingleSpikes(double[] perChannel) {
    int[] start = new int[perChannel.length + 1];
    int n = 0;
    for (int c = 0; c < perChannel.length; c++) {
      if (Double.isFinite(perChannel[c])) {
        n++;
      }
      start[c + 1] = n;
    }
    double[] times = new double[n];
    int j = 0;
    for (double t : perChannel) {
      if (Double.isFinite(t)) {
        times[j++] = t;
      }
    }
    return new InputTrains(start, times);
  }

  /** Reads {@code times} of each train; checks the channel count against the network and that times ascend. */
  public static InputTrains fromProto(InputSpikes in, int numInputs) {
    if (in.getTrainsCount() > numInputs) {
      throw new IllegalArgumentException("input spikes: " + in.getTrainsCount() + " trains but the network has "
          + numInputs + " input channels");
    }
    int[] start = new int[numInputs + 1];
    int total = 0;
    for (int c = 0; c < numInputs; c++) {
      total += c < in.getTrainsCount() ? in.getTrains(c).getTimesCount() : 0;
      start[c + 1] = total;
    }
    double[] times = new double[total];
    for (int c = 0; c < in.getTrainsCount(); c++) {
      SpikeTrain tr = in.getTrains(c);
      double prev = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < tr.getTimesCount(); k++) {
        double t = tr.getTimes(k);
        if (!Double.isFinite(t) || t < prev) {
          throw new IllegalArgumentException("input spikes: trains[" + c + "].times[" + k + "] = " + t
              + " is not finite and ascending");
        }
        prev = t;
        times[start[c] + k] = t;
      }
    }
    return new InputTrains(start, times);
  }

  public int channels() {
    return channels;
  }

  /** Offsets into {@link #times()}, channels + 1 entries. */
  public int[] start() {
    return start;
  }

  /** All spike times, grouped by channel. */
  public double[] times() {
    return times;
  }

  public int spikeCount() {
    return start[channels];
  }
}
