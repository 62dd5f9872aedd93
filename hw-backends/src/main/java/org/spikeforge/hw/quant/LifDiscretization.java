package org.spikeforge.hw.quant;

/**
 * The float-to-integer formulas for the current-based LIF of SCIENCE.md 1.3,
 * {@code tau dV/dt = -V + I}, {@code tau_s dI/dt = -I}, {@code tau_s = tau/2}, an input spike of
 * weight w making I jump by w, threshold V_th, reset to 0.
 *
 * <p>With {@code s = exp(-dt/tau)} the current decays by {@code a = s^2} per step and the voltage
 * by {@code s}. Both chips update "current first, then voltage adds the new current":
 * {@code u_n = a u_{n-1} + in_n}, {@code v_n = s v_{n-1} + u_n}. A single jump W in u at step 0
 * gives {@code v_n = W (s^{n+1} - a^{n+1}) / (s - a)}, while the float model gives
 * {@code V(t) = w (e^{-t/tau} - e^{-2t/tau})}. Hence, with a voltage scale {@code S_v}
 * (integer voltage = S_v * V):
 * <pre>
 *   W = w * c * S_v,  c = s (1 - s)      so that  v_n = S_v * V((n + 1) dt)   exactly for a = s^2
 *   u = I * c * S_v,  v = V * S_v,        threshold_int = V_th * S_v
 * </pre>
 * Xylo delivers then decays ({@code u_n = a (u_{n-1} + in_n)}), so its jump is {@code W = w (c / a) S_v}
 * ({@link #xyloJumpFactor()}), with the same {@code v_n = S_v V((n + 1) dt)}.
 * Loihi 2 (Lava CUBA, unit 4096, current decay uses du + 1):
 * {@code du = clamp(round(4096 (1 - s^2)) - 1, 0, 4095)}, {@code dv = clamp(round(4096 (1 - s)), 0, 4095)}.
 * Xylo (bit-shift decay {@code x - (x >> dash)} ~ {@code x (1 - 2^-dash)}):
 * {@code dash_syn = round(log2(tau_s / dt))}, {@code dash_mem = round(log2(tau / dt))}.
 */
public record LifDiscretization(double tau, double dt) {

    public LifDiscretization {
        if (!(tau > 0) || !(dt > 0) || !Double.isFinite(tau) || !Double.isFinite(dt))
            throw new IllegalArgumentException("LIF discretization needs finite tau > 0 and dt > 0, got tau=" + tau + " dt=" + dt);
    }

    /** Per-step voltage decay factor s = exp(-dt/tau). */
    public double voltageDecay() {
        return Math.exp(-dt / tau);
    }

    /** Per-step current decay factor a = exp(-dt/tau_s) = s^2. */
    public double currentDecay() {
        double s = voltageDecay();
        return s * s;
    }

    /** Jump conversion c = s(1 - s): an I-jump w becomes a u-jump w * c * S_v. */
    public double jumpFactor() {
        double s = voltageDecay();
        return s * (1 - s);
    }

    /**
     * Jump conversion for Xylo, {@code (1 - s)/s = c / a}: XyloSim decays the current in the step the
     * input arrives (deliver, then decay), so u_0 = a W and the jump needs one factor a more.
     */
    public double xyloJumpFactor() {
        double s = voltageDecay();
        return (1 - s) / s;
    }

    /** Lava LIF du (current decay uses du + 1), clamped to 12 bits. */
    public int loihiDu() {
        long du = Math.round(4096 * (1 - currentDecay())) - 1;
        return (int) Math.max(0, Math.min(4095, du));
    }

    /** Lava LIF dv, clamped to 12 bits. */
    public int loihiDv() {
        long dv = Math.round(4096 * (1 - voltageDecay()));
        return (int) Math.max(0, Math.min(4095, dv));
    }

    /** Unclamped round(log2(tau_s / dt)) for Xylo's synaptic bit-shift decay. */
    public long xyloDashSyn() {
        return Math.round(Math.log(tau / 2 / dt) / Math.log(2));
    }

    /** Unclamped round(log2(tau / dt)) for Xylo's membrane bit-shift decay. */
    public long xyloDashMem() {
        return Math.round(Math.log(tau / dt) / Math.log(2));
    }
}
