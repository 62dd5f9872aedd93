package org.spikeforge.train;

/**
 * The state the Adam-family optimizers share: a step counter and two per-parameter moment arrays
 * (Adam: m and v; AdaBelief: m and s). One place saves and restores it, so checkpoints of either
 * optimizer resume bit for bit and a wrong-shaped checkpoint is refused the same way.
 */
final class MomentState {
  /** First moment m, updated in place by the optimizer. */
  final double[] first;
  /** Second moment (v or s), updated in place by the optimizer. */
  final double[] second;
  private long steps;

  MomentState(int n) {
    this.first = new double[n];
    this.second = new double[n];
  }

  /** Counts one more step and returns the new count t (1 on the first step). */
  long advance() {
    return ++steps;
  }

  long steps() {
    return steps;
  }

  /** Adam's bias correction {@code 1 - beta^t} at the current step. */
  double biasCorrection(double beta) {
    return 1 - Math.pow(beta, steps);
  }

  /** {first, second} as live references, the order checkpoints store. */
  double[][] arrays() {
    return new double[][] {first, second};
  }

  /** Copies a checkpoint's arrays in; they must have the shapes of {@link #arrays()}. */
  void restore(long steps, double[][] state) {
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
