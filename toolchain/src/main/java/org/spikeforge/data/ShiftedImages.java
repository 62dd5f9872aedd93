package org.spikeforge.data;

import java.util.SplittableRandom;

/**
 * Every image of an {@link ImageSet} translated by the same whole-pixel offset: pixel (r, c) of the view shows
 * source pixel (r - dy, c - dx), and pixels whose source lies outside the frame are black (0). Random translation
 * by a pixel or two is the classic augmentation for small digit sets: it keeps the label but moves every stroke
 * onto other input channels, so a net cannot memorise exact pixel positions. A view, not a copy: building one per
 * sample costs no pixel copying.
 *
 * @param images the source images
 * @param dx columns to move right (negative: left)
 * @param dy rows to move down (negative: up)
 */
public record ShiftedImages(ImageSet images, int dx, int dy) implements FeatureTable {

  /**
   * A view moved by independent uniform offsets dx, dy in [-maxShift, maxShift] drawn from {@code rng}
   * (dx first, then dy).
   */
  public static ShiftedImages random(ImageSet images, int maxShift, SplittableRandom rng) {
    if (maxShift < 0) {
      throw new IllegalArgumentException("image shift: maximum shift " + maxShift + " must be >= 0");
    }
    int dx = rng.nextInt(-maxShift, maxShift + 1);
    int dy = rng.nextInt(-maxShift, maxShift + 1);
    return new ShiftedImages(images, dx, dy);
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
    int cols = images.cols();
    int r = j / cols - dy;
    int c = j % cols - dx;
    if (r < 0 || r >= images.rows() || c < 0 || c >= cols) {
      return 0;
    }
    return images.value(i, r * cols + c);
  }

  @Override
  public int label(int i) {
    return images.label(i);
  }
}
