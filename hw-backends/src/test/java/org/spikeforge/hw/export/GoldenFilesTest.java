package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.Network;

/**
 * Small committed files: our exporters must keep producing exactly these bytes (format drift is
 * a compatibility break), and a file written by NIR's own {@code nir.write} (NIR 1.0.7, h5py,
 * float32, gzip) must import, for CubaLIF and plain LIF nodes. Regenerate ours with {@code -Dspikeforge.writeGolden=DIR}.
 */
class GoldenFilesTest {
  private static final Path RES = Path.of("src/test/resources/export");

  /** 2 inputs -> 2 LIF -> 1 LIF, every value chosen by hand. */
  static HardwareConfig tiny() {
    return HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNetworkName("tiny")
        .setNumInputs(2).setDt(1.0).setNumSteps(8)
        .addLayers(HwLayer.newBuilder().setName("h").setSource("input").setSize(2).setFanIn(2).setInputDelay(1)
            .addAllWeights(List.of(64, -32, 16, 100))
            .setLoihi2(Loihi2Lif.newBuilder().setDu(4095).setDv(0).setVth(10).setBiasExp(6)
                .setWeightExp(0).setNumWeightBits(8).setSignMode(2)))
        .addLayers(HwLayer.newBuilder().setName("o").setSource("h").setSize(1).setFanIn(2).setInputDelay(1)
            .setOutput(true).addAllWeights(List.of(120, 120))
            .setLoihi2(Loihi2Lif.newBuilder().setDu(2048).setDv(1024).setVth(100).setBiasExp(6)
                .addBiasMant(1).setWeightExp(0).setNumWeightBits(8).setSignMode(3)))
        .build();
  }

  @Test
  void lavaGraphBytesAreStable(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tiny.lava.pb");
    LavaGraphFiles.write(new LavaGraphExporter("golden").export(tiny(), Map.of("purpose", "golden")), out);
    compareOrWrite(out, "tiny.lava.pb");
    assertEquals(tiny(), LavaGraphFiles.readConfig(RES.resolve("tiny.lava.pb")));
    // a graph written before sign_mode was left out (it held Lava's int numbering) still imports
    assertEquals(tiny(), LavaGraphFiles.readConfig(RES.resolve("tiny-with-sign-mode.lava.pb")));
  }

  @Test
  void netxBytesAreStable(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tiny.net");
    NetxExporter.write(tiny(), out);
    compareOrWrite(out, "tiny.net");
    NetxReader.NetxFile f = NetxReader.read(RES.resolve("tiny.net"));
    // MIXED 8 bits drops bit 0: 64, -32, 16, 100 stay; EXCITATORY 8 bits keeps 120.
    assertArrayEquals(new int[] {64, -32}, f.layers().get(0).weight()[0]);
    assertArrayEquals(new int[] {120, 120}, f.layers().get(1).weight()[0]);
    assertEquals(4096, f.layers().get(0).iDecay());
    assertArrayEquals(new int[] {1}, f.layers().get(1).bias());
  }

  @Test
  void graphWrittenByNirItselfImports() {
    Network net = NirImporter.read(RES.resolve("nir_write_cubalif.nir"));
    assertEquals(2, net.getNumInputs());
    assertEquals(2.0, net.getParams().getTau());
    assertEquals(1.0, net.getParams().getThreshold());
    assertEquals("cell", net.getPopulations(0).getName());
    assertTrue(net.getPopulations(0).getOutput());
    // r * w_in / tau_syn = 1 * 0.5 / 1 folds into the Affine weights [[1, 2], [3, 4]].
    assertEquals(List.of(0.5, 1.0, 1.5, 2.0), net.getProjections(0).getWeightsList());
  }

  /**
   * nir_write_lif.nir was written by NIR 1.0.7's own {@code nir.write} (float32, h5py) from
   * {@code Input(2) -> Linear([[1, 2], [3, -4]]) -> LIF(tau [2, 2], r [1, 4], v_leak 0,
   * v_threshold [1, 0.5]) -> Output}; NIR filled in v_reset = 0.
   */
  @Test
  void plainLifGraphWrittenByNirImportsAsLifDelta() {
    Network net = NirImporter.read(RES.resolve("nir_write_lif.nir"));
    assertEquals(org.spikeforge.proto.NeuronModel.LIF_DELTA, net.getModel());
    assertEquals(2, net.getNumInputs());
    assertEquals(2.0, net.getParams().getTau());
    assertEquals(1.0, net.getParams().getThreshold());
    assertTrue(net.getPopulations(0).getOutput());
    // neuron 0: r / tau = 1/2, threshold ratio 1 -> 0.5; neuron 1: r / tau = 4/2 = 2, ratio 1 / 0.5 = 2 -> 4.
    assertEquals(List.of(0.5, 1.0, 12.0, -16.0), net.getProjections(0).getWeightsList());
  }

  private static void compareOrWrite(Path produced, String golden) throws Exception {
    String target = System.getProperty("spikeforge.writeGolden");
    if (target != null) {
      Files.copy(produced, Path.of(target).resolve(golden), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertArrayEquals(Files.readAllBytes(RES.resolve(golden)), Files.readAllBytes(produced), golden + " changed");
  }
}
