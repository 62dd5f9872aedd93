package org.spikeforge.hil;

import org.spikeforge.hw.quant.WeightQuantizer;

/**
 * The fixed float-to-integer weight map of one lowered layer, frozen at the first lowering so that a small change
 * of a float shadow weight changes at most that one stored integer (re-lowering would re-pick the scale and move
 * every weight). Stored value: {@code g * clamp(round(w * unitsPerWeight[row] / g), lo / g, hi / g)} with rounding
 * half away from zero, exactly the lowering's own formula; the weight the chip effectively uses is
 * {@code q * weightPerUnit[row]} (relative to the lowered threshold).
 *
 * @param layer config layer name
 * @param size neurons (rows)
 * @param fanIn sources (columns), row-major [size][fanIn]
 * @param unitsPerWeight per row: stored units per float weight
 * @param weightPerUnit per row: float weight per stored unit
 * @param granularity stored weights are multiples of this (Loihi 2 truncation; 1 on Xylo)
 * @param lo smallest stored weight (multiple of granularity)
 * @param hi largest stored weight (multiple of granularity)
 */
public record LayerWeightCodec(String layer, int size, int fanIn, double[] unitsPerWeight, double[] weightPerUnit,
    int granularity, int lo, int hi) {

  /** The stored integer for float weight {@code w} of row {@code row}. */
  public int encode(double w, int row) {
    int g = granularity;
    int k = WeightQuantizer.quantize(w * unitsPerWeight[row] / g, 1.0, Math.max(-lo, hi) / g);
    return Math.max(lo, Math.min(hi, k * g));
  }

  /** The float weight the chip uses for stored integer {@code q} of row {@code row}. */
  public double decode(int q, int row) {
    return q * weightPerUnit[row];
  }

  /** Smallest float weight of row {@code row} that still maps inside the stored range. */
  public double minWeight(int row) {
    return lo * weightPerUnit[row];
  }

  /** Largest float weight of row {@code row} that still maps inside the stored range. */
  public double maxWeight(int row) {
    return hi * weightPerUnit[row];
  }
}
