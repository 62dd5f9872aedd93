package org.spikeforge.train;

/**
 * The part the Adam-family optimizers share: a step counter and two per-parameter moment arrays
 * (Adam: m and v; AdaBelief: m and s), with Adam's bias correction. Saving and restoring that state
 * lives here once, so checkpoints of either optimizer resume bit for bit and a wrong-shaped
 * checkpoint is refused the same way; subclasses only write their update rule.
 */
abstract class MomentOptimizer implements Optimizer {
  /** First moment m, updated in place by the subclass. */
  protected final double[] first;
  /** Second moment (v or s), updated in place by the subclass. */
  protected final double[] second;
  private long steps;

  MomentOptimizer(int n) {
    this.first = new double[n];
    this.second = new double[n];
  }

  /** Counts one more step; call once at the start of {@link #step}. */
  protected final void advance() {
    steps++;
  }

  /** Adam's bias correction {@code 1 - beta^t} at the current step t. */
  protected final double biasCorrection(double beta) {
    return 1 - Math.pow(beta, steps);
  }

  @Override
  public final long steps() {
    return steps;
  }

  /** {first, second} as live references, the order checkpoints store. */
  @Override
  public final double[][] state() {
    return new double[][] {first, second};
  }

  /** Copies a checkpoint's arrays in; they must have the shapes of {@link #state()}. */
  @Override
  public final void restore(long steps, double[][] state) {
    if (steps < 0) {
      throw new IllegalArgumentException("optimizer steps " + steps + " must be >= 0");
    }
    if (state.length != 2 || state[0].length != first.length || state[1].length != second.length) {
      throw new IllegalArgumentException("optimizer state must be 2 arrays of " + first.length + " values, got "
          + state.length + " arrays" + (state.length > 0 ? " (first has " + state[0].length + ")" : ""));
    }
    System.arraycopy(state[0], 0, first, 0, first.length);
    System.arraycopy(state[1], 0, second, 0, second.length);
    this.steps = steps;
  }
}
