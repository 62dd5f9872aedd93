package org.spikeforge.hw.quant;

import org.spikeforge.proto.ThetaTables;

/**
 * Builds the theta core's lookup tables ({@code docs/TARGET-SEMANTICS.md}, theta). With
 * {@code P = 2^phaseBits} counter units standing for Theta:
 * <pre>
 *   inv_phi[k] = clamp(round(Phi^-1((k + 1/2) Theta / 2^invIndexBits) * 2^f), v_min, v_max),  k < 2^invIndexBits
 *   phi_shift  = smallest s >= 0 with (v_max - v_min) >> s  <  2^phiIndexBits
 *   phi[k]     = clamp(round(Phi(V_k) * P / Theta), 0, P - 1),  V_k = (v_min + k 2^s + (2^s - 1)/2) / 2^f,
 *                k = 0 .. (v_max - v_min) >> s
 * </pre>
 * i.e. both tables sample the closed forms at the centres of their bins.
 */
public final class ThetaTableBuilder {

    private ThetaTableBuilder() {
    }

    /** The tables for the given geometry; vMin/vMax are integers in units of 2^-vFracBits. */
    public static ThetaTables build(ThetaPhaseMap map, int phaseBits, int phaseStep, int invIndexBits, int phiIndexBits,
                                    int vFracBits, int vMin, int vMax) {
        if (invIndexBits > phaseBits)
            throw new IllegalArgumentException("theta inv_index_bits " + invIndexBits + " must be <= phase_bits " + phaseBits);
        if (vMin >= vMax) throw new IllegalArgumentException("theta v_min " + vMin + " must be < v_max " + vMax);
        double theta = map.period();
        long p = 1L << phaseBits;
        double vScale = Math.scalb(1.0, vFracBits);
        ThetaTables.Builder t = ThetaTables.newBuilder()
                .setPhaseBits(phaseBits).setPhaseStep(phaseStep).setInvIndexBits(invIndexBits)
                .setVFracBits(vFracBits).setVMin(vMin).setVMax(vMax);
        int invLen = 1 << invIndexBits;
        for (int k = 0; k < invLen; k++) {
            double v = map.invPhi((k + 0.5) * theta / invLen);
            long q = Math.round(v * vScale);
            t.addInvPhi((int) Math.max(vMin, Math.min(vMax, q)));
        }
        long span = (long) vMax - vMin;
        int shift = 0;
        while ((span >> shift) >= (1L << phiIndexBits)) shift++;
        t.setPhiShift(shift);
        long phiLen = (span >> shift) + 1;
        double half = ((1L << shift) - 1) / 2.0;
        for (long k = 0; k < phiLen; k++) {
            double v = (vMin + (k << shift) + half) / vScale;
            long c = Math.round(map.phi(v) * p / theta);
            t.addPhi((int) Math.max(0, Math.min(p - 1, c)));
        }
        return t.build();
    }
}
