/**
 * One integer core model per target family: the validated parameters ({@code *Model}, immutable and shared)
 * and the per-run state ({@code *Core}, mutable, allocation-free per step). Loihi 2 follows Lava's bit-accurate
 * CUBA LIF and Dense models, Xylo follows Rockpool's XyloSim IAF neuron, and theta is SpikeForge's phase-counter
 * core with lookup tables; docs/TARGET-SEMANTICS.md is the contract that each class implements. For speed the
 * weights are kept as one array per source and the per-neuron loops are branch-free, so that C2 vectorizes
 * them; each such form is exact for the value ranges its model validates.
 */
package org.spikeforge.emulator.core;
