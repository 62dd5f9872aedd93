package org.spikeforge.train;

/**
 * Learning rate as a function of the epoch (0-based), so resumed runs see exactly the rates of uninterrupted ones.
 */
public sealed interface LearningRateSchedule {
  double rate(int epoch);

  /** Constant rate. */
  record Constant(double lr) implements LearningRateSchedule {
    @Override
    public double rate(int epoch) {
      return lr;
    }
  }

  /** {@code lr0 · decay^(epoch / every)}: smooth exponential decay (the paper: decay 1/e every 100 epochs). */
  record Exponential(double lr0, double decay, double every) implements LearningRateSchedule {
    @Override
    public double rate(int epoch) {
      return lr0 * Math.pow(decay, epoch / every);
    }
  }

  /** {@code lr0 · factor^floor(epoch / every)}: piecewise-constant step decay. */
  record Step(double lr0, double factor, int every) implements LearningRateSchedule {
    @Override
    public double rate(int epoch) {
      return lr0 * Math.pow(factor, epoch / every);
    }
  }
}
