package org.spikeforge.hw.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.Network;

class Loihi2LoweringTest {

    /*
     * tau = 1, dt = 0.1, V_th = 1, 8-bit weights, 2 inputs -> 2 output neurons.
     * s = exp(-0.1) = 0.904837418, c = s (1 - s) = 0.0861066650
     * du = round(4096 (1 - s^2)) - 1 = round(4096 * 0.181269247) - 1 = round(742.479) - 1 = 741
     * dv = round(4096 (1 - s)) = round(4096 * 0.0951625820) = round(389.786) = 390
     * mixed signs -> MIXED (2): g = 2, 127 levels, M = 254; m = max|w| = 1.0; I_max = max row |w| sum = 1.0
     * S_v(e) = 254 * 2^(e + 6) / c: e = 5 -> 6,041,251.3 <= cap min((2^17-1)*64, (2^23-1)/c) = 8,388,544; e = 6 -> 12,082,503 > cap
     * vth = round(S_v / 64) = round(94394.55) = 94395
     * stored = 2 * round(w * c S_v / 2^11 / 2) = 2 * round(127 w): 0.3 -> 2*38 = 76, -0.25 -> 2*(-32) = -64, 1.0 -> 254, 0 -> 0
     * v_init = round(0.5 * S_v) = round(3,020,625.64) = 3,020,626
     */
    private static final Network NET = NetBuilder.lif("tiny", 1.0, 1.0).inputs(2)
            .layer("o", 2, "input", true, 0.3, -0.25, 1.0, 0.0).initialV("o", 0.5, 0.0).build();

    @Test
    void integerFieldsMatchHandComputation() {
        HardwareConfig cfg = Targets.byName("loihi2").lower(NET, QuantSpec.defaults(0.1), Calibration.none());
        assertEquals("loihi2", cfg.getTarget());
        assertEquals(21, cfg.getNumSteps()); // ceil(2.0 / 0.1) + 1
        HwLayer l = cfg.getLayers(0);
        assertEquals(List.of(76, -64, 254, 0), l.getWeightsList());
        assertEquals(1, l.getInputDelay());
        assertEquals(2, l.getFanIn());
        Loihi2Lif lif = l.getLoihi2();
        assertEquals(741, lif.getDu());
        assertEquals(390, lif.getDv());
        assertEquals(94395, lif.getVth());
        assertEquals(5, lif.getWeightExp());
        assertEquals(8, lif.getNumWeightBits());
        assertEquals(Loihi2Target.SIGN_MIXED, lif.getSignMode());
        assertEquals(List.of(3020626, 0), lif.getVInitList());
        assertEquals(0, lif.getUInitCount());
        assertEquals(1, cfg.getCoresCount());
        assertEquals(2, cfg.getCores(0).getCount());
    }

    @Test
    void excitatoryLayerUsesFullUnsignedRange() {
        // all weights >= 0 -> EXCITATORY (3), g = 1, 255 levels, M = 255; m = 0.5
        // stored = round(w * 255 / 0.5) = round(510 w): 0.5 -> 255, 0.1 -> 51
        Network n = NetBuilder.lif("exc", 1.0, 1.0).inputs(2).layer("o", 1, "input", true, 0.5, 0.1).build();
        HwLayer l = new Loihi2Target().lower(n, QuantSpec.defaults(0.1), Calibration.none()).getLayers(0);
        assertEquals(Loihi2Target.SIGN_EXCITATORY, l.getLoihi2().getSignMode());
        assertEquals(List.of(255, 51), l.getWeightsList());
    }

    @Test
    void fewerWeightBitsDropLowBitsLikeLava() {
        // 4-bit MIXED: g = 2^(8 - 4 + 1) = 32, 7 levels; stored = 32 * round(7 w / m): 0.3 -> 32*2 = 64, -0.25 -> 32*(-2) = -64, 1 -> 224
        HwLayer l = new Loihi2Target().lower(NET, QuantSpec.defaults(0.1).withWeightBits(4), Calibration.none()).getLayers(0);
        assertEquals(List.of(64, -64, 224, 0), l.getWeightsList());
        for (int w : l.getWeightsList()) assertEquals(0, w % 32, "low bits must already be zero after Lava's truncation");
    }

    @Test
    void fakeQuantizedWeightsAreWhatTheHardwareUses() {
        Network fq = new Loihi2Target().fakeQuantize(NET, QuantSpec.defaults(0.1), Calibration.none());
        // w_eff = stored * 2^(e+6) * V_th / (c * vth * 64) = stored / 254 * (S_v / 64) / vth
        double ratio = 6041251.281232026 / 64 / 94395;
        double[] expected = {76 / 254.0 * ratio, -64 / 254.0 * ratio, 1.0 * ratio, 0};
        for (int i = 0; i < 4; i++) assertEquals(expected[i], fq.getProjections(0).getWeights(i), 1e-9);
        // error bound: half a step of 2/254 plus the threshold rounding (< 1e-5 relative)
        for (int i = 0; i < 4; i++)
            assertEquals(NET.getProjections(0).getWeights(i), fq.getProjections(0).getWeights(i), 1.0 / 254 + 1e-5);
    }

    @Test
    void calibrationCurrentCapsTheVoltageScale() {
        // I_max = 2000 from calibration: cap (2^23 - 1) / (2000 c) = 48,710.6 (below the threshold cap 8,388,544)
        Calibration cal = new Calibration(java.util.Map.of("o", new org.spikeforge.hw.quant.LayerCalibration(2000, Double.NaN)));
        Loihi2Lif lif = new Loihi2Target().lower(NET, QuantSpec.defaults(0.1), cal).getLayers(0).getLoihi2();
        // S_v(e) = 188,789.1 * 2^e <= 48,710.6 -> e = -2 (47,197.3); vth = round(47,197.3 / 64) = round(737.46) = 737
        assertEquals(-2, lif.getWeightExp());
        assertEquals(737, lif.getVth());
    }

    @Test
    void calibrationThatPushesThresholdBelowOneIsRefusedWithTheLayerNamed() {
        // clip weight 1e9: S_v <= 254 * 2^13 / (1e9 c) = 0.024 -> vth = round(0.024 / 64) = 0
        Calibration cal = new Calibration(java.util.Map.of("o", new org.spikeforge.hw.quant.LayerCalibration(Double.NaN, 1e9)));
        DesignRuleException e = org.junit.jupiter.api.Assertions.assertThrows(DesignRuleException.class,
                () -> new Loihi2Target().lower(NET, QuantSpec.defaults(0.1), cal));
        assertEquals(List.of(Violation.of("o", "vth (with calibration)", 0, ">= 1 (threshold below the weight resolution)")), e.violations());
    }
}
