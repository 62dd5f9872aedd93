package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.cli.ExchangeFixtures.compile;
import static org.spikeforge.cli.ExchangeFixtures.lifNetwork;
import static org.spikeforge.cli.ExchangeFixtures.oneLineError;
import static org.spikeforge.cli.ExchangeFixtures.write;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.hw.export.LavaGraphFiles;
import org.spikeforge.io.NetworkValidator;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Projection;

class ImportCommandTest {
  @TempDir Path dir;

  @Test
  void nirRoundTripGivesTheSameNetworkWhichCompilesForLoihi2AndXylo() throws Exception {
    Network original = lifNetwork(5, true);
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Path originalFile = write(dir.resolve("a"), "lif.net.pb", original);
    Path nir = dir.resolve("lif.nir");
    assertEquals(0, CliResult.run("export", "--format", "nir", "--network", originalFile.toString(), "--out",
        nir.toString()).exitCode());

    Path importedFile = dir.resolve("b").resolve("lif.net.pb");
    CliResult r = CliResult.run("import", "--format", "nir", nir.toString(), "--out", importedFile.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("wrote " + importedFile + ": LIF_EXP network 'lif-5', 3 inputs, populations"
        + " hidden 5, out 2 (output), 3 projections; tau 1.0, threshold 1.0;"), r.out());

    // The documented conversion has factor r * w_in / tau_syn = 1 * (tau/2) / (tau/2) = 1 for our own files,
    // so every weight and parameter comes back exactly.
    Network imported = ProtoFiles.readNetwork(importedFile);
    assertEquals(original, imported);
    for (int i = 0; i < original.getProjectionsCount(); i++) {
      assertEquals(original.getProjections(i).getWeightsList(), imported.getProjections(i).getWeightsList());
    }

    // Compiled from the imported file, loihi2 gives the very config the original network gives.
    HardwareConfig fromOriginal = ProtoFiles.readHardwareConfig(
        compile(originalFile, "loihi2", dir.resolve("a").resolve("lif.hwcfg.pb")));
    HardwareConfig fromImported = ProtoFiles.readHardwareConfig(
        compile(importedFile, "loihi2", dir.resolve("b").resolve("lif.hwcfg.pb")));
    assertArrayEquals(LavaGraphFiles.deterministicBytes(fromOriginal), LavaGraphFiles.deterministicBytes(fromImported));
    HardwareConfig xylo = ProtoFiles.readHardwareConfig(compile(importedFile, "xylo", dir.resolve("lif.xylo.hwcfg.pb")));
    assertEquals("xylo", xylo.getTarget());
    assertEquals(2, xylo.getLayersCount());
  }

  @Test
  void foreignNirGraphFollowsTheDocumentedConversionByHand() throws Exception {
    Path nir = dir.resolve("foreign.nir");
    writeForeignGraph(nir, "CubaLIF", "Affine");
    Path out = dir.resolve("foreign.net.json");

    // A graph from another tool has no trial length; the error says which option supplies it.
    String err = oneLineError(CliResult.run("import", "--format", "nir", nir.toString(), "--out", out.toString()));
    assertTrue(err.startsWith("spikeforge import: " + nir + ": field node/metadata/trial_end: absent;"), err);
    assertTrue(err.contains("--trial-end"), err);
    assertFalse(Files.exists(out));

    CliResult r = CliResult.run("import", "--format", "nir", nir.toString(), "--out", out.toString(),
        "--trial-end", "10", "--name", "handmade");
    assertEquals(0, r.exitCode(), r.err());
    Network net = ProtoFiles.readNetwork(out);
    assertEquals("handmade", net.getName());
    assertEquals(NeuronModel.LIF_EXP, net.getModel());
    assertEquals(10.0, net.getTrialEnd(), 0.0);
    assertEquals(2, net.getNumInputs());
    assertEquals(4.0, net.getParams().getTau(), 0.0);
    // One threshold per network: the first neuron's, 1.5.
    assertEquals(1.5, net.getParams().getThreshold(), 0.0);
    assertEquals(1, net.getPopulationsCount());
    assertEquals("lif", net.getPopulations(0).getName());
    assertTrue(net.getPopulations(0).getOutput());
    Projection p = net.getProjections(0);
    assertEquals("input", p.getSource());
    assertEquals("lif", p.getTarget());
    // Per neuron the weights into it scale by r * w_in / tau_syn * (V_th / v_threshold):
    // neuron 0: 0.5 * 3 / 2 * (1.5 / 1.5) = 0.75; neuron 1: 1 * 1 / 2 * (1.5 / 3) = 0.25.
    assertEquals(List.of(0.5 * 0.75, -1.0 * 0.75, 2.0 * 0.25, 0.25 * 0.25), p.getWeightsList());
    assertEquals(List.of(0.375, -0.75, 0.5, 0.0625), p.getWeightsList());
    assertTrue(NetworkValidator.problems(net).isEmpty());
    compile(out, "loihi2", dir.resolve("foreign.hwcfg.pb"));
  }

