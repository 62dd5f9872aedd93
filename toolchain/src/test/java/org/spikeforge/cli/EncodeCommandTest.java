package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;
import org.spikeforge.verify.EncodedData;

/** Issue 18 item 9: {@code encode} writes a sample so that {@code emulate} on it gives the trace verify compares. */
class EncodeCommandTest {
  @TempDir static Path dir;
  private static Path net;
  private static Path cfg;

  @BeforeAll
  static void trainAndCompile() {
    CliResult r = CliResult.run("train", "--dataset", "yinyang", "--model", "lif", "--hidden", "8", "--epochs", "1",
        "--train-limit", "100", "--threads", "1", "--progress", "false", "--out", dir.resolve("T").toString());
    assertEquals(0, r.exitCode(), r.err());
    net = dir.resolve("T/model.net.pb");
    cfg = dir.resolve("c.hwcfg.pb");
    assertEquals(0, CliResult.run("compile", "--network", net.toString(), "--target", "loihi2", "--out",
        cfg.toString()).exitCode());
  }

  @Test
  void emulateOnAnEncodedSampleEqualsVerifysRunOfThatSample() {
    Network n = ProtoFiles.readNetwork(net);
    HardwareConfig c = ProtoFiles.readHardwareConfig(cfg);
    SpikeDataset test = EncodedData.test(n, "yinyang");
    for (int i : new int[] {0, 7, 42}) {
      Path spikes = dir.resolve("s" + i + ".spikes.pb");
      CliResult e = CliResult.run("encode", "--network", net.toString(), "--dataset", "yinyang", "--index",
          String.valueOf(i), "--out", spikes.toString());
      assertEquals(0, e.exitCode(), e.err());
      InputSpikes written = ProtoFiles.readInputSpikes(spikes, n.getNumInputs());
      assertEquals(test.label(i), written.getLabel());
      // verify's input for sample i, built here from the data set independently of encode
      double[] times = new double[test.numInputs()];
      test.inputTimes(i, times);
      InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(times.length).setLabel(test.label(i));
      for (double t : times) {
        SpikeTrain.Builder tr = SpikeTrain.newBuilder();
        if (t <= n.getTrialEnd()) {
          tr.addTimes(t);
        }
        in.addTrains(tr);
      }
      Trace expected = Emulator.run(c, new InputQuantizer(c.getDt(), c.getNumSteps()).quantize(in.build()),
          c.getNumSteps(), RecordSpec.none());
      Path trace = dir.resolve("t" + i + ".trace.pb");
      CliResult em = CliResult.run("emulate", "--config", cfg.toString(), "--inputs", spikes.toString(), "--out",
          trace.toString(), "--record-layer", "all");
      assertEquals(0, em.exitCode(), em.err());
      assertEquals(expected.getPopulationsList(), ProtoFiles.readTrace(trace).getPopulationsList(), "sample " + i);
    }
  }

  @Test
  void countWritesNumberedFilesAndBadRangesAreOneLine() {
    Path out = dir.resolve("many.spikes.json");
    CliResult r = CliResult.run("encode", "--network", net.toString(), "--dataset", "yinyang", "--index", "3",
        "--count", "2", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(java.nio.file.Files.exists(dir.resolve("many-3.spikes.json")));
    assertTrue(java.nio.file.Files.exists(dir.resolve("many-4.spikes.json")));
    String e = BadInputRegressionTest.oneLine(CliResult.run("encode", "--network", net.toString(), "--dataset",
        "yinyang", "--index", "999999", "--out", out.toString()));
    assertTrue(e.contains("reaches past the test split's"), e);
    e = BadInputRegressionTest.oneLine(CliResult.run("encode", "--network", net.toString(), "--dataset", "yinyang",
        "--count", "0", "--out", out.toString()));
    assertTrue(e.contains("--count 0 must be >= 1"), e);
  }
}
