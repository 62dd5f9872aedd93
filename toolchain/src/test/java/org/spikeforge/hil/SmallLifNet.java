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
    // the LIF hardware recipe (from rest, margin terms: outputs fire inside the trial, so the chip read-out is
    // meaningful), shrunk to seconds
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("hidden", "16");
    o.put("epochs", 8);
    o.put("batch", 25);
    o.put("lr", 5e-3);
    o.put("train-limit", 600);
    o.put("threads", 1);
    o.put("seed", 3);
    o.put("progress", false);
    o.put("out", dir.toString());
    TrainConfig c = TrainConfig.defaultsFor("lif").with(o, "test");
    TrainingRun.run(c, false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    return dir.resolve("model.net.pb");
  }
}
