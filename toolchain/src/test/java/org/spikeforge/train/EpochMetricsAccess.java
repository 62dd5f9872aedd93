package org.spikeforge.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class EpochMetricsAccess {
  public static void curves(Path p) {
    List<EpochMetrics> history = new ArrayList<>();
    for (int e = 1; e <= 300; e++) {
      history.add(new EpochMetrics(e, 1e-3, 0.1 + 2.0 / e, 0.5 + 0.4 * e / 300, Double.NaN, 0.5 + 0.3 * e / 300 + (e == 7 ? Double.NaN : 0), 0.1,
          1.0, 0.3, 1000, 0.45 + 0.4 * e / 300, Double.NaN));
    }
    TrainingPlots.curves(history, p);
  }
}
