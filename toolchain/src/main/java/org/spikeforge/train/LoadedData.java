package org.spikeforge.train;

import java.nio.file.Path;
import org.spikeforge.data.DatasetException;
import org.spikeforge.data.FeatureTable;
import org.spikeforge.data.IdxDirectory;
import org.spikeforge.data.ImageSet;
import org.spikeforge.data.LatencyEncoder;
import org.spikeforge.data.MnistJson;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.data.SpikeEncoder;
import org.spikeforge.data.ThresholdEncoder;
import org.spikeforge.data.YinYang;

/**
 * The encoded train / validation / test sets of a run, built from a {@link TrainConfig}'s dataset name and encoding
 * keys. Validation is null when none is used.
 */
public record LoadedData(SpikeDataset train, SpikeDataset validation, SpikeDataset test, String name) {

  /** Resolves the dataset and encoder named by {@code c}. */
  public static LoadedData load(TrainConfig c) {
    String ds = c.dataset();
    if (ds.equals("yinyang")) {
      SpikeEncoder enc = encoder(c, false);
      var s = YinYang.standardSplits();
      return new LoadedData(limit(new SpikeDataset(ds, s.train(), enc), c), new SpikeDataset(ds, s.validation(), enc),
          new SpikeDataset(ds, s.test(), enc), ds);
    }
    IdxDirectory.TrainTest tt;
    if (ds.equals("fashion-mnist")) {
      tt = IdxDirectory.load(IdxDirectory.FASHION_MNIST_DIR);
    } else if (ds.startsWith("idx:")) {
      tt = IdxDirectory.load(Path.of(ds.substring(4)));
    } else if (ds.startsWith("mnist-json:")) {
      tt = MnistJson.load(Path.of(ds.substring("mnist-json:".length())));
    } else {
      throw new DatasetException("unknown dataset '" + ds + "'");
    }
    SpikeEncoder enc = encoder(c, true);
    int n = tt.train().size();
    int hold = c.validation() < 0 ? n / 10 : c.validation();
    if (hold >= n) {
      throw new ConfigException("validation " + hold + " must be below the " + n + " training images of " + ds);
    }
    SpikeDataset validation = null;
    ImageSet train = tt.train();
    if (hold > 0) {
      int[] perm = SampleOrder.permutation(n, c.seed() ^ 0x5EEDL);
      int[] valIdx = java.util.Arrays.copyOfRange(perm, 0, hold);
      int[] trainIdx = java.util.Arrays.copyOfRange(perm, hold, n);
      java.util.Arrays.sort(valIdx);
      java.util.Arrays.sort(trainIdx);
      validation = new SpikeDataset(ds, train.select(valIdx), enc);
      train = train.select(trainIdx);
    }
    return new LoadedData(limit(new SpikeDataset(ds, train, enc, c.shift(), c.inputDropout(), c.mirror()), c), validation,
        new SpikeDataset(ds, tt.test(), enc), ds);
  }

  private static SpikeDataset limit(SpikeDataset d, TrainConfig c) {
    if (c.trainLimit() <= 0 || c.trainLimit() >= d.size()) {
      return d;
    }
    FeatureTable t = d.table();
    int[] idx = new int[c.trainLimit()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    if (t instanceof ImageSet img) {
      return new SpikeDataset(d.name(), img.select(idx), d.encoder(), d.maxShift(), d.inputDropout(),
          d.mirror());
    }
    return new SpikeDataset(d.name(), new Prefix(t, idx.length), d.encoder());
  }

  /** The first {@code n} rows of a table. */
  private record Prefix(FeatureTable t, int n) implements FeatureTable {
    @Override
    public int size() {
      return n;
    }

    @Override
    public int width() {
      return t.width();
    }

    @Override
    public int numClasses() {
      return t.numClasses();
    }

    @Override
    public double value(int i, int j) {
      return t.value(i, j);
    }

    @Override
    public int label(int i) {
      return t.label(i);
    }
  }

  /**
   * The input as the first layer sees it, {channels, height, width}: the 1 × rows × cols image when the config's
   * architecture starts with a conv or pool layer, otherwise the flat 1 × 1 × inputs vector.
   */
  public int[] inputShape(TrainConfig c) {
    if (shapedInput(c) && train.table() instanceof ImageSet img) {
      return new int[] {1, img.rows(), img.cols()};
    }
    return new int[] {1, 1, train.numInputs()};
  }

  /** Whether the first layer reads feature maps; such an input gets no bias channel. */
  static boolean shapedInput(TrainConfig c) {
    return c.hasArch() && c.architecture("arch").shapedInput();
  }

  static SpikeEncoder encoder(TrainConfig c, boolean images) {
    String kind = c.encoding().equals("auto") ? (images ? "threshold" : "latency") : c.encoding();
    double bias = c.bias() && !shapedInput(c) ? c.tMin() : Double.NaN;
    double latencyFlip = images ? c.flip() : 0; // Yin-Yang's latency code is never augmented
    return switch (kind) {
      case "latency" -> new LatencyEncoder(LatencyEncoder.Kind.LINEAR, c.tMin(), c.tMax(), 0, bias, c.timeLevels(),
          latencyFlip);
      case "log" -> new LatencyEncoder(LatencyEncoder.Kind.LOG, c.tMin(), c.tMax(), 0.01, bias, c.timeLevels(),
          latencyFlip);
      case "threshold" -> new ThresholdEncoder(128 / 255.0, ThresholdEncoder.paperSpikeTime(c.trialEnd()), c.flip(),
          bias);
      default -> throw new ConfigException("encoding '" + kind + "' is not latency, log or threshold");
    };
  }
}
