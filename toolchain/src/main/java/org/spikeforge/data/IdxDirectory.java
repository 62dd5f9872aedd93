package org.spikeforge.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates the four IDX files of an MNIST-style directory ({@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-...}; the dotted variant {@code train-images.idx3-ubyte} is
 * accepted too) and loads them. Debian's {@code dataset-fashion-mnist} installs such a directory at
 * {@link #FASHION_MNIST_DIR}.
 */
public final class IdxDirectory {
  /** Where Debian's {@code dataset-fashion-mnist} package installs the gzipped IDX files. */
  public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private IdxDirectory() {}

  /** Training set ({@code train-*}) and test set ({@code t10k-*}) of the directory. */
  public record TrainTest(ImageSet train, ImageSet test) {}

  /** Loads both parts; 10 classes as in MNIST and Fashion-MNIST. */
  public static TrainTest load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DatasetException(dir + ": dataset directory not found");
    }
    ImageSet train = IdxReader.read(find(dir, "train", "images", 3), find(dir, "train", "labels", 1), 10);
    ImageSet test = IdxReader.read(find(dir, "t10k", "images", 3), find(dir, "t10k", "labels", 1), 10);
    if (train.rows() != test.rows() || train.cols() != test.cols()) {
      throw new DatasetException(dir + ": train images are " + train.rows() + "x" + train.cols()
          + " but test images are " + test.rows() + "x" + test.cols());
    }
    return new TrainTest(train, test);
  }

  static Path find(Path dir, String part, String kind, int dims) {
    List<String> names = List.of(
        part + "-" + kind + "-idx" + dims + "-ubyte",
        part + "-" + kind + ".idx" + dims + "-ubyte");
    for (String name : names) {
      for (String suffix : new String[] {"", ".gz"}) {
        Path p = dir.resolve(name + suffix);
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    throw new DatasetException(dir.resolve(names.get(0)) + "[.gz]: file not found");
  }
}
