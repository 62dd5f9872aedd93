package org.spikeforge.sim;

/**
 * A simulation that produced more events than {@link SimulationOptions#maxEvents()} allows. This is a property of the
 * input (a trial end far beyond the activity, or a drive that fires without end), not a bug, so the CLI reports it as
 * bad input in one line, with the limit and the way to raise it.
 */
public final class RunawaySimulationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int limit;

  RunawaySimulationException(String network, int limit, double t) {
    super("simulation of \"" + network + "\" exceeded the limit of " + limit + " events before t = " + t
        + " (runaway activity? check trial_end and the drive)");
    this.limit = limit;
  }

  /** The event limit that was reached. */
  public int limit() {
    return limit;
  }
}
