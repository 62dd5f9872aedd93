package org.spikeforge.data;

import java.util.SplittableRandom;

/**
 * A feature table seen through an encoder: the view the trainer uses. Augmentation draws from a generator seeded
 * by (augmentation seed, epoch, sample index) only, so a sample's encoding never depends on batch order, thread
 * count or whether the run was resumed. Image sets may also be randomly translated by up to {@code maxShift} pixels
 * per axis during training ({@link ShiftedImages}), and lose each pixel's input spike with probability
 * {@code inputDropout} (a regulariser: the net cannot lean on any single pixel), and be mirrored left to right with
 * probability {@code mirror} ({@link MirroredImages}); un-augmented inputs (validation, test) are never moved,
 * thinned or mirrored.
 */
public final class SpikeDataset {
  private final String name;
  private final FeatureTable table;
  private final SpikeEncoder encoder;
  private final int maxShift;
  private final double inputDropout;
  private final double mirror;

  public SpikeDataset(String name, FeatureTable table, SpikeEncoder encoder) {
    this(name, table, encoder, 0, 0);
  }

  /** {@code maxShift} > 0 translates training images by up to that many pixels per axis (images only). */
  public SpikeDataset(String name, FeatureTable table, SpikeEncoder encoder, int maxShift) {
    this(name, table, encoder, maxShift, 0);
  }

  /**
   * As {@link #SpikeDataset(String, FeatureTable, SpikeEncoder, int)}; {@code inputDropout} in [0, 1) removes each
   * feature's training-time input spike with that probability (the bias channel is never removed).
   */
  public SpikeDataset(String name, FeatureTable table, SpikeEncoder encoder, int maxShift, double inputDropout) {
    this(name, table, encoder, maxShift, inputDropout, 0);
  }

  /**
   * As {@link #SpikeDataset(String, FeatureTable, SpikeEncoder, int, double)}; {@code mirror} in [0, 1] mirrors a
   * training image left to right with that probability (images only).
   */
  public SpikeDataset(String name, FeatureTable table, SpikeEncoder encoder, int maxShift, double inputDropout,
      double mirror) {
    if (!(mirror >= 0 && mirror <= 1) || (mirror > 0 && !(table instanceof ImageSet))) {
      throw new IllegalArgumentException(name + ": mirror " + mirror + " needs an image set and must be in [0, 1]");
    }
    if (maxShift < 0 || (maxShift > 0 && !(table instanceof ImageSet))) {
      throw new IllegalArgumentException(name + ": shift " + maxShift + " needs an image set and must be >= 0");
    }
    if (!(inputDropout >= 0 && inputDropout < 1)) {
      throw new IllegalArgumentException(name + ": input dropout " + inputDropout + " must be in [0, 1)");
    }
    this.name = name;
    this.table = table;
    this.encoder = encoder;
    this.maxShift = maxShift;
    this.inputDropout = inputDropout;
    this.mirror = mirror;
  }

  public String name() {
    return name;
  }

  public FeatureTable table() {
    return table;
  }

  public SpikeEncoder encoder() {
    return encoder;
  }

  /** Largest training-time translation in pixels per axis (0: none). */
  public int maxShift() {
    return maxShift;
  }

  /** Training-time probability that a feature's input spike is removed (0: none). */
  public double inputDropout() {
    return inputDropout;
  }

  /** Training-time probability that an image is mirrored left to right (0: none). */
  public double mirror() {
    return mirror;
  }

  public int size() {
    return table.size();
  }

  public int numInputs() {
    return encoder.numChannels(table.width());
  }

  public int numClasses() {
    return table.numClasses();
  }

  public int label(int i) {
    return table.label(i);
  }

  /** Un-augmented input spike times of sample {@code i}. */
  public void inputTimes(int i, double[] out) {
    encoder.encode(table, i, null, out);
  }

  /** Input spike times of sample {@code i} with the augmentation of {@code epoch} under {@code seed}. */
  public void augmentedInputTimes(int i, long seed, int epoch, double[] out) {
    long key = augmentationKey(seed, epoch, i);
    // its own stream, so the shift, flip and dropout draws stay what they are without mirroring
    boolean mirrored = mirror > 0 && new SplittableRandom(key ^ MIRROR_STREAM).nextDouble() < mirror;
    if (maxShift == 0) {
      FeatureTable view = mirrored ? new MirroredImages((ImageSet) table) : table;
      encoder.encode(view, i, encoder.augments() ? new SplittableRandom(key) : null, out);
    } else {
      SplittableRandom rng = new SplittableRandom(key);
      FeatureTable shifted = ShiftedImages.random((ImageSet) table, maxShift, rng);
      FeatureTable view = mirrored ? new MirroredImages(shifted, ((ImageSet) table).cols()) : shifted;
      encoder.encode(view, i, encoder.augments() ? rng : null, out);
    }
    if (inputDropout > 0) { // its own stream, so the shift and flip draws stay what they are without dropout
      SplittableRandom drop = new SplittableRandom(key ^ DROPOUT_STREAM);
      for (int j = 0, w = table.width(); j < w; j++) {
        if (drop.nextDouble() < inputDropout) {
          out[j] = Double.POSITIVE_INFINITY;
        }
      }
    }
  }

  private static final long DROPOUT_STREAM = 0x6A09E667F3BCC909L;
  private static final long MIRROR_STREAM = 0xBB67AE8584CAA73BL;

  /** Mixes (seed, epoch, sample) into one generator seed; SplittableRandom scrambles it further. */
  static long augmentationKey(long seed, int epoch, int sample) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h = (h ^ (h >>> 31)) + epoch * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 29)) + sample * 0x94D049BB133111EBL;
    return h ^ (h >>> 32);
  }
}
