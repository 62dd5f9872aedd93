package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.hil.BarImages;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.train.TrainingRun;

/**
 * {@code hil-finetune} of a LIF conv net with the command's defaults (which ask for the probe and excitability
 * calibrations): it runs on the mismatched loihi2 reference board, reports that the calibrations are skipped for
 * shared kernels, and writes a fine-tuned conv net and a conv config; xylo is refused in one line.
 */
class ConvHilCommandTest {
  @TempDir static Path dir;
  static Path idx;
  static Path net;

  @BeforeAll
  static void train() {
    idx = BarImages.write(dir.resolve("bars"), 300, 100);
    net = BarImages.train(idx, "conv3x3x4p1,pool2,dense10", 4, dir.resolve("train"));
  }

  @Test
  void finetunesAConvNetAndWritesConvResults() throws Exception {
    Path out = dir.resolve("hil");
    CliResult r = CliResult.run("hil-finetune", "--network", net.toString(), "--target", "loihi2", "--mismatch", "3",
        "--gain-sigma", "0.2", "--dataset", "idx:" + idx, "--epochs", "2", "--train-limit", "100", "--test-limit",
        "100", "--progress", "false", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode j = new ObjectMapper().readTree(out.resolve("hil.json").toFile());
    // the log (System.out) says the same for both calibrations; the report keeps the probe's reason
    assertTrue(j.at("/gain_calibration/skipped").asText().startsWith("the net has conv or pool layers"),
        j.toString());
    assertEquals(3, j.get("device_accuracy_per_epoch").size());
    assertTrue(j.get("float_accuracy").asDouble() > 0.4, j.toString());
    Network tuned = TrainingRun.readNetwork(out.resolve("finetuned.net.pb"));
    assertTrue(tuned.getProjections(0).hasConv2D() && tuned.getProjections(1).hasSumPool2D());
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(out.resolve("finetuned.hwcfg.pb"));
    assertTrue(cfg.getLayers(0).hasConv2D() && cfg.getLayers(0).getWeightsCount() == 0);
    // what hil-finetune wrote deploys and verifies like any compiled conv config
    CliResult v = CliResult.run("verify", "--network", out.resolve("finetuned.net.pb").toString(), "--config",
        out.resolve("finetuned.hwcfg.pb").toString(), "--dataset", "idx:" + idx, "--threads", "1", "--out",
        dir.resolve("verify").toString());
    assertEquals(0, v.exitCode(), v.err());
  }

  @Test
  void xyloAndTheEmulatorDeviceAreRefusedOnOneLine() {
    CliResult r = CliResult.run("hil-finetune", "--network", net.toString(), "--target", "xylo", "--dataset",
        "idx:" + idx, "--out", dir.resolve("x").toString());
    assertEquals(2, r.exitCode(), r.err());
    String e = r.err().strip();
    assertFalse(e.contains("\n"), e);
    assertTrue(e.contains("--target xylo: ") && e.contains("has conv or pool layers"), e);
    CliResult emu = CliResult.run("hil-finetune", "--network", net.toString(), "--target", "loihi2", "--device",
        "emulator", "--dataset", "idx:" + idx, "--out", dir.resolve("e").toString());
    assertEquals(2, emu.exitCode(), emu.err());
    assertEquals(1, emu.err().strip().split("\\R").length, emu.err());
    assertTrue(emu.err().contains("--device emulator: ") && emu.err().contains("--device refboard"), emu.err());
  }
}
