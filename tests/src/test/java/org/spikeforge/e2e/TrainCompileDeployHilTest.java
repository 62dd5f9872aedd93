package org.spikeforge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.emulator.CompiledConfig;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hil.BoardSelector;
import org.spikeforge.hil.HilRun;
import org.spikeforge.hil.HilSettings;
import org.spikeforge.hil.HilState;
import org.spikeforge.hil.HilTrainer;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainReport;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * The whole chain on Yin-Yang: train a small LIF net briefly with the train API, compile it for loihi2, run test
 * samples in the emulator and on the reference board (traces must be identical, spike for spike), then fine-tune on
 * the board with weight-gain mismatch in the loop and require the board's accuracy to improve.
 */
class TrainCompileDeployHilTest {

  @Test
  void trainCompileEmulateDeployAndFineTuneInTheLoop(@TempDir Path dir) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("dataset", "yinyang");
    o.put("model", "lif");
    o.put("tau", 1.0);
    o.put("threshold", 1.0);
    o.put("hidden", "20");
    o.put("epochs", 10);
    o.put("batch", 25);
    o.put("lr", 3e-3);
    o.put("optimizer", "adam");
    o.put("clip", 1.0);
    o.put("weight-scale", 3.0);
    o.put("weight-mean", 2.0);
    o.put("restore-best", true);
    o.put("train-limit", 800);
    o.put("threads", 1);
    o.put("seed", 1);
    o.put("progress", false);
    o.put("out", dir.resolve("train").toString());
    TrainReport trained = TrainingRun.run(TrainConfig.defaults().with(o, "e2e"), false,
        new PrintStream(OutputStream.nullOutputStream()));
    assertTrue(trained.testAccuracy() > 0.6, "trained float accuracy " + trained.testAccuracy());

    Network proto = TrainingRun.readNetwork(dir.resolve("train/model.net.pb"));
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    SpikeDataset[] data = HilRun.data(proto, "yinyang");
    TtfsNetwork net = TtfsNetwork.fromProto(proto);

    CompiledConfig compiled = Emulator.compile(cfg);
    EmulatorSession emulator = compiled.newSession();
    Mismatch mismatch = new Mismatch(21, 0, 0.3, 0);
    try (Device board = BoardSelector.open("refboard", TargetFamily.LOIHI2)) {
      board.load(cfg);
      HilTrainer hil = new HilTrainer(board, cfg, net, data[0], data[1],
          HilSettings.defaults().withEpochs(3).withLimits(300, 300).withBatch(25).withLearningRate(5e-3));
      double[] in = new double[data[1].numInputs()];
      int spikes = 0;
      for (int i = 0; i < 100; i++) {
        data[1].inputTimes(i, in);
        InputSpikes sample = hil.toSpikes(in);
        Trace emu = emulator.run(sample, cfg.getNumSteps(), RecordSpec.none());
        Trace dev = board.trial(sample, cfg.getNumSteps());
        assertEquals(emu.getPopulationsList(), dev.getPopulationsList(), "sample " + i);
        spikes += dev.getPopulations(1).getSpikesList().stream().mapToInt(t -> t.getStepsCount()).sum();
      }
      assertTrue(spikes > 50, "the output layer spiked only " + spikes + " times in 100 samples");

      board.setMismatch(mismatch);
      HilState s = hil.run(dir.resolve("hil"), false, e -> { });
      double before = s.history().get(0).deviceAccuracy();
      double after = s.history().get(s.history().size() - 1).deviceAccuracy();
      assertTrue(after > before + 0.02, "device accuracy with mismatch " + before + " -> " + after);
    }
  }
}
