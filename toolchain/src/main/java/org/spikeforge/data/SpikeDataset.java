package org.spikeforge.data;

import java.util.SplittableRandom;

/**
 * A feature table seen through an encoder: the view the trainer uses. Augmentation draws from a generator seeded
 * by (augmentation seed, epoch, sample index) only, so a sample's encoding never depends on batch order, thread
 * count or whether the run was resumed.
 */
public final class SpikeDataset {
  private final String name;
  private final FeatureTable table;
  private final SpikeEncoder encoder;

  public SpikeDataset(String name, FeatureTable table, SpikeEncoder encoder) {
    this.name = name;
    this.table = table;
    this.encoder = encoder;
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
    SplittableRandom rng = encoder.augments() ? new SplittableRandom(augmentationKey(seed, epoch, i)) : null;
    encoder.encode(table, i, rng, out);
  }

  /** Mixes (seed, epoch, sample) into one generator seed; SplittableRandom scrambles it further. */
  static long augmentationKey(long seed, int epoch, int sample) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h = (h ^ (h >>> 31)) + epoch * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 29)) + sample * 0x94D049BB133111EBL;
    return h ^ (h >>> 32);
  }
}
