package org.spikeforge.io;

import java.util.List;

/**
 * The header of a binary spike stream (docs/FORMATS.md, "Spike streams"): what kind of file it is, how many step
 * records follow, the step length, and the groups (input channels, or the recorded populations of a trace) and
 * state probes that every step record holds. Kept separate from the records so that a reader can check a file
 * against a config before streaming a single step.
 *
 * @param kind input spikes or a trace
 * @param steps number of step records in the file
 * @param dt step length in model time units (0 when unknown)
 * @param label the sample's class, -1 when unknown (inputs; -1 for traces)
 * @param source who wrote a trace, e.g. {@code emulator:loihi2} (empty for inputs)
 * @param groups one entry per group of ids; an input file has exactly one, the input channels
 * @param probes state variables whose value every step record carries, in this order
 */
public record SpikeStreamHeader(Kind kind, long steps, double dt, int label, String source, List<Group> groups,
    List<Probe> probes) {
  /** What a stream holds, with its code in the file. */
  public enum Kind {
    INPUT(1),
    TRACE(2);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    /** The byte written for this kind. */
    public int code() {
      return code;
    }
  }

  /**
   * A group of ids (channels or neurons) with its sparse events per step.
   *
   * @param counts whether each event carries a spike count (else every count is 1)
   */
  public record Group(String name, int size, boolean counts) {}

  /** One state variable of one neuron, recorded every step. */
  public record Probe(String population, int neuron, String variable) {}

  /** Checks the limits of docs/FORMATS.md, so that a writer cannot produce a file its reader refuses. */
  public SpikeStreamHeader {
    groups = List.copyOf(groups);
    probes = List.copyOf(probes);
    source = source == null ? "" : source;
    if (steps < 0 || steps > SpikeStreamFormat.MAX_STEPS) {
      throw new IllegalArgumentException("steps = " + steps + " must be in [0, " + SpikeStreamFormat.MAX_STEPS + "]");
    }
    if (!(dt >= 0) || Double.isInfinite(dt)) {
      throw new IllegalArgumentException("dt = " + dt + " must be finite and >= 0");
    }
    if (groups.isEmpty() || groups.size() > SpikeStreamFormat.MAX_GROUPS) {
      throw new IllegalArgumentException(groups.size() + " groups, must be 1.." + SpikeStreamFormat.MAX_GROUPS);
    }
    if (kind == Kind.INPUT && (groups.size() != 1 || !probes.isEmpty())) {
      throw new IllegalArgumentException("an input stream has exactly one group and no probes");
    }
    if (probes.size() > SpikeStreamFormat.MAX_PROBES) {
      throw new IllegalArgumentException(probes.size() + " probes, must be <= " + SpikeStreamFormat.MAX_PROBES);
    }
    for (Group g : groups) {
      if (g.size() < 1 || g.size() > SpikeStreamFormat.MAX_GROUP_SIZE) {
        throw new IllegalArgumentException("group " + g.name() + " size = " + g.size() + " must be 1.."
            + SpikeStreamFormat.MAX_GROUP_SIZE);
      }
    }
  }

  /** The header of an input stream with {@code channels} channels. */
  public static SpikeStreamHeader input(long steps, double dt, int label, int channels, boolean counts) {
    return new SpikeStreamHeader(Kind.INPUT, steps, dt, label, "", List.of(new Group("input", channels, counts)),
        List.of());
  }
}
