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
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.hw.export.LavaGraphFiles;
import org.spikeforge.hw.export.NetxReader;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.LavaProcess;
import org.spikeforge.proto.LavaProcessGraph;
import org.spikeforge.proto.LavaVar;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Projection;

class ExportCommandTest {
  @TempDir Path dir;

  private Path loihi2Config(boolean recurrent, String... compileOptions) {
    Path net = write(dir, "lif.net.pb", lifNetwork(7, recurrent));
    return compile(net, "loihi2", dir.resolve("lif.hwcfg.pb"), compileOptions);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lif.lava.pb", "lif.lava.json"})
  void lavaExportReadsBackToTheIdenticalConfigBytes(String name) {
    Path cfgFile = loihi2Config(true);
    Path out = dir.resolve(name);
    CliResult r = CliResult.run("export", "--config", cfgFile.toString(), "--format", "lava", "--out", out.toString(),
        "--provenance", "dataset=yinyang", "--provenance", "seed=7");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("wrote " + out + ": Lava process graph, "), r.out());

    HardwareConfig original = ProtoFiles.readHardwareConfig(cfgFile);
    HardwareConfig back = LavaGraphFiles.readConfig(out);
    assertArrayEquals(LavaGraphFiles.deterministicBytes(original), LavaGraphFiles.deterministicBytes(back));

    LavaProcessGraph g = LavaGraphFiles.read(out);
    if (name.endsWith(".json")) {
      assertEquals('{', readFirstByte(out));
    }
    Map<String, String> prov = g.getMetadata().getTrainingProvenanceMap();
    assertEquals("yinyang", prov.get("dataset"));
    assertEquals("7", prov.get("seed"));
    assertEquals("lif.hwcfg.pb", prov.get("config_file"));
    assertEquals("lif.net.pb", prov.get("network_file"));

    // Process by process, in Lava's terms: a Dense, a recurrent Dense and a LIF per layer.
    HwLayer hidden = original.getLayers(0);
    Loihi2Lif p = hidden.getLoihi2();
    LavaProcess dense = process(g, "hidden.dense");
    assertEquals("lava.proc.dense.process.Dense", dense.getClassPath());
    assertEquals(Arrays.asList(5L, 3L), dense.getShapeList());
    assertEquals(longs(hidden.getWeightsList()), var(dense, "weights").getValuesList());
    assertEquals(p.getWeightExp(), var(dense, "weight_exp").getValues(0));
    // no sign_mode: Lava's Dense wants a SignMode enum member and would clip an int silently;
    // it infers the mode from the weights, and num_weight_bits makes that inference load the same
    assertTrue(dense.getVarsList().stream().noneMatch(v -> v.getName().equals("sign_mode")));
    assertEquals(p.getNumWeightBits(), var(dense, "num_weight_bits").getValues(0));
    LavaProcess rec = process(g, "hidden.rec");
    assertEquals(longs(hidden.getRecurrentWeightsList()), var(rec, "weights").getValuesList());
    LavaProcess lif = process(g, "hidden.lif");
    assertEquals("lava.proc.lif.process.LIF", lif.getClassPath());
    assertEquals(p.getDu(), var(lif, "du").getValues(0));
    assertEquals(p.getDv(), var(lif, "dv").getValues(0));
    assertEquals(p.getVth(), var(lif, "vth").getValues(0));
    assertTrue(g.getConnectionsList().stream().anyMatch(c -> c.getSrcProcess().equals("input")
        && c.getSrcPort().equals("s_out") && c.getDstProcess().equals("hidden.dense") && c.getDstPort().equals("s_in")));
    assertTrue(g.getConnectionsList().stream().anyMatch(c -> c.getSrcProcess().equals("hidden.dense")
        && c.getSrcPort().equals("a_out") && c.getDstProcess().equals("hidden.lif") && c.getDstPort().equals("a_in")));
  }

