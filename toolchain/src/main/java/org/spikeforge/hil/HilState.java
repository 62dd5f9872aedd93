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
 */
public record HilState(int epochsDone, double[] params, long optimizerSteps, double[] moment1, double[] moment2,
    List<HilEpoch> history) {
}
