package org.spikeforge.emulator;

import java.util.Arrays;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;

/**
 * Input spikes as a flat event list sorted by (step, channel), one entry per (step, channel) with its spike
 * count, for steps inside the run. Built once per sample, read with a cursor per consumer, so a run needs no
 * per-step memory.
 */
public final class InputSchedule {
  final int[] step;
  final int[] channel;
  final int[] count;
  final int steps;

  private InputSchedule(int[] step, int[] channel, int[] count, int steps) {
    this.step = step;
    this.channel = channel;
    this.count = count;
    this.steps = steps;
  }

  /**
   * Checks {@code in} against the config's input width and collects the spikes of steps {@code [0, steps)}.
   *
   * @throws ConfigException for a channel count that differs from {@code numInputs} or a negative step
   */
  public static InputSchedule of(InputSpikes in, int numInputs, long steps) {
    if (steps < 0 || steps > Integer.MAX_VALUE - 8) {
      throw new ConfigException("steps = " + steps + " is out of range [0, " + (Integer.MAX_VALUE - 8) + "]");
    }
    if (in.getTrainsCount() != numInputs) {
      throw new ConfigException("input.trains has " + in.getTrainsCount() + " channels, expected num_inputs = "
          + numInputs);
    }
    if (in.getChannels() != 0 && in.getChannels() != numInputs) {
      throw new ConfigException("input.channels = " + in.getChannels() + " differs from num_inputs = " + numInputs);
    }
    int total = 0;
    long[][] sorted = new long[numInputs][];
    for (int c = 0; c < numInputs; c++) {
      SpikeTrain train = in.getTrains(c);
      long[] s = new long[train.getStepsCount()];
      for (int k = 0; k < s.length; k++) {
        s[k] = train.getSteps(k);
        if (s[k] < 0) {
          throw new ConfigException("input.trains[" + c + "].steps[" + k + "] = " + s[k] + " is negative");
        }
      }
      Arrays.sort(s);
      sorted[c] = s;
      for (int k = 0; k < s.length && s[k] < steps; k++) {
        if (k == 0 || s[k] != s[k - 1]) {
          total++;
        }
      }
    }
    // Merge: events per step in ascending channel order.
    long[] keys = new long[total];
    int[] counts = new int[total];
    int e = 0;
    for (int c = 0; c < numInputs; c++) {
      long[] s = sorted[c];
      for (int k = 0; k < s.length && s[k] < steps; k++) {
        if (k == 0 || s[k] != s[k - 1]) {
          keys[e] = s[k] * (CompiledConfig.MAX_LAYER_SIZE + 1L) + c;
          counts[e] = 1;
          e++;
        } else if (counts[e - 1] < Integer.MAX_VALUE) {
          counts[e - 1]++;
        }
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
    int[] step = new int[total];
    int[] channel = new int[total];
    int[] count = new int[total];
    for (int i = 0; i < total; i++) {
      int o = order[i];
      step[i] = (int) (keys[o] / (CompiledConfig.MAX_LAYER_SIZE + 1L));
      channel[i] = (int) (keys[o] % (CompiledConfig.MAX_LAYER_SIZE + 1L));
      count[i] = counts[o];
    }
    return new InputSchedule(step, channel, count, (int) steps);
  }

  /** Number of steps the schedule covers. */
  public int steps() {
    return steps;
  }

  /** Number of (step, channel) events. */
  public int events() {
    return step.length;
  }
}
