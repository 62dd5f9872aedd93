/**
 * Training with exact spike-time gradients: losses on output spike times (TTFS cross-entropy, spike-time MSE),
 * optimizers (Adam, AdaBelief) with clipping, schedules and parameter projection, a data-parallel batch engine whose
 * gradient reduction order is fixed so results are bit-identical for any thread count, and the {@link
 * org.spikeforge.train.Trainer} with metrics (accuracy with pseudospike times and "spikes only", as a chip decodes
 * silent outputs), early stopping, atomic resumable checkpoints and a JSON report. The
 * trainer talks to any differentiable model through {@link org.spikeforge.train.TrainableModel}.
 */
package org.spikeforge.train;
