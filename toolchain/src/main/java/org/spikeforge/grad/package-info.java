/**
 * Exact reverse-mode spike-time gradients (SCIENCE.md 2): {@link org.spikeforge.grad.SpikeTimeGradient} walks an
 * {@link org.spikeforge.sim.EventLog} backwards, carrying the adjoint of each neuron's state through flows, jumps
 * and spikes and the adjoint of each event time to the spikes and input spikes that caused it, and returns
 * dL/d(weights), dL/d(input spike times) and dL/d(initial states) for any loss given as dL/dt per spike and
 * pseudospike, for all four neuron models (a LIF_DELTA spike at an input's arrival takes that input's time).
 * {@link org.spikeforge.grad.GradientCheck} and {@link org.spikeforge.grad.SmoothnessSweeps} are the
 * finite-difference and continuity evidence for it, runnable from tests and from the CLI.
 */
package org.spikeforge.grad;
