/**
 * Neuron models of SCIENCE.md section 1, each solved in closed form between events: the QIF neuron with
 * exponentially decaying current ({@link org.spikeforge.model.QifExpModel}), the theta neuron in phase form
 * ({@link org.spikeforge.model.ThetaModel}) and the current-based LIF neuron ({@link org.spikeforge.model.LifExpModel}).
 * Every operation (flow, time to the next spike, input jump, post-spike state) also returns its partial derivatives,
 * which is all the event simulator and the reverse-mode gradient need; there is no time step anywhere.
 */
package org.spikeforge.model;
