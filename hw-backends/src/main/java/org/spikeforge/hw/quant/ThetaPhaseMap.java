package org.spikeforge.hw.quant;

/**
 * Closed forms of the theta neuron (SCIENCE.md 1.2) with {@code b = sqrt(I0 - 1/4)}:
 * phase {@code Phi(V) = (tau/b) [atan((V - 1/2)/b) + pi/2]} in (0, Theta), its inverse
 * {@code Phi^-1(phi) = 1/2 + b tan(phi b / tau - pi/2)}, and period {@code Theta = tau pi / b}.
 */
public record ThetaPhaseMap(double tau, double drive) {

    public ThetaPhaseMap {
        if (!(tau > 0) || !(drive > 0.25) || !Double.isFinite(tau) || !Double.isFinite(drive))
            throw new IllegalArgumentException("theta neuron needs tau > 0 and drive > 1/4, got tau=" + tau + " drive=" + drive);
    }

    public double b() {
        return Math.sqrt(drive - 0.25);
    }

    /** Period Theta = tau pi / b. */
    public double period() {
        return tau * Math.PI / b();
    }

    public double phi(double v) {
        double b = b();
        return tau / b * (Math.atan((v - 0.5) / b) + Math.PI / 2);
    }

    public double invPhi(double phase) {
        double b = b();
        return 0.5 + b * Math.tan(phase * b / tau - Math.PI / 2);
    }
}
