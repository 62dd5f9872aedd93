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
    // One key per spike inside the run, step-major then channel; sorting and run-length coding the keys
    // gives the (step, channel, count) events in delivery order.
    long stride = CompiledConfig.MAX_LAYER_SIZE + 1L;
    int spikes = 0;
    for (int c = 0; c < numInputs; c++) {
      SpikeTrain train = in.getTrains(c);
      for (int k = 0; k < train.getStepsCount(); k++) {
        long s = train.getSteps(k);
        if (s < 0) {
          throw new ConfigException("input.trains[" + c + "].steps[" + k + "] = " + s + " is negative");
        }
        if (s < steps) {
          spikes++;
        }
      }
    }
    long[] keys = new long[spikes];
    int n = 0;
    for (int c = 0; c < numInputs; c++) {
      for (long s : in.getTrains(c).getStepsList()) {
        if (s < steps) {
          keys[n++] = s * stride + c;
        }
      }
    }
    Arrays.sort(keys);
    int events = 0;
    for (int k = 0; k < keys.length; k++) {
      if (k == 0 || keys[k] != keys[k - 1]) {
        events++;
      }
    }
    int[] step = new int[events];
    int[] channel = new int[events];
    int[] count = new int[events];
    int e = -1;
    for (int k = 0; k < keys.length; k++) {
      if (k == 0 || keys[k] != keys[k - 1]) {
        e++;
        step[e] = (int) (keys[k] / stride);
        channel[e] = (int) (keys[k] % stride);
      }
      count[e]++;
    }
    return new InputSchedule(step, channel, count, (int) steps);
  }

  /** Number of steps the schedule covers. */
  public int steps() {
    return steps;
  }

  /**
   * This schedule as a {@link StepInput} for {@link EmulatorSession#stream}: a fresh cursor that hands out the
   * events of steps 0, 1, 2, ... in order.
   */
  public StepInput stepInput() {
    return new StepInput() {
      private int cursor;

      @Override
      public int read(int t, int[] channels, int[] counts) {
        int e = cursor;
        while (e < step.length && step[e] < t) {
          e++;
        }
        int n = 0;
        while (e < step.length && step[e] == t) {
          channels[n] = channel[e];
          counts[n] = count[e];
          n++;
          e++;
        }
        cursor = e;
        return n;
      }
    };
  }

  /** Number of (step, channel) events. */
  public int events() {
    return step.length;
  }
}
