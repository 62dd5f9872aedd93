/**
 * Verification of compiled hardware configs against the float model they came from: the exact float
 * network ({@link org.spikeforge.ttfs.TtfsNetwork}; LIF_DELTA through {@link org.spikeforge.train.EventClassifier})
 * and the integer emulator run the same test samples
 * (in parallel, with results that do not depend on the thread count), and a {@link
 * org.spikeforge.verify.VerifyReport} states both accuracies, how often their predictions agree, and how
 * far the first-spike times of every layer moved; {@link org.spikeforge.verify.CalibrationCollector}
 * measures the per-layer statistics that quantization wants from float runs of calibration data.
 */
package org.spikeforge.verify;
