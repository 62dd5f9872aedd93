package org.spikeforge.hw.export;

/**
 * How SpikeForge's LIF_EXP model maps onto NIR's continuous-time CubaLIF node.
 *
 * <p>Ours (SCIENCE.md 1.3): {@code tau dV/dt = -V + I}, {@code tau_s dI/dt = -I}, {@code tau_s =
 * tau/2}, an input spike of weight {@code w} makes {@code I} jump by {@code w}, spike when V
 * reaches {@code V_th}, reset to 0. NIR: {@code tau_syn dI/dt = -I + w_in S}, {@code tau_mem dv/dt
 * = (v_leak - v) + r I} with {@code S} a sum of unit-area Dirac pulses weighted by the Linear node.
 * A pulse of weight {@code w} therefore makes NIR's {@code I} jump by {@code w_in w / tau_syn}.
 * Choosing {@code tau_mem = tau}, {@code tau_syn = tau/2}, {@code r = 1}, {@code v_leak = 0},
 * {@code v_reset = 0}, {@code v_threshold = V_th} and {@code w_in = tau_syn} makes the two systems
 * identical with the Linear weights copied unchanged. Times are in the network's own model time
 * unit; the graph metadata records that unit and the time step {@code dt} a discrete-time consumer
 * should assume.
 */
final class NirConventions {
  private NirConventions() {}

  /** Version string written to {@code /version}: the NIR release whose layout this follows. */
  static final String NIR_VERSION = "1.0.7";

  /** Relative tolerance for tau_syn = tau_mem / 2 on import (float32 files round the ratio). */
  static final double TAU_RATIO_TOLERANCE = 1e-6;
}
