package org.spikeforge.emulator.core;

import org.spikeforge.emulator.ConfigException;
import org.spikeforge.proto.ThetaTables;

/**
 * The validated phase-response lookup tables shared by every layer of a theta config: the inverse map
 * Phi^-1 (phase to voltage) and Phi (voltage to phase), with the counter geometry.
 */
public final class ThetaTablesModel {
  final int phaseBits;
  final int period;
  final int phaseStep;
  final int invShift;
  final int[] invPhi;
  final int vMin;
  final int vMax;
  final int phiShift;
  final int[] phi;

  private ThetaTablesModel(int phaseBits, int phaseStep, int invShift, int[] invPhi, int vMin, int vMax,
      int phiShift, int[] phi) {
    this.phaseBits = phaseBits;
    this.period = 1 << phaseBits;
    this.phaseStep = phaseStep;
    this.invShift = invShift;
    this.invPhi = invPhi;
    this.vMin = vMin;
    this.vMax = vMax;
    this.phiShift = phiShift;
    this.phi = phi;
  }

  /** Validates the tables: geometry, lengths, and every entry inside its range. */
  public static ThetaTablesModel of(String f, ThetaTables t) {
    Check.range(f + ".phase_bits", t.getPhaseBits(), 1, 30);
    int period = 1 << t.getPhaseBits();
    Check.range(f + ".phase_step", t.getPhaseStep(), 0, period - 1L);
    Check.range(f + ".inv_index_bits", t.getInvIndexBits(), 0, Math.min(t.getPhaseBits(), 24));
    Check.range(f + ".v_frac_bits", t.getVFracBits(), 0, 30);
    if (t.getVMin() > t.getVMax()) {
      throw new ConfigException(f + ".v_min = " + t.getVMin() + " is above v_max = " + t.getVMax());
    }
    Check.range(f + ".phi_shift", t.getPhiShift(), 0, 32);
    Check.length(f + ".inv_phi", t.getInvPhiCount(), 1L << t.getInvIndexBits(), "2^inv_index_bits");
    int[] invPhi = new int[t.getInvPhiCount()];
    for (int i = 0; i < invPhi.length; i++) {
      invPhi[i] = t.getInvPhi(i);
      Check.range(f + ".inv_phi[" + i + "]", invPhi[i], t.getVMin(), t.getVMax());
    }
    long phiLength = (((long) t.getVMax() - t.getVMin()) >> t.getPhiShift()) + 1;
    Check.length(f + ".phi", t.getPhiCount(), phiLength, "((v_max - v_min) >> phi_shift) + 1");
    int[] phi = new int[t.getPhiCount()];
    for (int i = 0; i < phi.length; i++) {
      phi[i] = t.getPhi(i);
      Check.range(f + ".phi[" + i + "]", phi[i], 0, period - 1L);
    }
    return new ThetaTablesModel(t.getPhaseBits(), t.getPhaseStep(), t.getPhaseBits() - t.getInvIndexBits(),
        invPhi, t.getVMin(), t.getVMax(), t.getPhiShift(), phi);
  }

  /** The phase after a voltage kick {@code x} at phase {@code p} (before the per-step increment). */
  int kick(int p, long x) {
    long v = (long) invPhi[p >> invShift] + x;
    v = Math.max(vMin, Math.min(vMax, v));
    return phi[(int) ((v - vMin) >> phiShift)];
  }
}
