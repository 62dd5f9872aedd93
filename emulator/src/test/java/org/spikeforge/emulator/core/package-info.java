/**
 * Unit tests of the per-family cores below the session: the batched Dense accumulation of loihi2 and the
 * branch-free saturation and decay of xylo against their plain definitions.
 */
package org.spikeforge.emulator.core;
