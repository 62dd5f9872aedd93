/**
 * Resource, cycle, latency and energy estimates of a compiled {@code HardwareConfig}: per layer
 * neurons, synapses, cores and memory bits, plus a per-operation {@link org.spikeforge.hw.report.CostModel}
 * (energy and cycles per synaptic op, per neuron update, per spike) applied to an
 * {@link org.spikeforge.hw.report.Activity} assumption. Each target documents where its figures come from.
 */
package org.spikeforge.hw.report;
