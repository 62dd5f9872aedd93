package org.spikeforge.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.SpikeTrain;

/**
 * Checks input spikes before they reach a simulator or a device: one train per channel, the
 * channel count the network expects, and spike times (or steps) that are finite, non-negative and
 * ascending, as the format promises.
 */
public final class InputSpikesValidator {
  private InputSpikesValidator() {}

  /**
   * Throws a one-line {@link SpikeForgeIoException} for the first problem, if there is any.
   *
   * @param expectedChannels the network's {@code num_inputs}, or -1 to skip that check
   */
  public static void check(InputSpikes spikes, int expectedChannels, Path file) {
    List<ValidationProblem> problems = problems(spikes, expectedChannels, "");
    if (!problems.isEmpty()) {
      throw SpikeForgeIoException.ofProblems(file, problems);
    }
  }

  /** As {@link #check(InputSpikes, int, Path)} for every sample of a dataset. */
  public static void check(SpikeDataset dataset, int expectedChannels, Path file) {
    List<ValidationProblem> problems = new ArrayList<>();
    for (int s = 0; s < dataset.getSamplesCount() && problems.size() < NetworkValidator.MAX_PROBLEMS; s++) {
      problems.addAll(problems(dataset.getSamples(s), expectedChannels, "samples[" + s + "]."));
    }
    if (!problems.isEmpty()) {
      throw SpikeForgeIoException.ofProblems(file, problems);
    }
  }

  /** Every problem in one sample; field paths start with {@code prefix}. */
  public static List<ValidationProblem> problems(InputSpikes spikes, int expectedChannels, String prefix) {
    List<ValidationProblem> out = new ArrayList<>();
    if (spikes.getChannels() < 0) {
      out.add(new ValidationProblem(prefix + "channels", spikes.getChannels() + ", must be >= 0"));
    } else if (expectedChannels >= 0 && spikes.getChannels() != expectedChannels) {
      out.add(new ValidationProblem(
          prefix + "channels", spikes.getChannels() + ", expected the network's num_inputs = " + expectedChannels));
    }
    if (spikes.getTrainsCount() != spikes.getChannels()) {
      out.add(new ValidationProblem(
          prefix + "trains", spikes.getTrainsCount() + " trains, expected one per channel = " + spikes.getChannels()));
    }
    if (spikes.getLabel() < -1) {
      out.add(new ValidationProblem(prefix + "label", spikes.getLabel() + ", must be >= 0 or -1 (unknown)"));
    }
    for (int c = 0; c < spikes.getTrainsCount(); c++) {
      checkTrain(spikes.getTrains(c), prefix + "trains[" + c + "]", out);
    }
    return out;
  }

  private static void checkTrain(SpikeTrain train, String at, List<ValidationProblem> out) {
    double previous = 0;
    for (int k = 0; k < train.getTimesCount(); k++) {
      double t = train.getTimes(k);
      String field = at + ".times[" + k + "]";
      if (!Double.isFinite(t)) {
        out.add(new ValidationProblem(field, t + ", must be finite"));
        return;
      }
      if (t < 0) {
        out.add(new ValidationProblem(field, t + ", must be >= 0"));
        return;
      }
      if (k > 0 && t < previous) {
        out.add(new ValidationProblem(field, t + " < previous " + previous + ", times must be ascending"));
        return;
      }
      previous = t;
    }
    long previousStep = 0;
    for (int k = 0; k < train.getStepsCount(); k++) {
      long s = train.getSteps(k);
      String field = at + ".steps[" + k + "]";
      if (s < 0) {
        out.add(new ValidationProblem(field, s + ", must be >= 0"));
        return;
      }
      if (k > 0 && s < previousStep) {
        out.add(new ValidationProblem(field, s + " < previous " + previousStep + ", steps must be ascending"));
        return;
      }
      previousStep = s;
    }
  }
}
