package org.spikeforge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/** Human-readable lines about a trace: spike counts per population and first spike times. */
public final class TraceSummary {
  /** Populations up to this size list every neuron's first spike. */
  static final int LIST_LIMIT = 10;

  private TraceSummary() {}

  public static List<String> lines(Trace trace) {
    List<String> lines = new ArrayList<>();
    for (PopulationTrace pop : trace.getPopulationsList()) {
      int spikes = pop.getSpikesList().stream().mapToInt(SpikeTrain::getTimesCount).sum();
      int pseudo = pop.getPseudospikesList().stream().mapToInt(SpikeTrain::getTimesCount).sum();
      StringBuilder line = new StringBuilder()
          .append(pop.getName()).append(": ").append(spikes).append(" spikes in the trial, ")
          .append(pseudo).append(" pseudospikes");
      if (pop.getSpikesCount() <= LIST_LIMIT) {
        line.append("; first spike per neuron:");
        for (int n = 0; n < pop.getSpikesCount(); n++) {
          line.append(' ').append(firstTime(pop, n));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /** The first in-trial spike time, else the first pseudospike in brackets, else "-". */
  private static String firstTime(PopulationTrace pop, int neuron) {
    SpikeTrain spikes = pop.getSpikes(neuron);
    if (spikes.getTimesCount() > 0) {
      return String.format(Locale.ROOT, "%.4f", spikes.getTimes(0));
    }
    if (neuron < pop.getPseudospikesCount() && pop.getPseudospikes(neuron).getTimesCount() > 0) {
      return String.format(Locale.ROOT, "(%.4f)", pop.getPseudospikes(neuron).getTimes(0));
    }
    return "-";
  }
}
