package org.spikeforge.hw.quant;

/**
 * Picks the time step at which a chip's integer decays best match the float LIF decays
 * ({@code exp(-dt/tau)} for the voltage, {@code exp(-2 dt/tau)} for the current, tau_s = tau/2).
 *
 * <p>Loihi 2 rounds the decays to 12-bit multipliers (unit 4096): the current loses {@code (du + 1)/4096}
 * per step (Lava's {@code ds_offset}), the voltage {@code dv/4096}. At tau = 2 and dt = 0.01, dv = 20 against
 * 20.43 exact, 2.1 % too slow, which made the emulated net measurably more excitatory (BENCH-lifacc). The
 * chooser scans {@code dt} in {@code [LOIHI_WINDOW_LOW, 1] * nominal} (a step at most 10 % finer, so at most
 * about 11 % more steps) on a grid of {@value #GRID} points plus every dt at which one of the two rates is exactly
 * an integer multiple of 1/4096, and keeps the dt whose worst relative rate error ({@link DecayErrors#worst()})
 * is smallest; ties go to the larger dt (fewer steps).
 *
 * <p>Xylo decays by bit shifts {@code x - (x >> dash)}, a rate of {@code 2^-dash}, with
 * {@code dash_mem = round(log2(tau/dt))} and {@code dash_syn = round(log2(tau_s/dt)) = dash_mem - 1}. So
 * {@code tau/dt} has to be close to a power of two {@code 2^k}; the chooser takes
 * {@code k = floor(log2(tau/nominal))} (the coarser of the two neighbouring powers: the floor drift of the
 * synaptic decay grows fourfold per halving of dt, see XyloTarget), clamped to 1..15, and then the dt in the
 * window of that k that minimises the worst rate error: {@code 2^-k} against {@code 1 - exp(-dt/tau)} and
 * {@code 2^-(k-1)} against {@code 1 - exp(-2dt/tau)}. The exact power-of-two step {@code tau/2^k} leaves
 * {@code +dt/(2 tau)} and {@code +dt/tau} (0.39 % and 0.78 % at tau/dt = 128); the optimum lies between the
 * two exact points {@code -tau ln(1 - 2^-k)} and {@code -(tau/2) ln(1 - 2^(1-k))} and halves the worst error.
 */
public final class DecayStepChooser {

    /** Lower end of the loihi2 search window, as a fraction of the nominal step. */
    public static final double LOIHI_WINDOW_LOW = 0.9;
    /** Grid points of the scans (besides the exact points). */
    static final int GRID = 2001;
    /** Explicit steps whose worst decay rate error exceeds this get a warning. */
    public static final double WARN_ERROR = 0.005;

    private DecayStepChooser() {
    }

    /** Loihi 2 decay errors at dt; {@code delta} (LIF_DELTA) has no current decay. */
    public static DecayErrors loihi2Errors(double tau, boolean delta, double dt) {
        LifDiscretization d = new LifDiscretization(tau, dt);
        double rv = 1 - d.voltageDecay();
        double ev = d.loihiDv() / 4096.0 / rv - 1;
        if (delta) return new DecayErrors(dt, Double.NaN, ev);
        double ru = 1 - d.currentDecay();
        return new DecayErrors(dt, (d.loihiDu() + 1) / 4096.0 / ru - 1, ev);
    }

    /** Xylo decay errors at dt, with the dashes the lowering derives from dt. */
    public static DecayErrors xyloErrors(double tau, double dt) {
        LifDiscretization d = new LifDiscretization(tau, dt);
        double rv = 1 - d.voltageDecay();
        double ru = 1 - d.currentDecay();
        return new DecayErrors(dt, Math.scalb(1.0, (int) -d.xyloDashSyn()) / ru - 1, Math.scalb(1.0, (int) -d.xyloDashMem()) / rv - 1);
    }

