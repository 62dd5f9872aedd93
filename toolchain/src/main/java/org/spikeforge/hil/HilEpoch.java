package org.spikeforge.hil;

/**
 * One epoch of a hardware-in-the-loop run (epoch 0 is the state before any update).
 *
 * @param epoch 0 before training, then 1..N
 * @param deviceAccuracy accuracy of the board on the test samples after the epoch
 * @param trainDeviceAccuracy accuracy of the board on the training samples during the epoch (NaN for epoch 0)
 * @param trainLoss mean loss of the measured output times during the epoch (NaN for epoch 0)
 * @param weightsWritten weights whose stored integer changed and were written during the epoch
 * @param roundTripsPerSecond board trials (load input, run, read spikes) per second of time spent in them
 * @param seconds wall time of the epoch
 */
public record HilEpoch(int epoch, double deviceAccuracy, double trainDeviceAccuracy, double trainLoss,
    long weightsWritten, double roundTripsPerSecond, double seconds) {
}
