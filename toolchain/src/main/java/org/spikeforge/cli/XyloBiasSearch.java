package org.spikeforge.cli;

import java.util.HashMap;
import java.util.Map;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;
import org.spikeforge.verify.Verifier;

/**
 * Emulator-in-the-loop choice of the two Xylo membrane biases on the calibration (training) samples.
 *
 * <p>Xylo's floored synaptic decay {@code isyn - (isyn >> dash_syn)} adds on average half a unit of isyn per
 * active step, which builds up towards {@code 2^(dash_syn - 1)} units (about 12-19 % of a threshold current on
 * the Yin-Yang net) with the synaptic time constant. Its effect depends on when each neuron's current becomes
 * active, so no constant bias cancels it, and the agreement turned out to be sharp in the bias (on the Yin-Yang
 * LIF net, dash_syn 6: input-layer bias -14 gave 89.7 %, -16 95.3 %, -18 96.4 %, -22 91.7 % test agreement).
 * The analytic bias of XyloTarget ({@code -2^(dash_syn - 2)} on input-fed layers, 0 on the rest) is the start;
 * this search then maximises the float/emulator prediction agreement on the calibration samples over one bias
 * for the input-fed layers and one for the output layers (the readout sees hidden spikes half a step late on
 * average, so it may want a small positive bias). The integer semantics are untouched: only {@code bias} values
 * of the lowered config change.
 *
 * <p>Search (coordinate, memoised; ties keep the value closer to the start): input-fed bias over
 * {@code start + k u}, {@code k = -4..4}, {@code u = max(1, 2^(dash_syn - 4))}, capped at 0; then +-u/2 around the
 * best; output bias over {@code -2u .. 2u} in steps of {@code u/2}; then the input-fed bias +-u/2 again.
 */
final class XyloBiasSearch {

  /** The chosen biases and the calibration agreements before and after. */
  record Result(int inputBias, int outputBias, int biasJump, double startAgreement, double agreement, int evaluations) {}

  private XyloBiasSearch() {}

  /**
   * Runs the search for a lowered xylo config and returns the config with the chosen biases and the result.
   *
   * @param biasChannel the input channel that carries the encoding's bias spike (a spike at the same time in every
   *     sample), or -1 when there is none: its weights into input-fed layers get the extra jump J
   */
  static Map.Entry<HardwareConfig, Result> tune(Network net, HardwareConfig cfg, SpikeDataset calibration, int samples, int threads,
      int biasChannel) {
    int dashSyn = 0;
    int shift = 0;
    int start = 0;
    for (HwLayer l : cfg.getLayersList()) {
      if (l.getSource().equals("input")) {
        dashSyn = l.getXylo().getDashSyn();
        shift = l.getXylo().getWeightShift();
        start = l.getXylo().getBiasCount() > 0 ? l.getXylo().getBias(0) : 0;
      }
    }
    int unit = Math.max(1, 1 << Math.max(0, dashSyn - 4));
    Map<Long, Double> memo = new HashMap<>();
    Objective3 f = (h, o, j) -> memo.computeIfAbsent((((long) h & 0xfffffL) << 40) ^ (((long) o & 0xfffffL) << 20) ^ (j & 0xfffffL),
        k -> new Verifier(net, withBiases(cfg, h, o, biasChannel, j)).run(calibration, samples, threads, 0).predictionAgreement());
    int[] best = search(f, start, unit, biasChannel < 0 ? 0 : Math.max(1, (1 << Math.max(0, dashSyn - 1)) >> shift));
    HardwareConfig tuned = withBiases(cfg, best[0], best[1], biasChannel, best[2]).toBuilder()
        .putMetadata("xylo.bias_search", String.format(java.util.Locale.ROOT,
            "input-fed bias %d, output bias %d, bias-channel jump %d: calibration agreement %.4f (analytic: %.4f), %d evaluations on %d samples",
            best[0], best[1], best[2], f.value(best[0], best[1], best[2]), f.value(start, 0, 0), memo.size(), samples))
        .build();
    return Map.entry(tuned, new Result(best[0], best[1], best[2], f.value(start, 0, 0), f.value(best[0], best[1], best[2]), memo.size()));
  }

  /** Agreement for (input-fed bias, output bias, bias-channel jump). */
  @FunctionalInterface
  interface Objective3 {
    double value(int inputBias, int outputBias, int biasJump);
  }

