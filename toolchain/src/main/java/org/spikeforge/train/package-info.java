/**
 * Training with exact spike-time gradients: losses on output spike times (TTFS cross-entropy, spike-time MSE),
 * optimizers (Adam, AdaBelief) with clipping, schedules and parameter projection, a data-parallel batch engine whose
 * gradient reduction order is fixed so results are bit-identical for any thread count, and the {@link
 * org.spikeforge.train.Trainer} with metrics (accuracy with pseudospike times and "spikes only", as a chip decodes
 * silent outputs), early stopping, atomic resumable checkpoints and a JSON report. The
 * trainer talks to any differentiable model through {@link org.spikeforge.train.TrainableModel} (the layered TTFS
 * engine for theta and LIF_EXP, {@link org.spikeforge.train.EventClassifier} over the general event engine for
 * LIF_DELTA), draws its sample
 * order from {@link org.spikeforge.train.SampleOrder} (the project's one seeded shuffle, shared with the
 * hardware-in-the-loop trainer) and reports progress to a {@link org.spikeforge.train.TrainingListener}; it draws
 * nothing itself (the command line turns the listener calls into a progress bar).
 */
package org.spikeforge.train;
