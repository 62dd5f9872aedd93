package org.spikeforge.hil;

import java.util.List;

/**
 * Everything needed to continue a hardware-in-the-loop run: the float shadow parameters, the Adam state, and the
 * history so far. Saved after every epoch by {@link HilCheckpoint}.
 *
 * @param epochsDone completed epochs
 * @param params float shadow parameters (TtfsNetwork layout)
 * @param optimizerSteps Adam step counter
 * @param moment1 Adam first moments
 * @param moment2 Adam second moments
 * @param history epoch 0 .. epochsDone
 * @param bestEpoch epoch with the best validation accuracy so far (-1 without validation samples)
 * @param bestParams shadow parameters of that epoch (null without validation samples)
 * @param finalDeviceAccuracy test accuracy of the board as left at the end (after restoring the best epoch, if
 *     done); NaN in checkpoints
 * @param average running mean of the shadow parameters over the optimizer steps since
 *     {@link HilSettings#averageFrom()} (null before, or without averaging)
 * @param averagedSteps optimizer steps in {@code average}
 */
public record HilState(int epochsDone, double[] params, long optimizerSteps, double[] moment1, double[] moment2,
    List<HilEpoch> history, int bestEpoch, double[] bestParams, double finalDeviceAccuracy, double[] average,
    long averagedSteps) {
}
