/**
 * The general exact event-based simulator: any proto {@code Network} (feed-forward populations, recurrent
 * projections, several spikes per neuron) is compiled into a {@link org.spikeforge.sim.CompiledNetwork} and run by
 * {@link org.spikeforge.sim.EventSimulator} on {@link org.spikeforge.sim.InputTrains} up to the trial end T with no
 * time grid. The run fills an {@link org.spikeforge.sim.EventLog} (primitive arrays, reused between runs) with every
 * spike, the pseudospikes after T (SCIENCE.md 3) and the tape that {@code org.spikeforge.grad} walks backwards.
 * {@link org.spikeforge.sim.NetworkSimulator} is the one-call entry point that returns a proto {@code Trace}. It runs
 * all four neuron models (QIF_EXP, THETA, LIF_EXP and LIF_DELTA, whose input jumps can fire a neuron at an input's
 * arrival).
 */
package org.spikeforge.sim;
