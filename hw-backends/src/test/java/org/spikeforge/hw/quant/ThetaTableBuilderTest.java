package org.spikeforge.hw.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.ThetaTables;

class ThetaTableBuilderTest {

    // tau = 6/pi, I0 = 5/4: b = 1, Theta = 6, Phi^-1(phi) = 1/2 + tan(phi pi/6 - pi/2), Phi(V) = (6/pi)(atan(V - 1/2) + pi/2)
    private static final ThetaPhaseMap MAP = new ThetaPhaseMap(6 / Math.PI, 1.25);

    private static double invPhi(double phi) {
        return 0.5 + Math.tan(phi * Math.PI / 6 - Math.PI / 2);
    }

    private static double phi(double v) {
        return 6 / Math.PI * (Math.atan(v - 0.5) + Math.PI / 2);
    }

    @Test
    void closedFormsAreInverse() {
        assertEquals(6.0, MAP.period(), 1e-12);
        for (double v : new double[] {-30, -1, 0, 0.5, 1, 7.25}) {
            assertEquals(phi(v), MAP.phi(v), 1e-12);
            assertEquals(v, MAP.invPhi(MAP.phi(v)), 1e-9 * Math.max(1, Math.abs(v)));
        }
        assertEquals(3.0, MAP.phi(0.5), 1e-12); // the unstable point sits at half the period
    }

    @Test
    void invPhiSamplesBinCentresInFixedPoint() {
        // 8 bins of width 6/8 = 0.75; f = 8; v range from the edge bin centres:
        // v_max = round((1/2 + tan(7pi/16)) 256) = round(5.52734 * 256) = 1415, v_min = round(-4.52734 * 256) = -1159
        ThetaTables t = ThetaTableBuilder.build(MAP, 10, 2, 3, 6, 8, -1159, 1415);
        assertEquals(8, t.getInvPhiCount());
        assertEquals(-1159, t.getInvPhi(0));                    // bin centre 0.375: -4.52734 * 256 = -1159.0
        assertEquals(Math.round(invPhi(3.375) * 256), t.getInvPhi(4)); // 1/2 + tan(pi/16) = 0.698912 -> 178.92 -> 179
        assertEquals(179, t.getInvPhi(4));
        assertEquals(77, t.getInvPhi(3));                       // 0.301088 * 256 = 77.08
        assertEquals(1415, t.getInvPhi(7));
    }

    @Test
    void invPhiSaturatesToVoltageRange() {
        // span 2 around 1/2: v in [-1.5, 2.5] -> [-384, 640]; bins 0,1 (V = -4.53, -1.0) and 6,7 (2.0, 5.5) saturate
        ThetaTables t = ThetaTableBuilder.build(MAP, 10, 2, 3, 6, 8, -384, 640);
        assertEquals(-384, t.getInvPhi(0));
        assertEquals(-255, t.getInvPhi(1)); // -0.99661 * 256 = -255.13 is inside the range
        assertEquals(511, t.getInvPhi(6));  // 1.99661 * 256 = 511.13
        assertEquals(640, t.getInvPhi(7));
    }

    @Test
    void phiTableSamplesPhiAtBinCentresInCounterUnits() {
        // span 2574: phi_shift = 6 (2574 >> 6 = 40 < 64, 2574 >> 5 = 80 >= 64), 41 entries, P = 1024
        ThetaTables t = ThetaTableBuilder.build(MAP, 10, 2, 3, 6, 8, -1159, 1415);
        assertEquals(6, t.getPhiShift());
        assertEquals(41, t.getPhiCount());
        // entry k covers integers [-1159 + 64k, -1159 + 64k + 63]; centre -1159 + 64k + 31.5
        for (int k : new int[] {0, 18, 20, 40}) {
            double v = (-1159 + 64 * k + 31.5) / 256;
            long expected = Math.max(0, Math.min(1023, Math.round(phi(v) * 1024 / 6)));
            assertEquals(expected, t.getPhi(k), "k=" + k);
        }
        assertEquals(Math.round(phi((-1159 + 31.5) / 256) * 1024 / 6), t.getPhi(0)); // phi(-4.404) = 0.3854 -> 65.8 -> 66
        assertEquals(66, t.getPhi(0));
        for (int k = 1; k < t.getPhiCount(); k++) assertTrue(t.getPhi(k) >= t.getPhi(k - 1), "phi must be monotone");
        assertEquals(2, t.getPhaseStep());
        assertEquals(10, t.getPhaseBits());
    }

    @Test
    void roundTripThroughBothTablesReturnsNearTheBinCentre() {
        // fine tables: phi(inv_phi(bin k)) must land within one phi bin of the bin centre phase
        int pb = 16;
        ThetaTables t = ThetaTableBuilder.build(MAP, pb, 1, 6, 16, 12, (int) Math.round((0.5 - 40) * 4096), (int) Math.round((0.5 + 40) * 4096));
        long bigP = 1L << pb;
        for (int k = 4; k < 60; k++) {
            int v = t.getInvPhi(k);
            int p = t.getPhi((int) (((long) v - t.getVMin()) >> t.getPhiShift()));
            double centre = (k + 0.5) * bigP / 64;
            double slope = bigP / 6.0 * 6 / Math.PI / (1 + Math.pow(v / 4096.0 - 0.5, 2)); // dP/dV
            double tol = slope * (1 << t.getPhiShift()) / 4096.0 + 2;
            assertEquals(centre, p, tol, "k=" + k);
        }
    }
}
