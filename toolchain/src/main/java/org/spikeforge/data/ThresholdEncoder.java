package org.spikeforge.data;

import java.util.SplittableRandom;
import org.spikeforge.proto.InputEncoding;

/**
 * The threshold code of Klos and Memmesheimer's MNIST recipe: a pixel at or above the threshold (128 of 255) spikes
 * once at {@code spikeTime} (the paper uses T ln(1/0.99)), dimmer pixels stay silent. Training-time augmentation
 * flips each pixel's on/off state independently with probability {@code flipProbability} (the paper's 0.02), drawn
 * from the per-(epoch, sample) generator the trainer passes in, so runs are reproducible and resumable.
 */
public record ThresholdEncoder(double threshold, double spikeTime, double flipProbability, double biasTime)
    implements SpikeEncoder {

  /** The paper's spike time for trial length T: T ln(1/0.99). */
  public static double paperSpikeTime(double trialEnd) {
    return trialEnd * Math.log(1 / 0.99);
  }

  public ThresholdEncoder {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold encoder: threshold " + threshold + " outside (0, 1]");
    }
    if (!Double.isFinite(spikeTime)) {
      throw new IllegalArgumentException("threshold encoder: spike time " + spikeTime + " not finite");
    }
    if (!(flipProbability >= 0 && flipProbability < 1)) {
      throw new IllegalArgumentException("threshold encoder: flip probability " + flipProbability
          + " outside [0, 1)");
    }
  }

  /** The paper recipe: pixels >= 128/255 spike at T ln(1/0.99), flip probability 0.02, no bias channel. */
  public static ThresholdEncoder paper(double trialEnd) {
    return new ThresholdEncoder(128 / 255.0, paperSpikeTime(trialEnd), 0.02, Double.NaN);
  }

  public boolean hasBias() {
    return !Double.isNaN(biasTime);
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
      boolean on = table.value(i, j) >= threshold;
      if (flip && augment.nextDouble() < flipProbability) {
        on = !on;
      }
      out[j] = on ? spikeTime : Double.POSITIVE_INFINITY;
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
    return InputEncoding.newBuilder().setKind(InputEncoding.Kind.THRESHOLD)
        .setTMin(spikeTime).setTMax(spikeTime).setThreshold(threshold)
        .setBiasSpike(hasBias()).setBiasTime(hasBias() ? biasTime : 0)
        .setDataset(dataset).build();
  }
}
