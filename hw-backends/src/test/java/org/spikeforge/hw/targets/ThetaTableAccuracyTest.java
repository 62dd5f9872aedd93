package org.spikeforge.hw.targets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.ThetaPhaseMap;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.ThetaTables;

/**
 * The phase response through the lowered tables, phi[(clamp(inv_phi[p] + x) - v_min) >> shift], against the
 * closed form H(phi, w) = Phi(Phi^-1(phi) + w) over random phases and weights |w| <= 0.5 (Theta = 6).
 * Bounds are the measured errors (seed 1) with about 20 % margin: default tables (2^8, 2^14) mean 0.0098,
 * max 0.044; tables 2^12, 2^16 mean 0.0037, max 0.016.
 */
class ThetaTableAccuracyTest {

    private static double[] error(int invBits, int phiBits) {
        ThetaPhaseMap map = new ThetaPhaseMap(6 / Math.PI, 1.25);
        ThetaTables t = new ThetaTarget().lower(NetBuilder.theta("t", 6 / Math.PI, 1.25).inputs(1).layer("o", 1, "input", true, 0.5).build(),
                QuantSpec.defaults(0.01).withTheta(0, invBits, phiBits, -1, Double.NaN), Calibration.none()).getThetaTables();
        long bigP = 1L << t.getPhaseBits();
        double f = Math.scalb(1.0, t.getVFracBits());
        SplittableRandom rnd = new SplittableRandom(1);
        double max = 0;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < 50000; i++) {
            long p = rnd.nextLong(bigP);
            int x = (int) Math.round((2 * rnd.nextDouble() - 1) * 0.5 * f);
            if (x == 0) continue;
            long v = t.getInvPhi((int) (p >> (t.getPhaseBits() - t.getInvIndexBits())));
            long v2 = Math.max(t.getVMin(), Math.min(t.getVMax(), v + x));
            long pNew = t.getPhi((int) ((v2 - t.getVMin()) >> t.getPhiShift()));
            double exact = map.phi(map.invPhi(p * 6.0 / bigP) + x / f);
            double err = Math.abs(pNew * 6.0 / bigP - exact);
            max = Math.max(max, err);
            sum += err;
            n++;
        }
        return new double[] {sum / n, max};
    }

    @Test
    void defaultTablesKeepPhaseResponseErrorSmall() {
        double[] e = error(8, 14);
        assertTrue(e[0] < 0.012 && e[1] < 0.053, () -> "mean " + e[0] + " max " + e[1]);
    }

    @Test
    void largerTablesAreMoreAccurate() {
        double[] small = error(8, 14);
        double[] big = error(12, 16);
        assertTrue(big[0] < 0.0045 && big[1] < 0.019, () -> "mean " + big[0] + " max " + big[1]);
        assertTrue(big[0] < small[0] / 2, () -> big[0] + " vs " + small[0]);
    }
}
