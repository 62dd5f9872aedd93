package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;

/**
 * Issue 18 item 2: every path from {@code train} (LIF, defaults otherwise) and a default {@code compile} to each
 * exchange format its target allows works without hand-picked options: NIR from the float net, Lava and netx from
 * the loihi2 config. (Theta and xylo configs have no exchange format; export refuses them by name.)
 */
class DefaultExportPathsTest {
  private static Path net;
  private static Path loihi;

  @TempDir static Path dir;

  @BeforeAll
  static void trainAndCompileOnDefaults() {
    Path run = dir.resolve("T");
    CliResult r = CliResult.run("train", "--dataset", "yinyang", "--model", "lif", "--hidden", "8", "--epochs", "1",
        "--train-limit", "100", "--threads", "1", "--progress", "false", "--out", run.toString());
    assertEquals(0, r.exitCode(), r.err());
    net = run.resolve("model.net.pb");
    loihi = dir.resolve("c.hwcfg.pb");
    CliResult c = CliResult.run("compile", "--network", net.toString(), "--target", "loihi2", "--out",
        loihi.toString());
    assertEquals(0, c.exitCode(), c.err());
  }

  @Test
  void trainedLifNetExportsAsNirAndImportsBackWithItsNames() {
    Path nir = dir.resolve("t.nir");
    CliResult r = CliResult.run("export", "--network", net.toString(), "--format", "nir", "--out", nir.toString());
    assertEquals(0, r.exitCode(), r.err());
    Path back = dir.resolve("back.net.pb");
    CliResult i = CliResult.run("import", "--format", "nir", nir.toString(), "--out", back.toString());
    assertEquals(0, i.exitCode(), i.err() + i.out());
    Network a = ProtoFiles.readNetwork(net);
    Network b = ProtoFiles.readNetwork(back);
    assertEquals(a.getPopulationsCount(), b.getPopulationsCount());
    for (int k = 0; k < a.getPopulationsCount(); k++) {
      assertEquals(a.getPopulations(k).getName(), b.getPopulations(k).getName());
    }
    assertEquals("output", b.getPopulations(b.getPopulationsCount() - 1).getName());
    for (int k = 0; k < a.getProjectionsCount(); k++) {
      assertEquals(a.getProjections(k).getSource(), b.getProjections(k).getSource());
      assertEquals(a.getProjections(k).getWeightsList(), b.getProjections(k).getWeightsList());
    }
  }

  @Test
  void defaultLoihi2CompileExportsAsLavaAndWithWeightExpZeroAsNetx() {
    CliResult l = CliResult.run("export", "--config", loihi.toString(), "--format", "lava", "--out",
        dir.resolve("c.lava.pb").toString());
    assertEquals(0, l.exitCode(), l.err());
    Path zero = dir.resolve("z.hwcfg.pb");
    assertEquals(0, CliResult.run("compile", "--network", net.toString(), "--target", "loihi2", "--weight-exp", "0",
        "--out", zero.toString()).exitCode());
    for (HwLayer h : ProtoFiles.readHardwareConfig(zero).getLayersList()) {
      assertEquals(0, h.getLoihi2().getWeightExp(), h.getName());
    }
    CliResult n = CliResult.run("export", "--config", zero.toString(), "--format", "netx", "--out",
        dir.resolve("c.net").toString());
    assertEquals(0, n.exitCode(), n.err());
  }

  @Test
  void thetaAndXyloConfigsAreRefusedByNameNotByAnInternalError() {
    Path xylo = dir.resolve("x.hwcfg.pb");
    CliResult c = CliResult.run("compile", "--network", net.toString(), "--target", "xylo", "--out", xylo.toString());
    if (c.exitCode() != 0) {
      return; // the trained net may not fit xylo's limits; that refusal is compile's, covered elsewhere
    }
    CliResult r = CliResult.run("export", "--config", xylo.toString(), "--format", "netx", "--out",
        dir.resolve("x.net").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("needs a loihi2 config"), r.err());
  }
}
