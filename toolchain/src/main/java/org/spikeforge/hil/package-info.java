/**
 * Hardware-in-the-loop fine-tuning (Goeltz et al. 2021, as BrainScaleS-2 users do it): every sample runs forward on
 * a board, the measured spike steps are decoded into model times ({@link org.spikeforge.hil.TraceDecoder}), the
 * exact spike-time gradients of the float LIF model are evaluated at those measured times
 * ({@link org.spikeforge.ttfs.TtfsNetwork#replay}), the optimizer updates float shadow weights, and only the
 * weights whose re-quantized integer changed are written back ({@link org.spikeforge.hil.DeviceWeightWriter}).
 * Before the first update the board is calibrated as analog-chip users calibrate before training: every synapse's
 * gain and every neuron's threshold are measured through the state probe and divided out of the programmed weights
 * ({@link org.spikeforge.hil.SynapseGainCalibration}), then a per-neuron excitability calibration from spike times
 * ({@link org.spikeforge.hil.ExcitabilityCalibration}) removes what is left per neuron. Runs checkpoint every epoch and resume after a board failure
 * without losing progress. {@link org.spikeforge.hil.HilTrainer} runs the epochs; its parts are the board trials,
 * the weight synchronisation, the calibrations, the per-sample replay gradient, and the best-epoch and averaging
 * bookkeeping, one class each. Conv nets keep their kernels tied ({@link org.spikeforge.hil.StoredLayer}: one
 * stored integer per kernel entry, written to every synapse it stands for), and skip the two calibrations, which
 * rescale single synapses or neurons.
 */
package org.spikeforge.hil;
