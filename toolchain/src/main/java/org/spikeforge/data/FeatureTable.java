package org.spikeforge.data;

/**
 * Labelled samples whose features are values in [0, 1]; the common source that encoders turn into spike times.
 * Implementations are immutable and safe to read from many threads.
 */
public interface FeatureTable {
  /** Number of samples. */
  int size();

  /** Number of feature values per sample. */
  int width();

  /** Number of classes; labels lie in [0, numClasses). */
  int numClasses();

  /** Feature {@code j} of sample {@code i}, in [0, 1]. */
  double value(int i, int j);

  /** Class label of sample {@code i}. */
  int label(int i);
}
