package org.spikeforge.sim;

/**
 * Run options of the event simulator.
 *
 * @param qifPseudospikes number of QIF pseudospikes computed per neuron after T (SCIENCE.md 3); a loss that wants an
 *     n-th spike of a neuron that fired K &lt; n times uses pseudospike n - K, so this should be at least the largest
 *     number of spikes any loss asks for. THETA networks always get one first-spike pseudospike per silent neuron.
 * @param maxEvents guard against runaway activity: the run fails once the tape holds this many records
 * @param lifPseudospikes LIF_EXP networks: when true, the layer-wise TTFS pseudospike of the layered engine
 *     (docs/LIF-PSEUDOSPIKES.md) for every silent neuron, through {@code LifExpKernel.pseudoDrive}; when false (the
 *     default, what {@code simulate} and {@code train-spikes} use) none, so a silent LIF neuron has no n-th spike
 */
public record SimulationOptions(int qifPseudospikes, int maxEvents, boolean lifPseudospikes) {
  /** One QIF pseudospike per neuron, at most ten million events, no LIF pseudospikes. */
  public static final SimulationOptions DEFAULT = new SimulationOptions(1, 10_000_000);

  /** Options without LIF pseudospikes. */
  public SimulationOptions(int qifPseudospikes, int maxEvents) {
    this(qifPseudospikes, maxEvents, false);
  }

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
    return new SimulationOptions(qifPseudospikes, limit, lifPseudospikes);
  }

  public SimulationOptions withQifPseudospikes(int n) {
    return new SimulationOptions(n, maxEvents, lifPseudospikes);
  }

  /** These options with LIF pseudospikes on or off. */
  public SimulationOptions withLifPseudospikes(boolean on) {
    return new SimulationOptions(qifPseudospikes, maxEvents, on);
  }
}
