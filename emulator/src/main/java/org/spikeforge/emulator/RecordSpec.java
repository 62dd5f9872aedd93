package org.spikeforge.emulator;

import java.util.List;

/**
 * Which neuron state variables to record every step (after the step's update and reset): loihi2 {@code u},
 * {@code v}; xylo {@code isyn}, {@code vmem}; theta {@code phase}.
 */
public record RecordSpec(List<Probe> probes) {
  /** One recorded variable of one neuron of one layer. */
  public record Probe(String layer, int neuron, String variable) {}

  public RecordSpec {
    probes = List.copyOf(probes);
  }

  /** Record nothing but spikes. */
  public static RecordSpec none() {
    return new RecordSpec(List.of());
  }

  public static RecordSpec of(Probe... probes) {
    return new RecordSpec(List.of(probes));
  }
}