  @Test
  void netxExportHasTheLayoutNetxReadsFieldByField() throws Exception {
    // At dt = 0.002 (tau = 1) the compiler's weight exponent is 0: netx can rebuild that exactly.
    Path cfgFile = loihi2Config(false, "--dt", "0.002");
    Path out = dir.resolve("lif.net");
    CliResult r = CliResult.run("export", "--config", cfgFile.toString(), "--format", "netx", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("wrote " + out + ": lava-dl netx HDF5, input 3 + 2 CUBA dense layers"), r.out());
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(cfgFile);
    assertEquals(0, cfg.getLayers(0).getLoihi2().getWeightExp());

    try (HdfFile h = new HdfFile(out)) {
      assertEquals(Map.of("0", 1, "1", 1, "2", 1).keySet(), ((Group) h.getByPath("layer")).getChildren().keySet());
      assertEquals("input", h.getDatasetByPath("layer/0/type").getData());
      assertArrayEquals(new int[] {3}, (int[]) h.getDatasetByPath("layer/0/shape").getData());
      for (int i = 1; i <= 2; i++) {
        HwLayer l = cfg.getLayers(i - 1);
        Loihi2Lif p = l.getLoihi2();
        String g = "layer/" + i + "/";
        assertEquals("dense", h.getDatasetByPath(g + "type").getData());
        assertArrayEquals(new int[] {l.getSize()}, (int[]) h.getDatasetByPath(g + "shape").getData());
        int[][] w = (int[][]) h.getDatasetByPath(g + "weight").getData();
        assertEquals(l.getSize(), w.length, "weight is (out, in)");
        for (int row = 0; row < l.getSize(); row++) {
          assertEquals(l.getFanIn(), w[row].length);
          for (int col = 0; col < l.getFanIn(); col++) {
            assertEquals(netxWeight(l.getWeights(row * l.getFanIn() + col), p), w[row][col], g + "weight " + row + "," + col);
          }
        }
        // Integer scalars only (floats make a netx run hang); iDecay is Lava's du + 1.
        assertEquals(p.getDu() + 1, h.getDatasetByPath(g + "neuron/iDecay").getData());
        assertEquals(p.getDv(), h.getDatasetByPath(g + "neuron/vDecay").getData());
        assertEquals(p.getVth(), h.getDatasetByPath(g + "neuron/vThMant").getData());
        assertEquals("CUBA", h.getDatasetByPath(g + "neuron/type").getData());
        assertFalse(((Group) h.getByPath(g + "neuron")).getChildren().containsKey("messageBits"));
        assertFalse(((Group) h.getByPath(g.substring(0, g.length() - 1))).getChildren().containsKey("bias"), "no bias");
        assertFalse(((Group) h.getByPath(g.substring(0, g.length() - 1))).getChildren().containsKey("delay"), "delay 1");
      }
    }
    NetxReader.NetxFile back = NetxReader.read(out);
    assertEquals(3, back.numInputs());
    assertEquals(2, back.layers().size());
  }

  /**
   * The weight netx must find in the file for a stored loihi2 weight: the compiler stores MIXED weights
   * as even numbers (Lava drops the lowest bit with 8 weight bits), and the file holds {@code w * 2^weight_exp}.
   */
  private static int netxWeight(int stored, Loihi2Lif p) {
    assertEquals(2, p.getSignMode(), "compile picks MIXED for weights of both signs");
    assertEquals(8, p.getNumWeightBits());
    assertEquals(0, stored % 2, "stored MIXED weights are multiples of 2");
    int e = p.getWeightExp();
    if (e >= 0) {
      return stored << e;
    }
    assertEquals(0, stored % (1 << -e), "only exactly divisible weights can carry a negative exponent");
    return stored / (1 << -e);
  }

