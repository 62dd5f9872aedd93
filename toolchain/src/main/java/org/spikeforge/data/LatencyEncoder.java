package org.spikeforge.data;

import java.util.SplittableRandom;
import org.spikeforge.proto.InputEncoding;

/**
 * Time-to-first-spike latency code: larger values spike earlier. {@link Kind#LINEAR} maps x in [0, 1] to
 * {@code t = tMax - x (tMax - tMin)}; {@link Kind#LOG} maps x in [xMin, 1] to
 * {@code t = tMin + (tMax - tMin) ln(x) / ln(xMin)} (so x = 1 spikes at tMin, x = xMin at tMax) and leaves
 * x below xMin silent, which gives dim pixels no spike at all. An optional bias channel spikes at {@code biasTime}.
 * With {@code timeLevels} L >= 2, every spike time is rounded to the nearest of L evenly spaced times in
 * [tMin, tMax]: a grey image then has at most L distinct input times, so the exact simulator coalesces its input
 * into at most L jumps per layer instead of one per grey value (much cheaper), and a hardware target needs only L
 * input time steps. 0 keeps the times continuous. Training-time augmentation mirrors each value x -> 1 - x
 * independently with probability {@code flipProbability}: the reference code's flip of level i to level N - i,
 * which for one level is the threshold code's on/off flip (so a bright pixel falls silent and a dark one spikes
 * first). It is never stored with a network.
 */
public record LatencyEncoder(Kind kind, double tMin, double tMax, double xMin, double biasTime, int timeLevels,
    double flipProbability) implements SpikeEncoder {

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
    if (timeLevels < 0 || timeLevels == 1) {
      throw new IllegalArgumentException("latency encoder: time levels " + timeLevels + " must be 0 (continuous)"
          + " or >= 2");
    }
    if (!(flipProbability >= 0 && flipProbability < 1)) {
      throw new IllegalArgumentException("latency encoder: flip probability " + flipProbability
          + " outside [0, 1)");
    }
  }

  /** Continuous spike times (no rounding to levels), no augmentation. */
  public LatencyEncoder(Kind kind, double tMin, double tMax, double xMin, double biasTime) {
    this(kind, tMin, tMax, xMin, biasTime, 0, 0);
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

  /** Spike time of one value (rounded to the time levels, if any). */
  public double time(double x) {
    double t;
    if (kind == Kind.LINEAR) {
      double v = Math.min(1, Math.max(0, x));
      t = tMax - v * (tMax - tMin);
    } else if (!(x >= xMin)) {
      return Double.POSITIVE_INFINITY;
    } else {
      double v = Math.min(1, x);
      t = tMin + (tMax - tMin) * Math.log(v) / Math.log(xMin);
    }
    if (timeLevels < 2) {
      return t;
    }
    double step = (tMax - tMin) / (timeLevels - 1);
    return Math.min(tMax, tMin + Math.rint((t - tMin) / step) * step);
  }

  @Override
  public int numChannels(int featureWidth) {
    return featureWidth + (hasBias() ? 1 : 0);
  }

  @Override
  public void encode(FeatureTable table, int i, SplittableRandom augment, double[] out) {
    int w = table.width();
    boolean flip = augment != null && flipProbability > 0;
    for (int j = 0; j < w; j++) {
      double x = table.value(i, j);
      if (flip && augment.nextDouble() < flipProbability) {
        x = 1 - x;
      }
      out[j] = time(x);
    }
    if (hasBias()) {
      out[w] = biasTime;
    }
  }

  @Override
  public boolean augments() {
    return flipProbability > 0;
  }

  @Override
  public InputEncoding toProto(String dataset) {
    return InputEncoding.newBuilder()
        .setKind(kind == Kind.LINEAR ? InputEncoding.Kind.LATENCY_LINEAR : InputEncoding.Kind.LATENCY_LOG)
        .setTMin(tMin).setTMax(tMax).setThreshold(xMin).setTimeLevels(timeLevels)
        .setBiasSpike(hasBias()).setBiasTime(hasBias() ? biasTime : 0)
        .setDataset(dataset).build();
  }
}
