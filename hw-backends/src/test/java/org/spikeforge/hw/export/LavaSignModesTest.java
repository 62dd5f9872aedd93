package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.LavaProcess;
import org.spikeforge.proto.LavaProcessGraph;
import org.spikeforge.proto.Loihi2Lif;

/**
 * The Lava graph holds no sign_mode, so Lava infers it from the weights; where the config's mode is
 * not what Lava would infer, num_weight_bits must make the inferred mode load the same weights, or
 * the export must refuse. Values by hand from docs/TARGET-SEMANTICS.md (clip, then drop
 * 8 - bits (+1 for MIXED) low bits; INHIBITORY truncates the magnitude).
 */
class LavaSignModesTest {
  private static HardwareConfig oneLayer(int signMode, int bits, List<Integer> weights) {
    return HardwareConfig.newBuilder().setTarget("loihi2").setFormatVersion("1").setNumInputs(weights.size())
        .setDt(1.0).setNumSteps(4)
        .addLayers(HwLayer.newBuilder().setName("o").setSource("input").setSize(1).setFanIn(weights.size())
            .setInputDelay(1).setOutput(true).addAllWeights(weights)
            .setLoihi2(Loihi2Lif.newBuilder().setDu(4095).setDv(0).setVth(10).setWeightExp(0)
                .setNumWeightBits(bits).setSignMode(signMode)))
        .build();
  }

  private static long bitsOf(LavaProcessGraph g) {
    LavaProcess dense = g.getProcesses(1);
    assertTrue(dense.getVarsList().stream().noneMatch(v -> v.getName().equals("sign_mode")));
    return dense.getVarsList().stream().filter(v -> v.getName().equals("num_weight_bits")).findFirst()
        .orElseThrow().getValues(0);
  }

  @Test
  void mixedWithNoNegativeWeightIsExportedAsExcitatoryWithOneBitLess() {
    HardwareConfig cfg = oneLayer(2, 8, List.of(0, 3, 255, 130));
    LavaProcessGraph g = new LavaGraphExporter("t").export(cfg, Map.of());
    assertEquals(7, bitsOf(g));
    int[] w = {0, 3, 255, 130};
    // MIXED, 8 bits: drop 1 bit -> 0, 2, 254, 130; Lava infers EXCITATORY and drops 8 - 7 = 1 bit too
    assertArrayEquals(new int[] {0, 2, 254, 130}, LavaWeightLoad.effective(w, LavaWeightLoad.MIXED, 8));
    assertArrayEquals(new int[] {0, 2, 254, 130}, LavaWeightLoad.effective(w, LavaWeightLoad.inferSignMode(w), 7));
    // and the import gives the config back (from the embedded config, which loads the same)
    assertEquals(cfg, new LavaGraphImporter("t.lava.pb").toConfig(g));
  }

  @Test
  void matchingModesKeepTheirBits() {
    assertEquals(5, bitsOf(new LavaGraphExporter("t").export(oneLayer(2, 5, List.of(-9, 40)), Map.of())));
    assertEquals(6, bitsOf(new LavaGraphExporter("t").export(oneLayer(4, 6, List.of(-9, 0)), Map.of())));
    assertEquals(3, bitsOf(new LavaGraphExporter("t").export(oneLayer(3, 3, List.of(0, 0)), Map.of())));
  }

  @Test
  void mixedWithOnlyNegativeWeightsIsRefusedNamingTheField() {
    // MIXED floors -7 to -8 and keeps -256; Lava would infer INHIBITORY: -6 and -255 for any bit count
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class,
        () -> new LavaGraphExporter("t").export(oneLayer(2, 8, List.of(-7, -256)), Map.of()));
    assertTrue(e.getMessage().contains("layers[0].loihi2.sign_mode"), e.getMessage());
    assertTrue(e.getMessage().contains("Lava infers INHIBITORY"), e.getMessage());
  }
}
