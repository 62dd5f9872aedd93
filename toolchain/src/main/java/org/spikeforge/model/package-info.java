/**
 * Neuron models of SCIENCE.md section 1, each solved in closed form between events: the QIF neuron with
 * exponentially decaying current ({@link org.spikeforge.model.QifExpModel}), the theta neuron in phase form
 * ({@link org.spikeforge.model.ThetaModel}), the current-based LIF neuron ({@link org.spikeforge.model.LifExpModel}) and
 * the LIF neuron with instantaneous synapses, NIR's plain LIF ({@link org.spikeforge.model.LifDeltaModel}), whose
 * input jumps V directly and which, without a drive above threshold, fires only at an input's arrival.
 * Every operation (flow, time to the next spike, input jump, post-spike state) also returns its partial derivatives,
 * which is all the event simulator and the reverse-mode gradient need; there is no time step anywhere.
 */
package org.spikeforge.model;
