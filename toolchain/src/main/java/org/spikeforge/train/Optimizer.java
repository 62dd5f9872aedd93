package org.spikeforge.train;

/**
 * A first-order optimizer that updates parameters in place. Its whole state is a step counter plus named moment
 * arrays, exposed so checkpoints can save and restore it bit-for-bit.
 */
public interface Optimizer {
  /** One update of {@code params} with gradient {@code grad} at learning rate {@code lr}. */
  void step(double[] params, double[] grad, double lr);

  /** Number of steps taken so far. */
  long steps();

  /** The moment arrays, in a fixed order (live references). */
  double[][] state();

  /** Restores the step counter and copies {@code state} (same shapes as {@link #state()}). */
  void restore(long steps, double[][] state);

  /** Name for reports and checkpoints ("adam", "adabelief"). */
  String name();
}
