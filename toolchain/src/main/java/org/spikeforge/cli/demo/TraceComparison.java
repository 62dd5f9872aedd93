package org.spikeforge.cli.demo;

import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.Trace;

/**
 * Spike-for-spike comparison of two traces of the same config (emulator against board): populations are matched
 * by name, neurons by index, and the spike steps must be equal lists.
 *
 * @param identical whether every population's spikes agree
 * @param spikes spikes in the reference trace
 * @param firstDifference where they first differ (null when identical)
 */
record TraceComparison(boolean identical, long spikes, String firstDifference) {
  /** Compares {@code actual} with {@code reference}. */
  static TraceComparison of(Trace reference, Trace actual) {
    long spikes = 0;
    for (PopulationTrace p : reference.getPopulationsList()) {
      for (var train : p.getSpikesList()) {
        spikes += train.getStepsCount();
      }
    }
    if (reference.getPopulationsCount() != actual.getPopulationsCount()) {
      return new TraceComparison(false, spikes, reference.getPopulationsCount() + " populations vs "
          + actual.getPopulationsCount());
    }
    for (PopulationTrace ref : reference.getPopulationsList()) {
      PopulationTrace act = actual.getPopulationsList().stream().filter(p -> p.getName().equals(ref.getName()))
          .findFirst().orElse(null);
      if (act == null) {
        return new TraceComparison(false, spikes, "population '" + ref.getName() + "' missing");
      }
      if (ref.getSpikesCount() != act.getSpikesCount()) {
        return new TraceComparison(false, spikes, "population '" + ref.getName() + "' has " + ref.getSpikesCount()
            + " vs " + act.getSpikesCount() + " neurons");
      }
      for (int n = 0; n < ref.getSpikesCount(); n++) {
        if (!ref.getSpikes(n).getStepsList().equals(act.getSpikes(n).getStepsList())) {
          return new TraceComparison(false, spikes, ref.getName() + "[" + n + "] steps "
              + ref.getSpikes(n).getStepsList() + " vs " + act.getSpikes(n).getStepsList());
        }
      }
    }
    return new TraceComparison(true, spikes, null);
  }
}
