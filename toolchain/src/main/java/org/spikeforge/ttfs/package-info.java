/**
 * Fast exact event-based forward and reverse-mode pass for feed-forward time-to-first-spike
 * classification networks of theta and current-based LIF neurons (SCIENCE.md sections 1.2, 1.3, 2, 3).
 * Layers are processed one after the other: the sorted in-trial spikes of one layer, with simultaneous
 * spikes coalesced into one jump, drive the next. There is no time grid and no surrogate gradient: every
 * spike time is a closed form of the parameters, and {@link org.spikeforge.ttfs.TtfsNetwork#backward}
 * walks the recorded events backwards, including the theta and LIF pseudospike passes past the trial end
 * (docs/LIF-PSEUDOSPIKES.md). It is the layered schedule of the general engine ({@code sim.EventSimulator},
 * {@code grad.SpikeTimeGradient}) over the same {@code model} kernels; {@code EngineDifferentialTest} holds the two
 * to the same spike times, pseudospikes and gradients. A
 * {@link org.spikeforge.ttfs.TtfsNetwork} is immutable in structure and may be shared by threads that each
 * own a {@link org.spikeforge.ttfs.TtfsWorkspace}; the workspace holds every per-sample buffer so that the
 * hot loops allocate nothing. The weight-row loops that dominate a training pass live in {@code RowOps}
 * (four rows per pass) and {@code InputGradientBuffer} (the input layer's weight gradient batched over a chunk of
 * samples via {@link org.spikeforge.ttfs.TtfsNetwork#backwardDeferringInputWeights}); both give bit for bit the
 * sums of the plain loops, so a faster engine trains the same weights.
 *
 * <p>Layer kinds ({@link org.spikeforge.ttfs.Connectivity}: dense, Flatten = dense over a shaped source, Conv2d with
 * shared weights, SumPool2d with one fixed weight) differ only in {@code Wiring}, the weight access that the one
 * neuron code of {@code ThetaLayer} and {@code LifLayer} calls: dense layers go through {@code RowOps} unchanged,
 * conv and pool layers through index tables built once per layer ({@code SparseWiring}). Conv and pool layers, and
 * dense layers above them, run lazily ({@code SparseLifLayer}, {@code SparseThetaLayer}): an input group visits only
 * the neurons it reaches, flows in between cost nothing, no record is kept per (group, neuron), and the spike list is
 * put in the eager order once at the end by a radix sort. Nets of dense layers only keep the eager layers, bit for
 * bit. Tests: ConvGradientTest (finite differences per layer kind and model), ConvDenseEquivalenceTest (against a
 * hand-written dense expansion), ConvClosedFormTest, ConvProtoCodecTest.
 */
package org.spikeforge.ttfs;
