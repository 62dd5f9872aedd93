package org.spikeforge.data;

import java.util.SplittableRandom;
import org.spikeforge.proto.InputEncoding;

/**
 * Turns one sample's feature values in [0, 1] into input spike times (one spike or none per channel;
 * {@code +Infinity} marks a silent channel). An optional bias channel, appended last, always spikes at a fixed time.
 */
public interface SpikeEncoder {
  /** Number of input channels for {@code featureWidth} features (one more with a bias channel). */
  int numChannels(int featureWidth);

  /**
   * Writes the spike times of sample {@code i} into {@code out}. {@code augment} is null for no augmentation;
   * otherwise a generator seeded for this (epoch, sample) that the encoder may draw from.
   */
  void encode(FeatureTable table, int i, SplittableRandom augment, double[] out);

  /** Whether {@link #encode} uses the augmentation generator at all (lets callers skip creating it). */
  boolean augments();

  /** The encoding as stored with a trained network so it can be re-applied. */
  InputEncoding toProto(String dataset);
}