  @Test
  void nirExportWritesTheDocumentedConversion() {
    Network base = lifNetwork(3, true);
    Network net = base.toBuilder().setParams(base.getParams().toBuilder().setTau(1.6).setThreshold(0.8)).build();
    Path netFile = write(dir, "lif.net.json", net);
    Path out = dir.resolve("lif.nir");
    CliResult r = CliResult.run("export", "--network", netFile.toString(), "--format", "nir", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("wrote " + out + ": NIR graph, Input(3), 3 Linear, 0 Conv2d, 0 SumPool2d, 2 CubaLIF, 1 Output; tau_mem 1.6,"
        + " tau_syn 0.8, v_threshold 0.8"), r.out());
    try (HdfFile h = new HdfFile(out)) {
      assertEquals("NIRGraph", h.getDatasetByPath("node/type").getData());
      assertEquals("Input", h.getDatasetByPath("node/nodes/input/type").getData());
      assertArrayEquals(new long[] {3}, (long[]) h.getDatasetByPath("node/nodes/input/shape").getData());
      for (String pop : new String[] {"hidden", "out"}) {
        String n = "node/nodes/" + pop + "/";
        assertEquals("CubaLIF", h.getDatasetByPath(n + "type").getData());
        int size = "hidden".equals(pop) ? 5 : 2;
        // tau_mem = tau, tau_syn = tau/2, r = 1, w_in = tau_syn, leak and reset 0, threshold copied.
        assertArrayEquals(filled(size, 1.6), (double[]) h.getDatasetByPath(n + "tau_mem").getData());
        assertArrayEquals(filled(size, 0.8), (double[]) h.getDatasetByPath(n + "tau_syn").getData());
        assertArrayEquals(filled(size, 1.0), (double[]) h.getDatasetByPath(n + "r").getData());
        assertArrayEquals(filled(size, 0.8), (double[]) h.getDatasetByPath(n + "w_in").getData());
        assertArrayEquals(filled(size, 0.0), (double[]) h.getDatasetByPath(n + "v_leak").getData());
        assertArrayEquals(filled(size, 0.0), (double[]) h.getDatasetByPath(n + "v_reset").getData());
        assertArrayEquals(filled(size, 0.8), (double[]) h.getDatasetByPath(n + "v_threshold").getData());
      }
      for (Projection p : net.getProjectionsList()) {
        double[][] w = (double[][]) h.getDatasetByPath("node/nodes/" + p.getSource() + "_to_" + p.getTarget() + "/weight")
            .getData();
        assertEquals(p.getRows(), w.length);
        for (int row = 0; row < p.getRows(); row++) {
          for (int col = 0; col < p.getCols(); col++) {
            assertEquals(p.getWeights(row * p.getCols() + col), w[row][col], 0.0);
          }
        }
      }
      // Default dt: trial end 4 over compile's 200 steps.
      assertEquals(0.02, (double) h.getDatasetByPath("node/metadata/dt").getData(), 0.0);
    }
    CliResult withDt = CliResult.run("export", "--network", netFile.toString(), "--format", "nir", "--out",
        out.toString(), "--dt", "0.125");
    assertEquals(0, withDt.exitCode(), withDt.err());
    try (HdfFile h = new HdfFile(out)) {
      assertEquals(0.125, (double) h.getDatasetByPath("node/metadata/dt").getData(), 0.0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"THETA", "QIF_EXP"})
  void thetaAndQifNetworksAreRefusedByNir(String model) throws Exception {
    Path netFile = Path.of("..", "examples", "theta-small.net.json");
    if ("QIF_EXP".equals(model)) {
      Network theta = ProtoFiles.readNetwork(netFile);
      netFile = write(dir, "qif.net.json", theta.toBuilder().setModel(NeuronModel.QIF_EXP).build());
    }
    Path out = dir.resolve("x.nir");
    String err = oneLineError(CliResult.run("export", "--network", netFile.toString(), "--format", "nir", "--out",
        out.toString()));
    String what = "THETA".equals(model) ? "theta neurons" : "QIF";
    assertTrue(err.startsWith("spikeforge export: " + netFile + ": field model: NIR has no node for "), err);
    assertTrue(err.contains(what) && err.contains("does not approximate"), err);
    assertFalse(Files.exists(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lava", "netx"})
  void nonLoihi2ConfigsAreRefusedNamingTheTarget(String format) {
    Path net = write(dir, "lif.net.pb", lifNetwork(7, false));
    Path xylo = compile(net, "xylo", dir.resolve("lif.xylo.hwcfg.pb"));
    Path out = dir.resolve("netx".equals(format) ? "x.net" : "x.lava.pb");
    String err = oneLineError(CliResult.run("export", "--config", xylo.toString(), "--format", format, "--out",
        out.toString()));
    assertEquals("spikeforge export: " + xylo + ": field target: is \"xylo\", but --format " + format
        + " needs a loihi2 config (compile with --target loihi2)", err);
    assertFalse(Files.exists(out));
  }

  @Test
  void truncatedConfigIsOneLineNamingFileAndField() throws Exception {
    Path cfgFile = loihi2Config(false);
    byte[] bytes = Files.readAllBytes(cfgFile);
    Path cut = dir.resolve("cut.hwcfg.pb");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    String err = oneLineError(CliResult.run("export", "--config", cut.toString(), "--format", "lava", "--out",
        dir.resolve("x.lava.pb").toString()));
    assertTrue(err.startsWith("spikeforge export: " + cut + ": "), err);
    assertTrue(err.matches("spikeforge export: \\S+: [a-z_.\\[\\]0-9]+: not a valid spikeforge\\.v1\\.HardwareConfig"
        + " protobuf binary: .*"), "names the field being read when the bytes ran out: " + err);
  }

  @Test
  void configFieldsNetxCannotCarryAreNamed() {
    Path cfgFile = loihi2Config(true);
    String err = oneLineError(CliResult.run("export", "--config", cfgFile.toString(), "--format", "netx", "--out",
        dir.resolve("x.net").toString()));
    assertEquals("spikeforge export: " + cfgFile + ": field layers[0].recurrent_weights: netx dense layers have no"
        + " recurrent weights", err);
  }

  @Test
  void positiveWeightExponentIsRefusedForNetxNamingLayerFieldLimitAndTheFix() {
    // At compile's default dt = trial end / 200 = 0.02 the finest voltage resolution needs weight_exp 3.
    Path cfgFile = loihi2Config(false);
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(cfgFile);
    assertEquals(3, cfg.getLayers(0).getLoihi2().getWeightExp());
    Path out = dir.resolve("x.net");
    String err = oneLineError(CliResult.run("export", "--config", cfgFile.toString(), "--format", "netx", "--out",
        out.toString()));
    String layer = cfg.getLayers(0).getName();
    assertTrue(err.startsWith("spikeforge export: " + cfgFile + ": field layers[0].loihi2.weight_exp: is 3 in layer '"
        + layer + "': the weights times 2^3 span "), err);
    assertTrue(err.contains("that netx can rebuild (it derives only exponents <= 0); compile with --weight-exp 0"), err);
    assertFalse(Files.exists(out));
    assertEquals(0, CliResult.run("export", "--config", cfgFile.toString(), "--format", "lava", "--out",
        dir.resolve("x.lava.pb").toString()).exitCode());

    // The option the message names: every layer gets weight_exp 0, and netx takes the config.
    Path fixed = loihi2Config(false, "--weight-exp", "0");
    HardwareConfig zero = ProtoFiles.readHardwareConfig(fixed);
    for (HwLayer l : zero.getLayersList()) {
      assertEquals(0, l.getLoihi2().getWeightExp(), l.getName());
    }
    CliResult r = CliResult.run("export", "--config", fixed.toString(), "--format", "netx", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    String bad = oneLineError(CliResult.run("compile", "--network", dir.resolve("lif.net.pb").toString(), "--target",
        "loihi2", "--weight-exp", "9", "--out", dir.resolve("y.hwcfg.pb").toString()));
    assertTrue(bad.contains("--weight-exp 9 must be in -8..7") && !bad.contains("QuantSpec"), bad);
  }

  @Test
  void configOutOfLoihi2RangeNamesFileFieldAndLimit() {
    HardwareConfig cfg = ProtoFiles.readHardwareConfig(loihi2Config(false));
    HardwareConfig.Builder bad = cfg.toBuilder();
    bad.getLayersBuilder(1).getLoihi2Builder().setDu(5000);
    Path badFile = dir.resolve("bad.hwcfg.json");
    ProtoFiles.write(badFile, bad);
    String err = oneLineError(CliResult.run("export", "--config", badFile.toString(), "--format", "lava", "--out",
        dir.resolve("x.lava.pb").toString()));
    assertEquals("spikeforge export: " + badFile + ": field layers[1].loihi2.du: is 5000, allowed 0..4095", err);
  }

  @Test
  void optionsThatDoNotFitTheFormatAreRefused() {
    Path cfg = loihi2Config(false);
    Path net = dir.resolve("lif.net.pb");
    String nirFromConfig = oneLineError(CliResult.run("export", "--config", cfg.toString(), "--format", "nir",
        "--out", dir.resolve("x.nir").toString()));
    assertTrue(nirFromConfig.contains("--format nir exports the float network"), nirFromConfig);
    String lavaFromNet = oneLineError(CliResult.run("export", "--network", net.toString(), "--format", "lava",
        "--out", dir.resolve("x.lava.pb").toString()));
    assertTrue(lavaFromNet.contains("--format lava needs --config CFG"), lavaFromNet);
    String netxAsPb = oneLineError(CliResult.run("export", "--config", cfg.toString(), "--format", "netx",
        "--out", dir.resolve("x.net.pb").toString()));
    assertTrue(netxAsPb.contains("netx files are HDF5; name them .net, .h5, .hdf5"), netxAsPb);
    String lavaBadExt = oneLineError(CliResult.run("export", "--config", cfg.toString(), "--format", "lava",
        "--out", dir.resolve("x.lava").toString()));
    assertTrue(lavaBadExt.contains("unknown file extension"), lavaBadExt);
    String badFormat = oneLineError(CliResult.run("export", "--config", cfg.toString(), "--format", "onnx",
        "--out", dir.resolve("x.onnx").toString()));
    assertTrue(badFormat.contains("--format") && badFormat.contains("onnx"), badFormat);
  }

  @ParameterizedTest
  @ValueSource(strings = {"export", "import", "train-spikes"})
  void registeredWithHelp(String command) {
    CliResult r = CliResult.run(command, "--help");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("Usage: spikeforge " + command), r.out());
    assertTrue(CliResult.run("--help").out().contains("  " + command + " "), "listed in spikeforge --help");
  }

  private static LavaProcess process(LavaProcessGraph g, String name) {
    return g.getProcessesList().stream().filter(p -> p.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no process " + name));
  }

  private static LavaVar var(LavaProcess p, String name) {
    Map<String, LavaVar> vars = new HashMap<>();
    p.getVarsList().forEach(v -> vars.put(v.getName(), v));
    assertTrue(vars.containsKey(name), p.getName() + " has no var " + name);
    return vars.get(name);
  }

  private static java.util.List<Long> longs(java.util.List<Integer> ints) {
    return ints.stream().map(Integer::longValue).toList();
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  private static int readFirstByte(Path f) {
    try {
      return Files.readAllBytes(f)[0];
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
