package org.spikeforge.verify;

import org.spikeforge.hw.quant.ThetaPhaseMap;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;

/**
 * Pseudospike times of silent theta outputs from the hardware state at the trial end: the layer-wise rule
 * of SCIENCE.md 3 (hidden layer 1 gets x = 0, each layer sets {@code r = H(phi(T), x) / Theta}, the next gets
 * {@code x = W r}, a silent output spikes at {@code T + Theta - H(phi_out(T), x_out)}), evaluated on the host
 * with the phases the emulator's counters hold at T ({@code phi = p Theta / P}) and the config's integer
 * weights ({@code w / 2^v_frac_bits}). This is a read-out after the run, not part of the integer update path,
 * and lets the emulator answer where the float model answers with pseudospikes.
 */
public final class ThetaReadout {
  private final ThetaPhaseMap map;
  private final double period;
  private final double trialEnd;
  private final double phaseUnit;
  private final double[][] weights;
  private final int[] sizes;

  public ThetaReadout(Network net, HardwareConfig cfg) {
    this.map = new ThetaPhaseMap(net.getParams().getTau(), net.getParams().getDrive());
    this.period = map.period();
    this.trialEnd = net.getTrialEnd();
    this.phaseUnit = period / Math.scalb(1.0, cfg.getThetaTables().getPhaseBits());
    double wUnit = Math.scalb(1.0, -cfg.getThetaTables().getVFracBits());
    int layers = cfg.getLayersCount();
    weights = new double[layers][];
    sizes = new int[layers];
    for (int l = 0; l < layers; l++) {
      HwLayer hl = cfg.getLayers(l);
      sizes[l] = hl.getSize();
      weights[l] = new double[hl.getWeightsCount()];
      for (int k = 0; k < hl.getWeightsCount(); k++) {
        weights[l][k] = hl.getWeights(k) * wUnit;
      }
    }
  }

  /**
   * Writes the pseudospike time into {@code outTimes[k]} for every output k with {@code silent[k]}.
   *
   * @param phases per layer, per neuron, the counter value at the trial end
   */
  public void fillSilent(long[][] phases, boolean[] silent, double[] outTimes) {
    double[] rPrev = null;
    double[] h = null;
    for (int l = 0; l < sizes.length; l++) {
      int n = sizes[l];
      h = new double[n];
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        double x = 0;
        if (l > 0) {
          int cols = sizes[l - 1];
          for (int j = 0; j < cols; j++) {
            x += weights[l][i * cols + j] * rPrev[j];
          }
        }
        h[i] = responseAt(phases[l][i] * phaseUnit, x);
        r[i] = h[i] / period;
      }
      rPrev = r;
    }
    for (int k = 0; k < outTimes.length; k++) {
      if (silent[k]) {
        outTimes[k] = trialEnd + period - h[k];
      }
    }
  }

  /** H(phi, x) = Phi(Phi^-1(phi) + x), with H(phi, 0) = phi exactly. */
  private double responseAt(double phi, double x) {
    if (x == 0) {
      return phi;
    }
    return map.phi(map.invPhi(phi) + x);
  }
}
