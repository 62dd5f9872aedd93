package org.spikeforge.data;

/** Feature table backed by a row-major double array (used for low-dimensional tasks such as Yin-Yang). */
public final class DenseFeatures implements FeatureTable {
  private final double[] values;
  private final int[] labels;
  private final int width;
  private final int numClasses;

  /** Takes ownership of the arrays; {@code values.length} must equal {@code labels.length * width}. */
  public DenseFeatures(double[] values, int[] labels, int width, int numClasses) {
    if (width <= 0 || values.length != (long) labels.length * width) {
      throw new IllegalArgumentException(
          "features: " + values.length + " values do not fill " + labels.length + " rows of width " + width);
    }
    for (int label : labels) {
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("features: label " + label + " outside [0, " + numClasses + ")");
      }
    }
    this.values = values;
    this.labels = labels;
    this.width = width;
    this.numClasses = numClasses;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public double value(int i, int j) {
    return values[i * width + j];
  }

  @Override
  public int label(int i) {
    return labels[i];
  }
}
