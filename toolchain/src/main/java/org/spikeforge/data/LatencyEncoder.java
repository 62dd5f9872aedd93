package org.spikeforge.data;

import java.util.SplittableRandom;
import org.spikeforge.proto.InputEncoding;

/**
 * Time-to-first-spike latency code: larger values spike earlier. {@link Kind#LINEAR} maps x in [0, 1] to
 * {@code t = tMax - x (tMax - tMin)}; {@link Kind#LOG} maps x in [xMin, 1] to
 * {@code t = tMin + (tMax - tMin) ln(x) / ln(xMin)} (so x = 1 spikes at tMin, x = xMin at tMax) and leaves
 * x below xMin silent, which gives dim pixels no spike at all. An optional bias channel spikes at {@code biasTime}.
 */
public record LatencyEncoder(Kind kind, double tMin, double tMax, double xMin, double biasTime)
    implements SpikeEncoder {

  /** Shape of the latency map. */
  public enum Kind { LINEAR, LOG }

  /** Sentinel for "no bias channel". */
  public static final double NO_BIAS = Double.NaN;

  public LatencyEncoder {
    if (!(Double.isFinite(tMin) && Double.isFinite(tMax) && tMin < tMax)) {
      throw new IllegalArgumentException("latency encoder: need finite t_min < t_max, got [" + tMin + ", " + tMax
          + "]");
    }
    if (kind == Kind.LOG && !(xMin > 0 && xMin < 1)) {
      throw new IllegalArgumentException("latency encoder: log code needs x_min in (0, 1), got " + xMin);
    }
  }

  /** Linear code in [tMin, tMax] with a bias spike at {@code biasTime} (NaN: none). */
  public static LatencyEncoder linear(double tMin, double tMax, double biasTime) {
    return new LatencyEncoder(Kind.LINEAR, tMin, tMax, 0, biasTime);
  }

  /** The Yin-Yang default: linear in [0.15, 2] with a bias spike at 0.15. */
  public static LatencyEncoder yinYangDefault() {
    return linear(0.15, 2.0, 0.15);
  }

  public boolean hasBias() {
    return !Double.isNaN(biasTime);
  }

  /** Spike time of one value. */
  public double time(double x) {
    if (kind == Kind.LINEAR) {
      double v = Math.min(1, Math.max(0, x));
      return tMax - v * (tMax - tMin);
    }
    if (!(x >= xMin)) {
      return Double.POSITIVE_INFINITY;
    }
    double v = Math.min(1, x);
    return tMin + (tMax - tMin) * Math.log(v) / Math.log(xMin);
  }

  @Override
  public int numChannels(int featureWidth) {
    return featureWidth + (hasBias() ? 1 : 0);
  }

  @Override
  public void encode(FeatureTable table, int i, SplittableRandom augment, double[] out) {
    int w = table.width();
    for (int j = 0; j < w; j++) {
      out[j] = time(table.value(i, j));
    }
    if (hasBias()) {
      out[w] = biasTime;
    }
  }

  @Override
  public boolean augments() {
    return false;
  }

  @Override
  public InputEncoding toProto(String dataset) {
    return InputEncoding.newBuilder()
        .setKind(kind == Kind.LINEAR ? InputEncoding.Kind.LATENCY_LINEAR : InputEncoding.Kind.LATENCY_LOG)
        .setTMin(tMin).setTMax(tMax).setThreshold(xMin)
        .setBiasSpike(hasBias()).setBiasTime(hasBias() ? biasTime : 0)
        .setDataset(dataset).build();
  }
}
