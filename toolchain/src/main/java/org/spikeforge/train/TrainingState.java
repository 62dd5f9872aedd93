package org.spikeforge.train;

import java.util.List;

/**
 * Everything needed to continue a run exactly where it stopped: epochs completed, parameters, the optimizer's step
 * counter and moments, early-stopping state (best validation accuracy, its parameters, epochs since), the metric
 * history and accumulated time. Shuffling and augmentation are pure functions of (seed, epoch, sample), so no
 * generator state needs saving beyond the epoch counter. {@code bestValidationAccuracy} is the best value of the
 * selection metric ({@link TrainerSettings#selectOnSpikesOnly}). With parameter averaging
 * ({@link TrainerSettings#averageDecay}) {@code averageAccumulator} and {@code averageSteps} hold the
 * {@link ParameterAverage}'s state ({@code params} stay the raw iterate the optimizer continues from, while
 * {@code bestParams} are averaged ones); without it the accumulator is null.
 */
public record TrainingState(int epochsDone, double[] params, String optimizer, long optimizerSteps,
    double[][] optimizerState, double bestValidationAccuracy, int bestEpoch, double[] bestParams,
    int epochsSinceBest, boolean stoppedEarly, double silentFractionStart, double trainSeconds,
    long trainSamples, List<EpochMetrics> history, double[] averageAccumulator, long averageSteps) {

  /** A state of a run without parameter averaging. */
  public TrainingState(int epochsDone, double[] params, String optimizer, long optimizerSteps,
      double[][] optimizerState, double bestValidationAccuracy, int bestEpoch, double[] bestParams,
      int epochsSinceBest, boolean stoppedEarly, double silentFractionStart, double trainSeconds,
      long trainSamples, List<EpochMetrics> history) {
    this(epochsDone, params, optimizer, optimizerSteps, optimizerState, bestValidationAccuracy, bestEpoch, bestParams,
        epochsSinceBest, stoppedEarly, silentFractionStart, trainSeconds, trainSamples, history, null, 0);
  }
}
