package org.spikeforge.data;

/**
 * Every image of a table mirrored left to right: pixel (r, c) of the view shows source pixel (r, cols - 1 - c).
 * Clothes, shoes and bags keep their class in a mirror, so for Fashion-MNIST it doubles the training images without
 * the stroke displacement of a shift; digits do not (a mirrored 2 is no 2). A view, not a copy.
 *
 * @param images the source, row-major images {@code cols} pixels wide
 * @param cols pixels per row
 */
public record MirroredImages(FeatureTable images, int cols) implements FeatureTable {

  public MirroredImages {
    if (cols <= 0 || images.width() % cols != 0) {
      throw new IllegalArgumentException("mirrored images: width " + images.width() + " is not a multiple of "
          + cols + " columns");
    }
  }

  /** A mirrored view of an image set. */
  public MirroredImages(ImageSet images) {
    this(images, images.cols());
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int width() {
    return images.width();
  }

  @Override
  public int numClasses() {
    return images.numClasses();
  }

  @Override
  public double value(int i, int j) {
    int c = j % cols;
    return images.value(i, j - c + (cols - 1 - c));
  }

  @Override
  public int label(int i) {
    return images.label(i);
  }
}
