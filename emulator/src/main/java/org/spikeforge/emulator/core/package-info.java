/**
 * One integer core model per target family: the validated parameters ({@code *Model}, immutable and shared)
 * and the per-run state ({@code *Core}, mutable, allocation-free per step). Loihi 2 follows Lava's bit-accurate
 * CUBA LIF and Dense models, Xylo follows Rockpool's XyloSim IAF neuron, and theta is SpikeForge's phase-counter
 * core with lookup tables; docs/TARGET-SEMANTICS.md is the contract that each class implements.
 */
package org.spikeforge.emulator.core;