    /** The loihi2 step in {@code [0.9, 1] * nominal} with the smallest worst decay rate error. */
    public static StepChoice loihi2(double tau, boolean delta, double nominal) {
        check(tau, nominal);
        double lo = LOIHI_WINDOW_LOW * nominal;
        double hi = nominal;
        Best best = new Best();
        for (int i = 0; i < GRID; i++) {
            double dt = lo + (hi - lo) * i / (GRID - 1);
            best.offer(dt, loihi2Errors(tau, delta, dt));
        }
        // exact points: 4096 (1 - exp(-dt/tau)) = k for the voltage, 4096 (1 - exp(-2dt/tau)) = j for the current
        for (double timeConstant : delta ? new double[] {tau} : new double[] {tau, tau / 2}) {
            long kLo = (long) Math.ceil(4096 * -Math.expm1(-lo / timeConstant));
            long kHi = (long) Math.floor(4096 * -Math.expm1(-hi / timeConstant));
            for (long k = kLo; k <= kHi && k < 4096; k++) {
                double dt = -timeConstant * Math.log1p(-k / 4096.0);
                if (dt >= lo && dt <= hi) best.offer(dt, loihi2Errors(tau, delta, dt));
            }
        }
        refine(best, lo, hi, (hi - lo) / (GRID - 1), dt -> loihi2Errors(tau, delta, dt));
        return new StepChoice(best.dt, nominal, best.errors, String.format(java.util.Locale.ROOT,
                "auto: smallest worst 12-bit decay rate error for dt in [%.2f, 1] x %.6g", LOIHI_WINDOW_LOW, nominal));
    }

    /** The xylo step near {@code tau / 2^k}, {@code k = floor(log2(tau / nominal))}, with the smallest worst decay rate error. */
    public static StepChoice xylo(double tau, double nominal) {
        check(tau, nominal);
        int k = Math.max(1, Math.min(15, (int) Math.floor(Math.log(tau / nominal) / Math.log(2) + 1e-9)));
        double exactMem = -tau * Math.log1p(-Math.scalb(1.0, -k));
        double exactSyn = -tau / 2 * Math.log1p(-Math.scalb(1.0, 1 - k));
        double lo = Math.min(exactMem, exactSyn);
        double hi = Math.max(exactMem, exactSyn);
        Best best = new Best();
        for (int i = 0; i < GRID; i++) {
            double dt = lo + (hi - lo) * i / (GRID - 1);
            DecayErrors e = xyloErrors(tau, dt);
            LifDiscretization d = new LifDiscretization(tau, dt);
            if (d.xyloDashMem() == k && d.xyloDashSyn() == k - 1) best.offer(dt, e);
        }
        if (best.errors != null) {
            refine(best, lo, hi, (hi - lo) / (GRID - 1), dt -> {
                LifDiscretization dd = new LifDiscretization(tau, dt);
                DecayErrors e = xyloErrors(tau, dt);
                return dd.xyloDashMem() == k && dd.xyloDashSyn() == k - 1 ? e : new DecayErrors(dt, Double.POSITIVE_INFINITY, 0);
            });
        }
        if (best.errors == null) { // cannot happen for k >= 1: tau/2^k is inside both rounding windows
            double dt = Math.scalb(tau, -k);
            best.offer(dt, xyloErrors(tau, dt));
        }
        return new StepChoice(best.dt, nominal, best.errors, String.format(java.util.Locale.ROOT,
                "auto: tau/dt near 2^%d (dash_mem %d, dash_syn %d), smallest worst bit-shift decay rate error", k, k, k - 1));
    }

    /**
     * The worst error is piecewise smooth with V-shaped minima where the two errors cross, which a grid misses by up
     * to a grid step: rescan +-1 step around the best point with {@value #GRID} points, three times.
     */
    private static void refine(Best best, double lo, double hi, double step, java.util.function.DoubleFunction<DecayErrors> errors) {
        for (int pass = 0; pass < 3; pass++) {
            double a = Math.max(lo, best.dt - step);
            double b = Math.min(hi, best.dt + step);
            for (int i = 0; i < GRID; i++) {
                double dt = a + (b - a) * i / (GRID - 1);
                best.offer(dt, errors.apply(dt));
            }
            step = (b - a) / (GRID - 1);
        }
    }

    private static void check(double tau, double nominal) {
        if (!(tau > 0) || !Double.isFinite(tau) || !(nominal > 0) || !Double.isFinite(nominal))
            throw new IllegalArgumentException("time step choice needs finite tau > 0 and dt > 0, got tau=" + tau + " dt=" + nominal);
    }

    /** Running minimum of the worst error; ties (within 1e-12) keep the larger dt. */
    private static final class Best {
        double dt;
        DecayErrors errors;

        void offer(double candidate, DecayErrors e) {
            if (errors == null || e.worst() < errors.worst() - 1e-12
                    || (Math.abs(e.worst() - errors.worst()) <= 1e-12 && candidate > dt)) {
                dt = candidate;
                errors = e;
            }
        }
    }
}
