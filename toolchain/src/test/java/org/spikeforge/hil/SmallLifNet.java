package org.spikeforge.hil;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainingRun;

/** A small LIF Yin-Yang network (4+1 -> 16 -> 3) trained for a few epochs with the train API, for HIL tests. */
final class SmallLifNet {
  private SmallLifNet() {}

  /** Trains into {@code dir} and returns the network file. */
  static Path train(Path dir) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("dataset", "yinyang");
    o.put("model", "lif");
    o.put("tau", 1.0);
    o.put("threshold", 1.0);
    o.put("hidden", "16");
    o.put("epochs", 8);
    o.put("batch", 25);
    o.put("lr", 3e-3);
    o.put("optimizer", "adam");
    o.put("clip", 1.0);
    o.put("weight-scale", 3.0);
    o.put("weight-mean", 2.0);
    o.put("restore-best", true);
    o.put("train-limit", 600);
    o.put("threads", 1);
    o.put("seed", 3);
    o.put("progress", false);
    o.put("out", dir.toString());
    TrainConfig c = TrainConfig.defaults().with(o, "test");
    TrainingRun.run(c, false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    return dir.resolve("model.net.pb");
  }
}
