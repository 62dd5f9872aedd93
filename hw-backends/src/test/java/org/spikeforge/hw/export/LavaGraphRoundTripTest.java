package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.LavaConnection;
import org.spikeforge.proto.LavaProcess;
import org.spikeforge.proto.LavaProcessGraph;
import org.spikeforge.proto.LavaVar;

class LavaGraphRoundTripTest {
  private static final Map<String, String> PROV = Map.of("dataset", "none", "seed", "7");

  private static LavaProcessGraph export(HardwareConfig cfg) {
    return new LavaGraphExporter("0.1.0-test").export(cfg, PROV);
  }

  @Test
  void graphNamesLavaClassesVarsAndPorts() {
    HardwareConfig cfg = DemoLoihi2Config.build(3, 4, 8, 3, 20);
    LavaProcessGraph g = export(cfg);
    List<String> classes = g.getProcessesList().stream().map(LavaProcess::getClassPath).toList();
    assertEquals(List.of(LavaNames.SOURCE, LavaNames.DENSE, LavaNames.LIF, LavaNames.DENSE, LavaNames.LIF, LavaNames.SINK), classes);
    LavaProcess dense = g.getProcesses(1);
    assertEquals(List.of(8L, 4L), dense.getShapeList());
    LavaVar w = dense.getVars(0);
    assertEquals("weights", w.getName());
    assertEquals(cfg.getLayers(0).getWeights(5), w.getValues(5));
    // no sign_mode (Lava's Dense wants an enum member and clips silently on an int): Lava infers
    // MIXED from these mixed-sign weights, which is the config's mode, so the bit count stays
    assertEquals(List.of("weights", "weight_exp", "num_weight_bits"),
        dense.getVarsList().stream().map(LavaVar::getName).toList());
    assertEquals(cfg.getLayers(0).getLoihi2().getNumWeightBits(), dense.getVars(2).getValues(0));
    LavaProcess lif = g.getProcesses(2);
    assertEquals(List.of("u", "v", "du", "dv", "bias_mant", "bias_exp", "vth"),
        lif.getVarsList().stream().map(LavaVar::getName).toList());
    assertEquals(1024L, lif.getVars(2).getValues(0));
    assertEquals(List.of(
        conn("input", "s_out", "hidden.dense", "s_in"), conn("hidden.dense", "a_out", "hidden.lif", "a_in"),
        conn("hidden.lif", "s_out", "out.dense", "s_in"), conn("out.dense", "a_out", "out.lif", "a_in"),
        conn("out.lif", "s_out", "out.sink", "a_in")), g.getConnectionsList());
    assertEquals(cfg, g.getMetadata().getSourceConfig());
    assertEquals("7", g.getMetadata().getTrainingProvenanceOrThrow("seed"));
  }

  @Test
  void protoToConfigToProtoGivesIdenticalBytes(@TempDir Path dir) {
    for (long seed = 1; seed <= 5; seed++) {
      HardwareConfig cfg = withExtras(DemoLoihi2Config.build(seed, 5, 7, 3, 30));
      Path file = dir.resolve("net" + seed + ".lava.pb");
      LavaGraphFiles.write(export(cfg), file);
      HardwareConfig back = LavaGraphFiles.readConfig(file);
      assertEquals(cfg, back);
      byte[] first = LavaGraphFiles.deterministicBytes(LavaGraphFiles.read(file));
      byte[] again = LavaGraphFiles.deterministicBytes(export(back));
      assertArrayEquals(first, again);
    }
  }

  @Test
  void jsonFormRoundTrips(@TempDir Path dir) {
    HardwareConfig cfg = withExtras(DemoLoihi2Config.build(9, 4, 6, 2, 10));
    Path json = dir.resolve("net.lava.json");
    LavaGraphFiles.write(export(cfg), json);
    assertEquals(cfg, LavaGraphFiles.readConfig(json));
  }

  @Test
  void processesOutOfStepWithMetadataAreRefused() {
    HardwareConfig cfg = DemoLoihi2Config.build(4, 4, 8, 3, 20);
    LavaProcessGraph g = export(cfg);
    LavaProcessGraph.Builder b = g.toBuilder();
    b.getProcessesBuilder(2).getVarsBuilder(2).setValues(0, 1000); // hidden.lif du
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class,
        () -> new LavaGraphImporter("x.lava.pb").toConfig(b.build()));
    assertTrue(e.getMessage().startsWith("x.lava.pb: field processes (layer hidden).loihi2"), e.getMessage());
  }

  @Test
  void inputDelayZeroCannotBeExpressedInLava() {
    HardwareConfig cfg = DemoLoihi2Config.build(4, 4, 8, 3, 20);
    HardwareConfig bad = cfg.toBuilder().setLayers(0, cfg.getLayers(0).toBuilder().setInputDelay(0)).build();
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class, () -> export(bad));
    assertEquals("layers[0].input_delay", e.field());
  }

  /** Recurrent weights, a DelayDense, initial states and a bias exponent exercise every path. */
  static HardwareConfig withExtras(HardwareConfig cfg) {
    HwLayer.Builder h = cfg.getLayers(0).toBuilder().setInputDelay(3);
    for (int i = 0; i < h.getSize() * h.getSize(); i++) {
      h.addRecurrentWeights((i * 37) % 41 - 20);
    }
    for (int i = 0; i < h.getSize(); i++) {
      h.getLoihi2Builder().addUInit(i * 100 - 50).addVInit(-i);
    }
    h.getLoihi2Builder().setBiasExp(3);
    return cfg.toBuilder().setLayers(0, h).build();
  }

  private static LavaConnection conn(String a, String ap, String b, String bp) {
    return LavaConnection.newBuilder().setSrcProcess(a).setSrcPort(ap).setDstProcess(b).setDstPort(bp).build();
  }
}