  /**
   * The search with the bias-channel jump as a third coordinate (0 = none). The floor-drift excess of an input-fed
   * layer, {@code e_n = 2^(dash_syn - 1) (1 - a^(n - n0 + 1))} from the step n0 its current becomes active, equals
   * a constant bias {@code -2^(dash_syn - 1)} plus a current jump {@code +2^(dash_syn - 1)} at n0; when every sample
   * has a bias spike at one fixed time, that spike starts the drift of most neurons, so the jump rides on it:
   * J = {@code 2^(dash_syn - 1) >> weight_shift} weight units ({@code jumpUnits}). The search tries J in
   * 0..2 jumpUnits (inputs bias re-searched for each of 0, jumpUnits/2, jumpUnits, 3 jumpUnits/2, 2 jumpUnits from
   * {@code start - 2^(dash_syn-2) J/jumpUnits}), then refines as {@link #search(Objective, int, int)}.
   */
  static int[] search(Objective3 f, int start, int unit, int jumpUnits) {
    int bestH = start;
    int bestJ = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    int steps = jumpUnits == 0 ? 0 : 4;
    for (int q = 0; q <= steps; q++) {
      int j = jumpUnits == 0 ? 0 : (int) Math.round(q * jumpUnits / 2.0);
      int home = start - (int) Math.round(q * 2.0 * unit);
      final int jj = j;
      int h = bestOf((a, b) -> f.value(a, b, jj), home, 0, home, true, -4 * unit, 4 * unit, unit);
      double v = f.value(h, 0, j);
      if (v > bestValue + 1e-12) {
        bestValue = v;
        bestH = h;
        bestJ = j;
      }
    }
    final int j = bestJ;
    int[] ho = search((a, b) -> f.value(a, b, j), bestH, unit, false);
    return new int[] {ho[0], ho[1], bestJ};
  }

  /** Agreement for an (input-fed bias, output bias) pair. */
  @FunctionalInterface
  interface Objective {
    double value(int inputBias, int outputBias);
  }

  /** The coordinate search of the class comment; returns {input-fed bias, output bias}. */
  static int[] search(Objective f, int start, int unit) {
    return search(f, start, unit, true);
  }

  private static int[] search(Objective f, int start, int unit, boolean coarse) {
    int h = start;
    int o = 0;
    if (coarse) {
      h = bestOf(f, h, o, start, true, -4 * unit, 4 * unit, unit);
    }
    int half = Math.max(1, unit / 2);
    h = bestOf(f, h, o, start, true, -half, half, half);
    o = bestOf(f, h, o, 0, false, -2 * unit, 2 * unit, half);
    h = bestOf(f, h, o, start, true, -half, half, half);
    return new int[] {h, o};
  }

  private static int bestOf(Objective f, int h, int o, int home, boolean input, int from, int to, int step) {
    int centre = input ? h : o;
    int best = centre;
    double bestValue = input ? f.value(h, o) : f.value(h, o);
    for (int d = from; d <= to; d += step) {
      int v = centre + d;
      if (input && v > 0) {
        continue;
      }
      double value = input ? f.value(v, o) : f.value(h, v);
      if (value > bestValue + 1e-12 || (Math.abs(value - bestValue) <= 1e-12 && Math.abs(v - home) < Math.abs(best - home))) {
        best = v;
        bestValue = value;
      }
    }
    return best;
  }

  /** The config with bias {@code h} on every input-fed layer and {@code o} on every output layer (0 clears it). */
  static HardwareConfig withBiases(HardwareConfig cfg, int h, int o) {
    return withBiases(cfg, h, o, -1, 0);
  }

  /** As {@link #withBiases(HardwareConfig, int, int)}, plus {@code jump} weight units (clamped to 127) on channel {@code biasChannel}. */
  static HardwareConfig withBiases(HardwareConfig cfg, int h, int o, int biasChannel, int jump) {
    HardwareConfig.Builder b = cfg.toBuilder();
    if (biasChannel >= 0 && jump != 0) {
      for (int i = 0; i < b.getLayersCount(); i++) {
        HwLayer.Builder l = b.getLayersBuilder(i);
        if (l.getSource().equals("input")) {
          for (int r = 0; r < l.getSize(); r++) {
            int k = r * l.getFanIn() + biasChannel;
            l.setWeights(k, Math.max(-128, Math.min(127, l.getWeights(k) + jump)));
          }
        }
      }
    }
    for (int i = 0; i < b.getLayersCount(); i++) {
      HwLayer.Builder l = b.getLayersBuilder(i);
      int bias;
      if (l.getSource().equals("input")) {
        bias = h;
      } else if (l.getOutput()) {
        bias = o;
      } else {
        continue;
      }
      l.getXyloBuilder().clearBias();
      if (bias != 0) {
        for (int k = 0; k < l.getSize(); k++) {
          l.getXyloBuilder().addBias(bias);
        }
      }
    }
    return b.build();
  }
}
