/**
 * Placement of layers onto cores: {@link org.spikeforge.hw.map.CoreMapper} cuts every layer into
 * contiguous neuron ranges that fit a core's neuron count and synaptic memory (neurons x fan-in), never
 * mixing layers on one core, and fills {@code HardwareConfig.cores}.
 */
package org.spikeforge.hw.map;
