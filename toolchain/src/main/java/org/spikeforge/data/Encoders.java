package org.spikeforge.data;

import org.spikeforge.proto.InputEncoding;

/** Rebuilds the encoder stored with a trained network, so that evaluation encodes samples exactly as training did. */
public final class Encoders {
  private Encoders() {}

  /** The encoder described by {@code e}; augmentation is never part of a stored encoding. */
  public static SpikeEncoder fromProto(InputEncoding e) {
    double bias = e.getBiasSpike() ? e.getBiasTime() : Double.NaN;
    return switch (e.getKind()) {
      case LATENCY_LINEAR -> new LatencyEncoder(LatencyEncoder.Kind.LINEAR, e.getTMin(), e.getTMax(), 0, bias,
          e.getTimeLevels(), 0);
      case LATENCY_LOG -> new LatencyEncoder(LatencyEncoder.Kind.LOG, e.getTMin(), e.getTMax(), e.getThreshold(), bias,
          e.getTimeLevels(), 0);
      case THRESHOLD -> new ThresholdEncoder(e.getThreshold(), e.getTMin(), 0, bias);
      default -> throw new DatasetException("network encoding: kind " + e.getKind() + " is not supported");
    };
  }
}
