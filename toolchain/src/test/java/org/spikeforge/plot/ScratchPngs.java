package org.spikeforge.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikeforge.train.EpochMetricsAccess;

class ScratchPngs {
  @Test
  void write() throws Exception {
    Path d = Path.of("/tmp/plots-x/png");
    int n = 10;
    long[][] counts = new long[n][n];
    for (int t = 0; t < n; t++) {
      counts[t][t] = 900 + 7 * t;
      counts[t][(t + 3) % n] = 25;
      counts[t][(t + 7) % n] = 3;
    }
    org.spikeforge.train.TrainingPlots.confusion(counts, d.resolve("confusion.png"), "test");
    SplittableRandom rng = new SplittableRandom(7);
    double[] v = new double[1005];
    for (int i = 0; i < 1000; i++) {
      v[i] = 0.01 * rng.nextGaussian();
    }
    for (int i = 1000; i < 1005; i++) {
      v[i] = 5 + i;
    }
    HistogramPlot.write(d.resolve("hist.png"), "hidden (loihi2): t_emulator - t_float, 1005 spikes, median |err| 0.0067", "first-spike time difference", v, 60);
    EpochMetricsAccess.curves(d.resolve("curves.png"));
  }
}
