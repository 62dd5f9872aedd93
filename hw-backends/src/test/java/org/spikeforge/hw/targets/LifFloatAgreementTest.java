package org.spikeforge.hw.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.LifDiscretization;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.XyloIaf;

/**
 * The lowered integers, run through a small independent implementation of docs/TARGET-SEMANTICS.md,
 * must spike when the float LIF does. One input spike of weight w at t = 0 gives
 * V(t) = w (s - s^2), s = exp(-t/tau); it reaches V_th = 1 at s* = (1 + sqrt(1 - 4/w)) / 2, t* = -tau ln s*.
 */
class LifFloatAgreementTest {

    private static final double TAU = 1.0;

    private static double floatSpikeTime(double w) {
        double sStar = (1 + Math.sqrt(1 - 4 / w)) / 2;
        return -TAU * Math.log(sStar);
    }

    @ParameterizedTest
    @ValueSource(doubles = {4.5, 6.0, 9.0, 20.0})
    void loihi2SpikeStepBracketsFloatSpikeTime(double w) {
        double dt = 0.01;
        HwLayer l = new Loihi2Target().lower(NetBuilder.lif("one", TAU, 1.0).inputs(1).layer("o", 1, "input", true, w).build(),
                QuantSpec.defaults(dt), Calibration.none()).getLayers(0);
        Loihi2Lif p = l.getLoihi2();
        long max = (1 << 23) - 1;
        long u = 0;
        long v = 0;
        int spikeStep = -1;
        for (int t = 0; t < 200 && spikeStep < 0; t++) {
            long a = (t - l.getInputDelay() == 0) ? l.getWeights(0) : 0; // input spike at step 0
            a = p.getWeightExp() >= 0 ? a << p.getWeightExp() : a >> -p.getWeightExp();
            u = trunc0(u * (4096 - (p.getDu() + 1))) + (a << 6);
            if (u > max) u -= 2 * max; else if (u <= -max) u += 2 * max;
            v = trunc0(v * (4096 - p.getDv())) + u;
            v = Math.max(-max + 1, Math.min(max, v));
            if (v > ((long) p.getVth() << 6)) spikeStep = t;
        }
        // v at step n stands for V(n dt), so the spike step is ceil(t*/dt); for these weights 17-bit vth makes it exact
        double tStar = floatSpikeTime(w);
        assertTrue(Math.abs(spikeStep - Math.ceil(tStar / dt)) <= 0, "w=" + w + " step " + spikeStep + " float t*/dt " + tStar / dt);
    }

    @ParameterizedTest
    @ValueSource(doubles = {4.5, 6.0, 9.0, 20.0})
    void xyloSpikeStepBracketsFloatSpikeTime(double w) {
        double dt = 1.0 / 64; // dash_syn = 5, dash_mem = 6: decays 1 - 2^-5, 1 - 2^-6 vs exp(-2/64), exp(-1/64)
        HwLayer l = new XyloTarget().lower(NetBuilder.lif("one", TAU, 1.0).inputs(1)
                .layer("h", 1, "input", false, w).layer("out", 1, "h", true, 1.0).build(),
                QuantSpec.defaults(dt), Calibration.none()).getLayers(0);
        XyloIaf p = l.getXylo();
        long isyn = 0;
        long vmem = 0;
        int spikeStep = -1;
        for (int t = 0; t < 400 && spikeStep < 0; t++) {
            long in = (t - l.getInputDelay() == 0) ? (long) l.getWeights(0) << p.getWeightShift() : 0;
            isyn = decay(clamp16(isyn + in), p.getDashSyn()); // XyloSim: deliver, then decay, then integrate
            vmem = clamp16(decay(vmem, p.getDashMem()) + isyn);
            if (vmem >= p.getThreshold(0)) spikeStep = t;
        }
        // input delay 0: v at step n stands for V((n + 1) dt), so the spike step is ceil(t*/dt) - 1; bit-shift decays
        // only approximate exp(-dt/tau), so allow one step
        double tStar = floatSpikeTime(w);
        assertTrue(Math.abs(spikeStep - (Math.ceil(tStar / dt) - 1)) <= 1, "w=" + w + " step " + spikeStep + " float t*/dt " + tStar / dt);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.1, 0.3})
    void exactDecaysReproduceTheFloatVoltageAtStepEnds(double dt) {
        // u_n = a u_{n-1} + W [n = 0], v_n = s v_{n-1} + u_n with a = s^2, W = w c S_v  ->  v_n = S_v V((n + 1) dt)
        LifDiscretization d = new LifDiscretization(TAU, dt);
        double sv = 1000;
        double w = 2.5;
        double u = 0;
        double v = 0;
        for (int n = 0; n < 30; n++) {
            u = d.currentDecay() * u + (n == 0 ? w * d.jumpFactor() * sv : 0);
            v = d.voltageDecay() * v + u;
            double t = (n + 1) * dt;
            double floatV = w * (Math.exp(-t / TAU) - Math.exp(-2 * t / TAU));
            assertEquals(sv * floatV, v, 1e-9 * sv);
        }
    }

    private static long trunc0(long product) {
        return product >= 0 ? product >> 12 : -((-product) >> 12);
    }

    private static long clamp16(long x) {
        return Math.max(-32768, Math.min(32767, x));
    }

    private static long decay(long x, int dash) {
        long d = x >> dash;
        if (x != 0 && d == 0) return x - Long.signum(x);
        return x - d;
    }
}
