package org.spikeforge.hw.targets;

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
         * Per-layer scales (default): clips h 0.9, out 0.2; f = floor(log2(127 * 255 / 0.9)) = floor(15.14) = 15.
         * s_h = ceil(0.9 * 2^15 / 127) = ceil(232.2) = 233, s_out = ceil(0.2 * 2^15 / 127) = ceil(51.6) = 52.
         * h: 0.9 * 2^15 / 233 = 126.57 -> 127 -> 29591; -0.45 -> -63.29 -> -63 -> -14679; 0.3 -> 42.19 -> 42 -> 9786.
         * out: 0.2 * 2^15 / 52 = 126.03 -> 126 -> 6552; -0.1 -> -63.02 -> -63 -> -3276.
         * span = min(tan(pi/2 - pi/8192) = 2607.6, b 2^(14/2) = 128) = 128 -> v_max = round(128.5 * 2^15) = 4210688,
         * v_min = round(-127.5 * 2^15) = -4177920 (within +-2^30; the cap would be f <= 22). The range 2^23 would need
         * phi_shift 10 for 2^13 + 1 entries; v_max is trimmed to v_min + 2^23 - 1 = 4210687: shift 9, 2^14 entries.
         * phase_init = round(phi0 2^18 / 6): 3 -> 131072, 6 -> 262144 clamped to 262143.
         */
        HardwareConfig cfg = Targets.byName("theta").lower(NET, QuantSpec.defaults(0.01), Calibration.none());
        ThetaTables t = cfg.getThetaTables();
        assertEquals(18, t.getPhaseBits());
        assertEquals(437, t.getPhaseStep());
        assertEquals(15, t.getVFracBits());
        assertEquals(4210687, t.getVMax());
        assertEquals(9, t.getPhiShift());
        assertEquals(16384, t.getPhiCount());
        assertEquals(-4177920, t.getVMin());
        assertEquals(4096, t.getInvPhiCount());
        assertEquals(List.of(29591, -14679, 9786, 0), cfg.getLayers(0).getWeightsList());
        assertEquals(List.of(6552, -3276), cfg.getLayers(1).getWeightsList());
        assertEquals("per-layer", cfg.getMetadataOrThrow("theta.weight_scales"));
        assertEquals(List.of(131072, 262143), cfg.getLayers(0).getTheta().getPhaseInitList());
        assertEquals(List.of(0, 0), cfg.getLayersList().stream().map(HwLayer::getInputDelay).toList());
        assertEquals(201, cfg.getNumSteps());
        // inv_phi has 2^12 bins (default); bin k's centre is Phi^-1((k + 1/2) 6 / 4096) = 1/2 - cot((2k + 1) pi / 8192).
        // k = 9: 1/2 - cot(19 pi/8192) = -136.74 < -127.5 saturates at v_min; k = 10: 1/2 - cot(21 pi/8192) = -123.67
        // -> round(-123.67 * 2^15) = -4052369; the last bin mirrors the first.
        assertEquals(t.getVMin(), t.getInvPhi(0));
        assertEquals(t.getVMin(), t.getInvPhi(9));
        assertEquals(-4052369, t.getInvPhi(10));
        assertEquals(t.getVMax(), t.getInvPhi(4095));
    }

    @Test
    void phiTableRangeIsTrimmedOnlyWhenItJustPassesAPowerOfTwo() {
        // k = 4: range 16 needs shift 1 for 9 entries -> v_max = v_min + 15 (shift 0, 16 entries)
        assertEquals(15, ThetaTarget.fitPhiTable(0, 16, 4));
        // range 33 (= 2^5 + 1, within 2^5 + 2^1 - 1): 33 >> 1 = 16 -> trimmed to 31
        assertEquals(-69, ThetaTarget.fitPhiTable(-100, -67, 4));
        // range 34 >> 1 = 17, 34 >> 2 = 8: shift 2 gives 9 entries, trimming would give up 3 units -> kept
        assertEquals(34, ThetaTarget.fitPhiTable(0, 34, 4));
        // ranges that already fit are kept
        assertEquals(15, ThetaTarget.fitPhiTable(0, 15, 4));
        assertEquals(24, ThetaTarget.fitPhiTable(0, 24, 4));
    }

    @Test
    void perNeuronScalesFollowEachRowsLargestWeight() {
        /*
         * Row clips: h0 0.9, h1 0.3, out0 0.2; f = 15 as above. s_h0 = 233 (as the layer), s_h1 = ceil(0.3 * 2^15 / 127)
         * = ceil(77.4) = 78: 0.3 * 2^15 / 78 = 126.03 -> 126 -> 9828 (per-layer: 9786; float 0.3 * 2^15 = 9830.4).
         * out0 = the out layer: 6552, -3276.
         */
        HardwareConfig cfg = Targets.byName("theta").lower(NET, QuantSpec.defaults(0.01).withPerChannel(true), Calibration.none());
        assertEquals(15, cfg.getThetaTables().getVFracBits());
        assertEquals(List.of(29591, -14679, 9828, 0), cfg.getLayers(0).getWeightsList());
        assertEquals(List.of(6552, -3276), cfg.getLayers(1).getWeightsList());
        assertEquals("per-neuron", cfg.getMetadataOrThrow("theta.weight_scales"));
        // the report stores one 8-bit scale per neuron (3) here, one per layer (2) by default, before the tables row
        var rows = new ThetaTarget().report(cfg).layers();
        assertEquals("theta_weight_scales", rows.get(rows.size() - 2).layer());
        assertEquals(3 * 8, rows.get(rows.size() - 2).memoryBits());
        rows = new ThetaTarget().report(Targets.byName("theta").lower(NET, QuantSpec.defaults(0.01), Calibration.none())).layers();
        assertEquals(2 * 8, rows.get(rows.size() - 2).memoryBits());
    }

    @Test
    void scaledWeightsAreMultiplesOfTheirRowScaleAndWithinHalfAStep() {
        // Any net: every weight is m * s_row with |m| <= 127, and |w_int 2^-f - w| <= s_row 2^-f / 2 (no clipping at 100 %).
        Network net = NetBuilder.theta("rows", 6 / Math.PI, 1.25).inputs(3)
                .layer("h", 3, "input", false, 1.7, -0.02, 0.4, 0.011, -0.003, 0.007, -0.25, 0.25, 0.125)
                .layer("out", 2, "h", true, 0.05, -0.6, 0.33, 0.01, 0.02, -0.03).build();
        for (boolean perNeuron : new boolean[] {false, true}) {
            HardwareConfig cfg = Targets.byName("theta").lower(net, QuantSpec.defaults(0.01).withPerChannel(perNeuron), Calibration.none());
            int f = cfg.getThetaTables().getVFracBits();
            for (int l = 0; l < 2; l++) {
                HwLayer hl = cfg.getLayers(l);
                int cols = hl.getFanIn();
                for (int r = 0; r < hl.getSize(); r++) {
                    double rowMax = 0;
                    double layerMax = 0;
                    for (int c = 0; c < cols; c++) rowMax = Math.max(rowMax, Math.abs(net.getProjections(l).getWeights(r * cols + c)));
                    for (double w : net.getProjections(l).getWeightsList()) layerMax = Math.max(layerMax, Math.abs(w));
                    int s = (int) Math.max(1, Math.ceil((perNeuron ? rowMax : layerMax) * Math.scalb(1.0, f) / 127 - 1e-9));
                    for (int c = 0; c < cols; c++) {
                        int w = hl.getWeights(r * cols + c);
                        assertEquals(0, w % s, "weight " + w + " is a multiple of the row scale " + s);
                        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(w / s) <= 127);
                        assertEquals(net.getProjections(l).getWeights(r * cols + c), w * Math.scalb(1.0, -f), s * Math.scalb(1.0, -f) / 2 + 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void fixedFractionBitsThatOverflowAreViolations() {
        // f = 10: 0.9 * 1024 = 922 > 127
        List<Violation> v = new ThetaTarget().check(NET, QuantSpec.defaults(0.01).withTheta(0, 8, 14, 10, Double.NaN));
        assertEquals(List.of(Violation.of("h", "max |w| * 2^v_frac_bits", 922L, "<= 127"),
                Violation.of("out", "max |w| * 2^v_frac_bits", 205L, "<= 127")), v);
    }

    @Test
    void fakeQuantizedWeightsAreTheIntegerWeightsInVolts() {
        Network fq = new ThetaTarget().fakeQuantize(NET, QuantSpec.defaults(0.01), Calibration.none());
        double u = Math.scalb(1.0, -15);
        assertEquals(List.of(29591 * u, -14679 * u, 9786 * u, 0.0), fq.getProjections(0).getWeightsList());
        for (int i = 0; i < 4; i++)
            assertEquals(NET.getProjections(0).getWeights(i), fq.getProjections(0).getWeights(i), 233 * u / 2);
    }

    @Test
    void fixedFractionBitsKeepUnscaledWeights() {
        // explicit f = 7: w_int = round(128 w): 0.9 -> 115, -0.45 -> round(-57.6) = -58, 0.3 -> 38; 0.2 -> 26, -0.1 -> -13
        HardwareConfig cfg = Targets.byName("theta").lower(NET, QuantSpec.defaults(0.01).withTheta(0, 12, 14, 7, Double.NaN), Calibration.none());
        assertEquals(7, cfg.getThetaTables().getVFracBits());
        assertEquals(List.of(115, -58, 38, 0), cfg.getLayers(0).getWeightsList());
        assertEquals(List.of(26, -13), cfg.getLayers(1).getWeightsList());
        assertEquals("none", cfg.getMetadataOrThrow("theta.weight_scales"));
    }
}
