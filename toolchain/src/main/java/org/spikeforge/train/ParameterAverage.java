package org.spikeforge.train;

/**
 * Exponential moving average of the parameter vector over optimizer steps (Polyak averaging with a forgetting
 * factor). Minibatch noise makes the last iterate wander around a minimum; the average sits nearer its centre and
 * usually generalises better, at no cost to the network's size or shape. After step t the accumulator is
 * {@code m_t = d m_(t-1) + (1 - d) p_t} with {@code m_0 = 0}, and the average is the debiased {@code m_t / (1 - d^t)}
 * (as Adam debiases its first moment): a normalised weighting of the iterates p_1..p_t by d^(t - s), so it is a
 * proper average from the first step on. Updates are element-wise in a fixed order, so the result is bit-identical
 * whatever the thread count; the accumulator and step count go into checkpoints so a resumed run continues the same
 * average.
 */
final class ParameterAverage {
  private final double decay;
  private final double[] accumulator;
  private long steps;

  /** A fresh average of {@code n} parameters with per-step decay {@code decay} in (0, 1). */
  ParameterAverage(double decay, int n) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("average decay " + decay + " must be in (0, 1)");
    }
    this.decay = decay;
    this.accumulator = new double[n];
  }

  /** Folds in the parameters after one optimizer step. */
  void update(double[] params) {
    if (params.length != accumulator.length) {
      throw new IllegalArgumentException("average of " + accumulator.length + " parameters got " + params.length);
    }
    double keep = decay;
    double take = 1 - decay;
    for (int i = 0; i < accumulator.length; i++) {
      accumulator[i] = keep * accumulator[i] + take * params[i];
    }
    steps++;
  }

  /** Writes the debiased average into {@code dst}; before the first step it is undefined, so that is refused. */
  void averageInto(double[] dst) {
    if (steps == 0) {
      throw new IllegalStateException("no optimizer step has been averaged yet");
    }
    double norm = 1 / (1 - StrictMath.pow(decay, steps));
    for (int i = 0; i < accumulator.length; i++) {
      dst[i] = accumulator[i] * norm;
    }
  }

  /** Steps averaged so far. */
  long steps() {
    return steps;
  }

  /** The raw accumulator m_t (a copy), as checkpoints store it. */
  double[] accumulator() {
    return accumulator.clone();
  }

  /** Continues from a checkpoint's accumulator and step count. */
  void restore(double[] savedAccumulator, long savedSteps) {
    if (savedAccumulator.length != accumulator.length || savedSteps < 0) {
      throw new IllegalArgumentException("average state must be " + accumulator.length + " values and >= 0 steps, got "
          + savedAccumulator.length + " values and " + savedSteps + " steps");
    }
    System.arraycopy(savedAccumulator, 0, accumulator, 0, accumulator.length);
    steps = savedSteps;
  }
}
