package org.spikeforge.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to continue a run exactly where it stopped, grouped by concern: epochs completed and the
 * parameters, the {@link OptimizerSnapshot optimizer's} step counter and moments, the {@link Selection early-stopping}
 * state (best validation accuracy, its parameters, epochs since), the run's {@link Totals}, the metric history, and
 * the {@link Average parameter average}. Shuffling and augmentation are pure functions of (seed, epoch, sample), so
 * no generator state needs saving beyond the epoch counter. With parameter averaging
 * ({@link TrainerSettings#averageDecay}) {@code params} stay the raw iterate the optimizer continues from, while
 * {@code bestParams} are averaged ones.
 *
 * @param epochsDone completed epochs
 * @param params the parameters the next epoch starts from
 * @param optimizer the optimizer's state after the last step
 * @param selection best epoch and early stopping
 * @param totals time, samples and the silent fraction before training
 * @param history one entry per completed epoch
 * @param average the parameter average's state ({@link Average#NONE} without averaging)
 */
public record TrainingState(int epochsDone, double[] params, OptimizerSnapshot optimizer, Selection selection,
    Totals totals, List<EpochMetrics> history, Average average) {

  /**
   * The optimizer's whole state, copied out of it.
   *
   * @param name "adam" or "adabelief": a checkpoint is resumed only with the optimizer it was written by
   * @param steps step counter
   * @param moments moment arrays, in the optimizer's order
   */
  public record OptimizerSnapshot(String name, long steps, double[][] moments) {
    /** A copy of {@code o}'s state now (its moment arrays are live, so they are copied). */
    public static OptimizerSnapshot of(Optimizer o) {
      double[][] live = o.state();
      double[][] c = new double[live.length][];
      for (int i = 0; i < live.length; i++) {
        c[i] = live[i].clone();
      }
      return new OptimizerSnapshot(o.name(), o.steps(), c);
    }
  }

  /**
   * Which epoch is best so far and whether the run stopped early. {@code bestValidationAccuracy} is the best value of
   * the selection metric ({@link TrainerSettings#selectOnSpikesOnly}).
   *
   * @param bestValidationAccuracy best value of the selection metric (-infinity before the first validation)
   * @param bestEpoch its epoch, 1-based (0: none yet)
   * @param bestParams the parameters of that epoch (null: none yet)
   * @param epochsSinceBest epochs validated since the best one
   * @param stoppedEarly whether patience ran out
   */
  public record Selection(double bestValidationAccuracy, int bestEpoch, double[] bestParams, int epochsSinceBest,
      boolean stoppedEarly) {
    /** Before any epoch. */
    public static final Selection START = new Selection(Double.NEGATIVE_INFINITY, 0, null, 0, false);

    /**
     * After validating epoch {@code epoch} (1-based) with accuracy {@code accuracy} on {@code params} (copied if
     * they become the best); the run stops once {@code patience} (> 0) epochs pass without improvement.
     */
    public Selection after(int epoch, double accuracy, double[] params, int patience) {
      boolean better = accuracy > bestValidationAccuracy;
      int since = better ? 0 : epochsSinceBest + 1;
      return new Selection(better ? accuracy : bestValidationAccuracy, better ? epoch : bestEpoch,
          better ? params.clone() : bestParams, since, patience > 0 && since >= patience);
    }
  }

  /**
   * Totals over the run so far.
   *
   * @param silentFractionStart silent fraction before the first update (on the validation set, or the training set)
   * @param trainSeconds seconds spent in training passes
   * @param trainSamples training samples seen
   */
  public record Totals(double silentFractionStart, double trainSeconds, long trainSamples) {
    /** After one more epoch of {@code seconds} over {@code samples} samples. */
    public Totals plus(double seconds, long samples) {
      return new Totals(silentFractionStart, trainSeconds + seconds, trainSamples + samples);
    }
  }

  /**
   * The {@link ParameterAverage}'s state.
   *
   * @param accumulator its raw accumulator (null without averaging)
   * @param steps steps averaged
   */
  public record Average(double[] accumulator, long steps) {
    /** A run without parameter averaging. */
    public static final Average NONE = new Average(null, 0);
  }

  /** The state before the first epoch of a fresh run. */
  public static TrainingState start(double[] params, Optimizer optimizer, double silentFractionStart) {
    return new TrainingState(0, params.clone(), OptimizerSnapshot.of(optimizer), Selection.START,
        new Totals(silentFractionStart, 0, 0), List.of(), Average.NONE);
  }

  /** The history with {@code m} appended (an unmodifiable copy). */
  public List<EpochMetrics> historyWith(EpochMetrics m) {
    List<EpochMetrics> h = new ArrayList<>(history);
    h.add(m);
    return List.copyOf(h);
  }

  /** Shorthand for {@code optimizer().steps()}. */
  public long optimizerSteps() {
    return optimizer.steps();
  }

  /** Shorthand for {@code selection().bestValidationAccuracy()}. */
  public double bestValidationAccuracy() {
    return selection.bestValidationAccuracy();
  }

  /** Shorthand for {@code selection().bestEpoch()}. */
  public int bestEpoch() {
    return selection.bestEpoch();
  }

  /** Shorthand for {@code selection().bestParams()}. */
  public double[] bestParams() {
    return selection.bestParams();
  }

  /** Shorthand for {@code selection().stoppedEarly()}. */
  public boolean stoppedEarly() {
    return selection.stoppedEarly();
  }

  /** Shorthand for {@code totals().silentFractionStart()}. */
  public double silentFractionStart() {
    return totals.silentFractionStart();
  }

  /** Shorthand for {@code average().accumulator()}. */
  public double[] averageAccumulator() {
    return average.accumulator();
  }

  /** Shorthand for {@code average().steps()}. */
  public long averageSteps() {
    return average.steps();
  }
}
