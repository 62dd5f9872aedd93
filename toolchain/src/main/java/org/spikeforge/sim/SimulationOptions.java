package org.spikeforge.sim;

/**
 * Run options of the event simulator.
 *
 * @param qifPseudospikes number of QIF pseudospikes computed per neuron after T (SCIENCE.md 3); a loss that wants an
 *     n-th spike of a neuron that fired K &lt; n times uses pseudospike n - K, so this should be at least the largest
 *     number of spikes any loss asks for. THETA networks always get one first-spike pseudospike per silent neuron,
 *     LIF networks none.
 * @param maxEvents guard against runaway activity: the run fails once the tape holds this many records
 */
public record SimulationOptions(int qifPseudospikes, int maxEvents) {
  /** One QIF pseudospike per neuron, at most ten million events. */
  public static final SimulationOptions DEFAULT = new SimulationOptions(1, 10_000_000);

  public SimulationOptions {
    if (qifPseudospikes < 0) {
      throw new IllegalArgumentException("qifPseudospikes must be >= 0, got " + qifPseudospikes);
    }
    if (maxEvents <= 0) {
      throw new IllegalArgumentException("maxEvents must be > 0, got " + maxEvents);
    }
  }

  /** These options with another event limit. */
  public SimulationOptions withMaxEvents(int limit) {
    return new SimulationOptions(qifPseudospikes, limit);
  }

  public SimulationOptions withQifPseudospikes(int n) {
    return new SimulationOptions(n, maxEvents);
  }
}
