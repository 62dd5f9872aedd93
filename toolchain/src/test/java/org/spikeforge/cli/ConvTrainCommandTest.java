package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.Network;
import org.spikeforge.data.Encoders;
import org.spikeforge.data.IdxDirectory;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hil.BarImages;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * {@code train --arch} with a conv net end to end on an image set whose classes only a spatial filter separates: 8×10
 * images (non-square) with one bright bar, horizontal in the top or the bottom half, or vertical in the left or the
 * right half, plus pixel noise. Then {@code evaluate} of what train wrote, and the bad-input cases.
 */
class ConvTrainCommandTest {
  @TempDir static Path dir;
  static Path idx;

  @BeforeAll
  static void writeBars() {
    idx = BarImages.write(dir.resolve("bars"), 240, 80);
  }

  @Test
  void aConvNetTrainsSavesItsShapeAndEvaluatesToTheSameAccuracy() throws Exception {
    Path out = dir.resolve("run");
    CliResult r = CliResult.run("train", "--dataset", "idx:" + idx, "--model", "lif", "--arch",
        "conv3x3x4p1,pool2,dense10", "--epochs", "6", "--batch", "10", "--lr", "0.01", "--validation", "40",
        "--threads", "2", "--progress", "false", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.lastOutLine().contains("raster.png,kernels.png}"), r.lastOutLine());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertEquals("conv3x3x4p1,pool2,dense10", report.at("/config/arch").asText());
    double acc = report.get("test_accuracy_spikes_only").asDouble();
    assertTrue(acc >= 0.6, "chance is 0.25; spikes-only test accuracy " + acc);
    Network net = TrainingRun.readNetwork(out.resolve("model.net.pb"));
    assertEquals(8, net.getInputShape().getHeight());
    assertEquals(10, net.getInputShape().getWidth());
    assertEquals(80, net.getNumInputs()); // no bias channel next to a conv first layer
    assertFalse(net.getEncoding().getBiasSpike());
    assertTrue(net.getProjections(0).hasConv2D());
    assertTrue(net.getProjections(1).hasSumPool2D());
    assertTrue(Files.size(out.resolve("kernels.png")) > 0);

    CliResult e = CliResult.run("evaluate", "--network", out.resolve("model.net.pb").toString(), "--dataset",
        "idx:" + idx);
    assertEquals(0, e.exitCode(), e.err());
    assertTrue(e.out().contains(String.format(java.util.Locale.ROOT, "spikes only %.2f%%", 100 * acc)), e.out());
    assertTrue(e.out().contains("kernels.png") && e.out().contains("evaluate-raster.png"), e.out());

    // NIR out and back in: the imported net runs in the layered engine and fires exactly as the trained one
    Path nir = dir.resolve("conv.nir");
    CliResult x = CliResult.run("export", "--format", "nir", "--network", out.resolve("model.net.pb").toString(),
        "--out", nir.toString());
    assertEquals(0, x.exitCode(), x.err());
    assertTrue(x.out().contains("Input(1x8x10), 1 Linear, 1 Conv2d, 1 SumPool2d"), x.out());
    Path back = dir.resolve("back.net.pb");
    CliResult i = CliResult.run("import", "--format", "nir", nir.toString(), "--out", back.toString());
    assertEquals(0, i.exitCode(), i.err());
    assertTrue(i.out().contains("--target loihi2 (conv layers: xylo has dense weights only)"), i.out());
    // compile for loihi2 (shared kernels) and verify the conv net against the emulator on the whole test set
    Path cfg = dir.resolve("conv.hwcfg.pb");
    CliResult c = CliResult.run("compile", "--network", out.resolve("model.net.pb").toString(), "--target", "loihi2",
        "--out", cfg.toString());
    assertEquals(0, c.exitCode(), c.err());
    Path vout = dir.resolve("verify");
    CliResult v = CliResult.run("verify", "--network", out.resolve("model.net.pb").toString(), "--config",
        cfg.toString(), "--dataset", "idx:" + idx, "--threads", "2", "--out", vout.toString());
    assertEquals(0, v.exitCode(), v.err());
    JsonNode vr = new ObjectMapper().readTree(vout.resolve("verify.json").toFile());
    assertEquals(80, vr.get("samples").asInt(), vr.toString());
    // the float side of verify is the trained net read out as evaluate reads it (the chip read-out)
    assertEquals(acc, vr.get("float_accuracy").asDouble(), 1e-12, vr.toString());
    double emu = vr.get("emulator_accuracy").asDouble();
    double agree = vr.get("prediction_agreement").asDouble();
    assertTrue(agree >= 0.9, "prediction agreement " + agree);
    assertTrue(Math.abs(emu - acc) <= 1 - agree + 1e-12, "accuracies differ by more than the disagreements");

    // calibrated on the training images in the layered engine (no dense expansion): the same verify bounds hold
    Path calCfg = dir.resolve("conv-cal.hwcfg.pb");
    CliResult cc = CliResult.run("compile", "--network", out.resolve("model.net.pb").toString(), "--target",
        "loihi2", "--calibrate", "idx:" + idx, "--calibration-samples", "100", "--out", calCfg.toString());
    assertEquals(0, cc.exitCode(), cc.err());
    assertTrue(org.spikeforge.io.ProtoFiles.readHardwareConfig(calCfg).getMetadataOrThrow("calibration")
        .contains("100 training samples"));
    CliResult cv = CliResult.run("verify", "--network", out.resolve("model.net.pb").toString(), "--config",
        calCfg.toString(), "--dataset", "idx:" + idx, "--threads", "2", "--out", dir.resolve("verify-cal").toString());
    assertEquals(0, cv.exitCode(), cv.err());
    JsonNode cr = new ObjectMapper().readTree(dir.resolve("verify-cal/verify.json").toFile());
    assertTrue(cr.get("prediction_agreement").asDouble() >= 0.9, cr.toString());

    TtfsNetwork original = TtfsNetwork.fromProto(net);
    TtfsNetwork imported = TtfsNetwork.fromProto(TrainingRun.readNetwork(back));
    SpikeDataset test = new SpikeDataset("bars", IdxDirectory.load(idx).test(), Encoders.fromProto(net.getEncoding()));
    double[] in = new double[test.numInputs()];
    TtfsWorkspace a = original.newWorkspace();
    TtfsWorkspace b = imported.newWorkspace();
    for (int k = 0; k < 20; k++) {
      test.inputTimes(k, in);
      original.forward(in, a);
      imported.forward(in, b);
      assertArrayEquals(original.outputTimes(a), imported.outputTimes(b), "sample " + k);
    }
  }

  @Test
  void badArchitecturesGiveOneLineAndExit2() {
    String[][] cases = {
      {"conv20x20x4,dense10", "arch layer 1 'conv20x20x4' on a 1x8x10 input: the 20x20 kernel is larger than the"
          + " padded input 8x10"},
      {"conv3x3x4,pool4,dense10", "arch layer 2 'pool4' on a 4x6x8 input: a 4x4 pool must divide its input"},
      {"conv3x3x4,dense4", "the output layer must have one neuron per class, 10, got 4"},
      {"conv3x3x4,pool2", "arch must end with the output layer dense<classes>, got 'pool2'"},
      {"convolution,dense10", "arch layer 1 'convolution' is not conv<KH>x<KW>x<C>"},
    };
    for (String[] c : cases) {
      CliResult r = CliResult.run("train", "--dataset", "idx:" + idx, "--model", "lif", "--arch", c[0],
          "--epochs", "1", "--progress", "false", "--out", dir.resolve("bad").toString(), "--overwrite");
      assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
      String err = r.err().strip();
      assertFalse(err.contains("\n"), "one line: " + err);
      assertTrue(err.contains(c[1]), c[0] + ": " + err);
    }
  }
}