  @Test
  void plainLifGraphImportsAsLifDeltaAndCompilesForLoihi2Only() throws Exception {
    Path nir = dir.resolve("plain.nir");
    writeForeignGraph(nir, "LIF", "Linear");
    Path out = dir.resolve("plain.net.pb");
    CliResult r = CliResult.run("import", "--format", "nir", nir.toString(), "--out", out.toString(),
        "--trial-end", "10");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("LIF_DELTA network") && r.out().contains("--target loihi2"), r.out());
    Network net = ProtoFiles.readNetwork(out);
    assertEquals(NeuronModel.LIF_DELTA, net.getModel());
    assertEquals(4.0, net.getParams().getTau(), 0.0);
    assertEquals(1.5, net.getParams().getThreshold(), 0.0);
    // A pulse of weight w makes v jump by r w / tau, rescaled to the shared threshold:
    // neuron 0: 0.5 / 4 * (1.5 / 1.5) = 0.125; neuron 1: 1 / 4 * (1.5 / 3) = 0.125.
    assertEquals(List.of(0.0625, -0.125, 0.25, 0.03125), net.getProjections(0).getWeightsList());
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(compile(out, "loihi2", dir.resolve("plain.hwcfg.pb")));
    assertEquals(4095, cfg.getLayers(0).getLoihi2().getDu());
    CliResult xylo = CliResult.run("compile", "--network", out.toString(), "--target", "xylo", "--out",
        dir.resolve("plain.xylo.hwcfg.pb").toString());
    assertEquals(2, xylo.exitCode());
    assertTrue(xylo.err().contains("LIF_DELTA"), xylo.err());
    // verify runs LIF_DELTA (LifDeltaCommandsTest); an imported graph carries no input encoding, which verify
    // names in one line instead of failing deep inside.
    CliResult verify = CliResult.run("verify", "--network", out.toString(), "--config",
        dir.resolve("plain.hwcfg.pb").toString(), "--dataset", "yinyang", "--out", dir.resolve("v").toString());
    assertEquals(2, verify.exitCode());
    assertEquals("spikeforge verify: network 'plain' has no input encoding to apply to yinyang", verify.err().strip());
  }

  @Test
  void unmappableNodesAreAllListedByName() throws Exception {
    Path nir = dir.resolve("mixed.nir");
    writeForeignGraph(nir, "IF", "Delay");
    Path out = dir.resolve("mixed.net.pb");
    String err = oneLineError(CliResult.run("import", "--format", "nir", nir.toString(), "--out", out.toString(),
        "--trial-end", "1"));
    assertTrue(err.startsWith("spikeforge import: " + nir + ": field node/nodes: cannot map to a SpikeForge Network: "),
        err);
    assertTrue(err.contains("fc (Delay: no SpikeForge counterpart)"), err);
    assertTrue(err.contains("lif (IF: no SpikeForge counterpart)"), err);
    assertFalse(Files.exists(out));
  }

  @Test
  void truncatedOrForeignFilesAreOneLineNamingFileAndField() throws Exception {
    Path netFile = write(dir, "lif.net.pb", lifNetwork(5, false));
    Path nir = dir.resolve("lif.nir");
    assertEquals(0, CliResult.run("export", "--format", "nir", "--network", netFile.toString(), "--out",
        nir.toString()).exitCode());
    byte[] bytes = Files.readAllBytes(nir);

    Path cut = dir.resolve("cut.nir");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    String err = oneLineError(CliResult.run("import", "--format", "nir", cut.toString(), "--out",
        dir.resolve("x.net.pb").toString()));
    assertEquals("spikeforge import: " + cut + ": field (HDF5 superblock end-of-file address): file has "
        + bytes.length / 2 + " bytes but the superblock says " + bytes.length + ": truncated", err);

    String notHdf5 = oneLineError(CliResult.run("import", "--format", "nir", netFile.toString(), "--out",
        dir.resolve("x.net.pb").toString()));
    assertTrue(notHdf5.startsWith("spikeforge import: " + netFile + ": field (HDF5 superblock): not a readable HDF5"
        + " file"), notHdf5);

    // Renaming a node type in place (same length, so the file stays well-formed HDF5) is caught by name.
    Path renamed = dir.resolve("renamed.nir");
    Files.write(renamed, replaceAll(bytes, "CubaLIF", "CubaLIX"));
    String mutated = oneLineError(CliResult.run("import", "--format", "nir", renamed.toString(), "--out",
        dir.resolve("x.net.pb").toString()));
    assertTrue(mutated.contains(renamed + ": field node/nodes: cannot map")
        && mutated.contains("hidden (CubaLIX: no SpikeForge counterpart)")
        && mutated.contains("out (CubaLIX: no SpikeForge counterpart)"), mutated);

    String missing = oneLineError(CliResult.run("import", "--format", "nir", dir.resolve("nope.nir").toString(),
        "--out", dir.resolve("x.net.pb").toString()));
    assertTrue(missing.endsWith("nope.nir: no such file"), missing);
  }

  @Test
  void randomByteMutationsNeverCrash() throws Exception {
    Path netFile = write(dir, "lif.net.pb", lifNetwork(9, true));
    Path nir = dir.resolve("lif.nir");
    assertEquals(0, CliResult.run("export", "--format", "nir", "--network", netFile.toString(), "--out",
        nir.toString()).exitCode());
    byte[] bytes = Files.readAllBytes(nir);
    SplittableRandom rng = new SplittableRandom(20261123L);
    int refused = 0;
    for (int trial = 0; trial < 20; trial++) {
      byte[] m = bytes.clone();
      for (int k = 0; k < 4; k++) {
        m[rng.nextInt(m.length)] = (byte) rng.nextInt(256);
      }
      Path f = dir.resolve("m" + trial + ".nir");
      Files.write(f, m);
      Path out = dir.resolve("m" + trial + ".net.pb");
      CliResult r = CliResult.run("import", "--format", "nir", f.toString(), "--out", out.toString());
      if (r.exitCode() == 0) {
        // The mutation hit bytes that do not matter (or changed a number): the result must still be valid.
        assertTrue(NetworkValidator.problems(ProtoFiles.readNetwork(out)).isEmpty());
      } else {
        String err = oneLineError(r);
        assertTrue(err.startsWith("spikeforge import: " + f + ": field "), "trial " + trial + ": " + err);
        refused++;
      }
    }
    assertTrue(refused > 0, "some of 20 mutated files must be refused");
  }

  @Test
  void lavaGraphImportsBackToItsConfig() {
    Path netFile = write(dir, "lif.net.pb", lifNetwork(5, true));
    Path cfgFile = compile(netFile, "loihi2", dir.resolve("lif.hwcfg.pb"));
    Path graph = dir.resolve("lif.lava.json");
    assertEquals(0, CliResult.run("export", "--format", "lava", "--config", cfgFile.toString(), "--out",
        graph.toString()).exitCode());
    Path back = dir.resolve("back.hwcfg.pb");
    CliResult r = CliResult.run("import", "--format", "lava", graph.toString(), "--out", back.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertArrayEquals(LavaGraphFiles.deterministicBytes(ProtoFiles.readHardwareConfig(cfgFile)),
        LavaGraphFiles.deterministicBytes(ProtoFiles.readHardwareConfig(back)));
  }

  @Test
  void badOptionsAreRefused() {
    String ext = oneLineError(CliResult.run("import", "--format", "nir", "x.nir", "--out", dir.resolve("x.net").toString()));
    assertTrue(ext.contains("unknown file extension"), ext);
    String trial = oneLineError(CliResult.run("import", "--format", "nir", "x.nir", "--out",
        dir.resolve("x.net.pb").toString(), "--trial-end", "-1"));
    assertTrue(trial.contains("--trial-end -1.0 must be finite and > 0"), trial);
  }

  /**
   * A graph as another NIR tool would write it (no SpikeForge metadata): Input "x" (2) -> {@code weightType}
   * "fc" -> {@code neuronType} "lif" (2 neurons) -> Output "y", with hand-picked parameters.
   */
  private static void writeForeignGraph(Path file, String neuronType, String weightType) {
    try (WritableHdfFile f = HdfFile.write(file)) {
      f.putDataset("version", "1.0.0");
      WritableGroup node = f.putGroup("node");
      node.putDataset("type", "NIRGraph");
      WritableGroup nodes = node.putGroup("nodes");
      WritableGroup x = nodes.putGroup("x");
      x.putDataset("type", "Input");
      x.putDataset("shape", new long[] {2});
      WritableGroup fc = nodes.putGroup("fc");
      fc.putDataset("type", weightType);
      fc.putDataset("weight", new double[][] {{0.5, -1.0}, {2.0, 0.25}});
      fc.putDataset("bias", new double[] {0, 0});
      WritableGroup lif = nodes.putGroup("lif");
      lif.putDataset("type", neuronType);
      lif.putDataset("tau_mem", new double[] {4, 4});
      lif.putDataset("tau", new double[] {4, 4}); // read by plain LIF only
      lif.putDataset("tau_syn", new double[] {2, 2});
      lif.putDataset("r", new double[] {0.5, 1});
      lif.putDataset("w_in", new double[] {3, 1});
      lif.putDataset("v_threshold", new double[] {1.5, 3.0});
      lif.putDataset("v_leak", new double[] {0, 0});
      lif.putDataset("v_reset", new double[] {0, 0});
      WritableGroup y = nodes.putGroup("y");
      y.putDataset("type", "Output");
      y.putDataset("shape", new long[] {2});
      node.putDataset("edges", new String[][] {{"x", "fc"}, {"fc", "lif"}, {"lif", "y"}});
    }
  }

  private static byte[] replaceAll(byte[] bytes, String from, String to) {
    byte[] a = from.getBytes(StandardCharsets.US_ASCII);
    byte[] b = to.getBytes(StandardCharsets.US_ASCII);
    byte[] out = bytes.clone();
    int count = 0;
    for (int i = 0; i + a.length <= out.length; i++) {
      if (Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
        System.arraycopy(b, 0, out, i, b.length);
        count++;
      }
    }
    assertTrue(count > 0, from + " not found in the file");
    return out;
  }
}
