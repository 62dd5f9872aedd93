package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.hil.BarImages;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * What {@code train} writes goes through {@code compile --target loihi2} to every exchange format: a tiny dense LIF
 * Yin-Yang net and a tiny LIF conv net (bars, 8x10), compiled with {@code --weight-exp 0}, which netx needs. NIR (from the net) imports back to a net that fires exactly as
 * the trained one; netx (from the config) is an HDF5 file; the Lava process graph (from the config) imports back to
 * the same config, for the dense net and for the conv net (whose layers become Lava's Conv process).
 */
class ExportPathTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"dense", "conv"})
  void trainCompileExportToEveryFormat(String kind) throws Exception {
    Path run = dir.resolve("train");
    CliResult t;
    if (kind.equals("dense")) {
      t = CliResult.run("train", "--dataset", "yinyang", "--model", "lif", "--hidden", "8", "--epochs", "1",
          "--train-limit", "100", "--threads", "1", "--progress", "false", "--out", run.toString());
    } else {
      Path idx = BarImages.write(dir.resolve("bars"), 120, 40);
      t = CliResult.run("train", "--dataset", "idx:" + idx, "--model", "lif", "--arch", "conv3x3x2p1,pool2,dense10",
          "--epochs", "1", "--threads", "1", "--progress", "false", "--out", run.toString());
    }
    assertEquals(0, t.exitCode(), t.err());
    Path net = run.resolve("model.net.pb");
    Path cfg = dir.resolve("net.hwcfg.pb");
    // weight exponent 0: the one every netx block rebuilds exactly (netx derives only exponents <= 0)
    CliResult c = CliResult.run("compile", "--network", net.toString(), "--target", "loihi2", "--weight-exp", "0",
        "--out", cfg.toString());
    assertEquals(0, c.exitCode(), c.err());

    Path nir = dir.resolve("net.nir");
    CliResult n = CliResult.run("export", "--format", "nir", "--network", net.toString(), "--out", nir.toString());
    assertEquals(0, n.exitCode(), n.err());
    Path back = dir.resolve("back.net.pb");
    CliResult i = CliResult.run("import", "--format", "nir", nir.toString(), "--out", back.toString());
    assertEquals(0, i.exitCode(), i.err());
    TtfsNetwork a = TtfsNetwork.fromProto(TrainingRun.readNetwork(net));
    TtfsNetwork b = TtfsNetwork.fromProto(TrainingRun.readNetwork(back));
    TtfsWorkspace wa = a.newWorkspace();
    TtfsWorkspace wb = b.newWorkspace();
    SplittableRandom rng = new SplittableRandom(1);
    double[] in = new double[a.layerSize(0)];
    for (int s = 0; s < 10; s++) {
      for (int ch = 0; ch < in.length; ch++) {
        in[ch] = rng.nextDouble() < 0.3 ? Double.POSITIVE_INFINITY : rng.nextDouble(0, 1);
      }
      a.forward(in, wa);
      b.forward(in, wb);
      assertArrayEquals(a.outputTimes(wa), b.outputTimes(wb), kind + " sample " + s);
    }

    Path netx = dir.resolve("net.net");
    CliResult x = CliResult.run("export", "--format", "netx", "--config", cfg.toString(), "--out", netx.toString());
    assertEquals(0, x.exitCode(), x.err());
    assertTrue(x.out().contains(kind.equals("conv") ? "CUBA layers: conv, sum pool (grouped conv), dense ("
        : "CUBA dense layers ("), x.out());
    byte[] head = Arrays.copyOf(Files.readAllBytes(netx), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, head, "HDF5 signature");

    Path lava = dir.resolve("net.lava.pb");
    CliResult l = CliResult.run("export", "--format", "lava", "--config", cfg.toString(), "--out", lava.toString());
    HardwareConfig compiled = ProtoFiles.readHardwareConfig(cfg);
    assertEquals(0, l.exitCode(), l.err());
    Path cfgBack = dir.resolve("back.hwcfg.pb");
    CliResult lb = CliResult.run("import", "--format", "lava", lava.toString(), "--out", cfgBack.toString());
    assertEquals(0, lb.exitCode(), lb.err());
    assertEquals(compiled.getLayersList(), ProtoFiles.readHardwareConfig(cfgBack).getLayersList());
  }
}
