package org.spikeforge.hw.targets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.ThetaPhaseMap;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.ThetaTables;

/**
 * A lowered theta neuron, run through an independent implementation of the theta rules of
 * docs/TARGET-SEMANTICS.md, spikes when the float theta neuron does: phase phi0 + t_in at the input,
 * jump to H = Phi(Phi^-1(phi) + w), spike at t_in + Theta - H.
 */
class ThetaFloatAgreementTest {

    @ParameterizedTest
    @CsvSource({"1.0, 0.5, 0.5", "2.0, 1.0, -0.4", "0.5, 0.3, 0.9", "3.0, 0.2, 0.05"})
    void spikeStepMatchesClosedForm(double phi0, double tIn, double w) {
        double dt = 0.01;
        ThetaPhaseMap map = new ThetaPhaseMap(6 / Math.PI, 1.25);
        HardwareConfig cfg = new ThetaTarget().lower(NetBuilder.theta("one", 6 / Math.PI, 1.25).inputs(1)
                .layer("o", 1, "input", true, w).initialV("o", phi0).build(), QuantSpec.defaults(dt), Calibration.none());
        ThetaTables t = cfg.getThetaTables();
        HwLayer l = cfg.getLayers(0);
        long bigP = 1L << t.getPhaseBits();
        long p = l.getTheta().getPhaseInit(0);
        long inStep = Math.round(tIn / dt);
        int spikeStep = -1;
        for (int n = 0; n < 1000 && spikeStep < 0; n++) {
            long x = n == inStep ? l.getWeights(0) : 0;
            if (x != 0) {
                long v = t.getInvPhi((int) (p >> (t.getPhaseBits() - t.getInvIndexBits())));
                long v2 = Math.max(t.getVMin(), Math.min(t.getVMax(), v + x));
                p = t.getPhi((int) ((v2 - t.getVMin()) >> t.getPhiShift()));
            }
            p += t.getPhaseStep();
            if (p >= bigP) spikeStep = n;
        }
        double h = map.phi(map.invPhi(phi0 + tIn) + w);
        double tSpike = tIn + map.period() - h;
        // a spike at step n lies in (n dt, (n + 1) dt]; the 256-entry inv_phi table adds up to half a bin (6/512 = 1.2 dt)
        // of phase error, amplified by dPhi/dV at the landing point, so allow 3 steps
        double expected = Math.ceil(tSpike / dt) - 1;
        assertTrue(Math.abs(spikeStep - expected) <= 3, "step " + spikeStep + " vs float " + expected + " (t=" + tSpike + ")");
    }
}
