package org.spikeforge.hw.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.ThetaTables;

class ThetaLoweringTest {

    // Theta = 6 (tau = 6/pi, I0 = 5/4)
    private static final Network NET = NetBuilder.theta("tiny-theta", 6 / Math.PI, 1.25).inputs(2)
            .layer("h", 2, "input", false, 0.9, -0.45, 0.3, 0.0)
            .layer("out", 1, "h", true, 0.2, -0.1)
            .initialV("h", 3.0, 6.0).build();

    @Test
    void autoGeometryMatchesHandComputation() {
        /*
         * dt = 0.01: phase_step = round(0.01 2^pb / 6); pb = 17 -> 218.45 -> 218 (rel. error 2.1e-3 > 1e-3),
         * pb = 18 -> 436.91 -> 437 (rel. error 2.1e-4) -> phase_bits 18, phase_step 437.
         * f = floor(log2(127 / 0.9)) = floor(7.14) = 7; w_int = round(128 w): 0.9 -> 115, -0.45 -> round(-57.6) = -58,
         * 0.3 -> round(38.4) = 38, 0.2 -> round(25.6) = 26, -0.1 -> round(-12.8) = -13.
         * span = min(tan(pi/2 - pi/512) = 162.97, b 2^(14/2) = 128) = 128 -> v_max = round(128.5 * 128) = 16448,
         * v_min = round(-127.5 * 128) = -16320.
         * phase_init = round(phi0 2^18 / 6): 3 -> 131072, 6 -> 262144 clamped to 262143.
         */
        HardwareConfig cfg = Targets.byName("theta").lower(NET, QuantSpec.defaults(0.01), Calibration.none());
        ThetaTables t = cfg.getThetaTables();
        assertEquals(18, t.getPhaseBits());
        assertEquals(437, t.getPhaseStep());
        assertEquals(7, t.getVFracBits());
        assertEquals(16448, t.getVMax());
        assertEquals(-16320, t.getVMin());
        assertEquals(256, t.getInvPhiCount());
        assertEquals(List.of(115, -58, 38, 0), cfg.getLayers(0).getWeightsList());
        assertEquals(List.of(26, -13), cfg.getLayers(1).getWeightsList());
        assertEquals(List.of(131072, 262143), cfg.getLayers(0).getTheta().getPhaseInitList());
        assertEquals(List.of(0, 0), cfg.getLayersList().stream().map(HwLayer::getInputDelay).toList());
        assertEquals(201, cfg.getNumSteps());
        // the edge bins (Phi^-1 = 1/2 -+ 162.97) saturate at the balanced span; the next ones do not:
        // Phi^-1(1.5 * 6/256) = 1/2 - cot(3 pi/512) = -53.82 -> -6889
        assertEquals(t.getVMin(), t.getInvPhi(0));
        assertEquals(t.getVMax(), t.getInvPhi(255));
        assertEquals(Math.round((0.5 - 1 / Math.tan(3 * Math.PI / 512)) * 128), t.getInvPhi(1));
    }

    @Test
    void fixedFractionBitsThatOverflowAreViolations() {
        // f = 10: 0.9 * 1024 = 922 > 127
        List<Violation> v = new ThetaTarget().check(NET, QuantSpec.defaults(0.01).withTheta(0, 8, 14, 10, Double.NaN));
        assertEquals(List.of(Violation.of("h", "max |w| * 2^v_frac_bits", 922L, "<= 127"),
                Violation.of("out", "max |w| * 2^v_frac_bits", 205L, "<= 127")), v);
    }

    @Test
    void fakeQuantizedWeightsAreMultiplesOfTheVoltageStep() {
        Network fq = new ThetaTarget().fakeQuantize(NET, QuantSpec.defaults(0.01), Calibration.none());
        assertEquals(List.of(115 / 128.0, -58 / 128.0, 38 / 128.0, 0.0), fq.getProjections(0).getWeightsList());
        for (int i = 0; i < 4; i++)
            assertEquals(NET.getProjections(0).getWeights(i), fq.getProjections(0).getWeights(i), 0.5 / 128);
    }
}
