package org.spikeforge.hil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainingRun;

/**
 * A tiny image set (IDX files) that only a spatial filter separates, and a LIF conv net trained on it in seconds,
 * for the conv hardware-in-the-loop tests: 8x10 images (non-square) with one bright bar, horizontal in the top or
 * bottom half or vertical in the left or right half, plus 5 % pixel noise; 4 classes.
 */
public final class BarImages {
  private BarImages() {}

  /** Writes {@code train} and {@code t10k} IDX files with {@code trainN} and {@code testN} images into {@code dir}. */
  public static Path write(Path dir, int trainN, int testN) {
    try {
      Files.createDirectories(dir);
      write(dir, "train", trainN, 11);
      write(dir, "t10k", testN, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Trains {@code arch} (a LIF conv net, e.g. {@code conv3x3x4p1,pool2,dense4}) on the bars in {@code idx} for
   * {@code epochs} epochs into {@code out}; returns the network file.
   */
  public static Path train(Path idx, String arch, int epochs, Path out) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("dataset", "idx:" + idx);
    o.put("arch", arch);
    o.put("epochs", epochs);
    o.put("batch", 10);
    o.put("lr", 0.01);
    o.put("threads", 1);
    o.put("seed", 5);
    o.put("progress", false);
    o.put("out", out.toString());
    TrainingRun.run(TrainConfig.defaultsFor("lif").with(o, "test"), false,
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    return out.resolve("model.net.pb");
  }

  private static void write(Path d, String prefix, int n, long seed) throws IOException {
    int rows = 8;
    int cols = 10;
    SplittableRandom rng = new SplittableRandom(seed);
    ByteBuffer img = ByteBuffer.allocate(16 + n * rows * cols);
    img.putInt(0x803).putInt(n).putInt(rows).putInt(cols);
    ByteBuffer lab = ByteBuffer.allocate(8 + n);
    lab.putInt(0x801).putInt(n);
    for (int i = 0; i < n; i++) {
      int label = i % 4;
      byte[] px = new byte[rows * cols];
      for (int k = 0; k < px.length; k++) {
        px[k] = (byte) (rng.nextDouble() < 0.05 ? 200 : 0);
      }
      if (label < 2) {
        int y = label == 0 ? rng.nextInt(0, rows / 2) : rng.nextInt(rows / 2, rows);
        for (int x = 0; x < cols; x++) {
          px[y * cols + x] = (byte) 255;
        }
      } else {
        int x = label == 2 ? rng.nextInt(0, cols / 2) : rng.nextInt(cols / 2 + 1, cols);
        for (int y = 0; y < rows; y++) {
          px[y * cols + x] = (byte) 255;
        }
      }
      img.put(px);
      lab.put((byte) label);
    }
    Files.write(d.resolve(prefix + "-images-idx3-ubyte"), img.array());
    Files.write(d.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
  }
}
