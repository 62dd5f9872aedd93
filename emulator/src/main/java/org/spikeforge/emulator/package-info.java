/**
 * Cycle-accurate, integer-only execution of a {@code HardwareConfig}: one core model per target family
 * (Lava/Loihi CUBA-LIF, Xylo IAF, the digital theta core), following docs/TARGET-SEMANTICS.md bit for bit.
 * The emulator depends on the proto module alone, never on the lowering code, so that it stays an
 * independent check of what the compiler produced; no floating point is used in the update path.
 */
package org.spikeforge.emulator;
