package org.spikeforge.emulator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.emulator.Configs.config;
import static org.spikeforge.emulator.Configs.input;
import static org.spikeforge.emulator.Configs.layer;
import static org.spikeforge.emulator.Configs.lif;
import static org.spikeforge.emulator.Configs.p;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.XyloIaf;

/** Each invalid config is refused with a one-line message naming the field, the index and the limit. */
class ValidationTest {

  static HardwareConfig loihi() {
    return config("loihi2", 2,
        layer("h", "input", 2, 2, 1, 1, 2, 3, 4).setLoihi2(lif(0, 0, 10)),
        layer("o", "h", 1, 2, 1, 5, 6).setLoihi2(lif(0, 0, 10)));
  }

  static HardwareConfig xylo() {
    return config("xylo", 2,
        layer("h", "input", 2, 2, 0, 1, 2, 3, 4).setXylo(XyloIaf.newBuilder().addThreshold(5).addThreshold(5)),
        layer("o", "h", 1, 2, 1, 5, 6).setOutput(true).setXylo(XyloIaf.newBuilder().addThreshold(5)));
  }

  static HardwareConfig theta() {
    return HardwareConfig.newBuilder().setTarget("theta").setNumInputs(1)
        .setThetaTables(ThetaGoldenTest.tables())
        .addLayers(layer("th", "input", 1, 1, 0, 3).setTheta(ThetaPhase.getDefaultInstance())).build();
  }

  static Arguments bad(HardwareConfig base, UnaryOperator<HardwareConfig.Builder> edit, String message) {
    return Arguments.of(message, edit.apply(base.toBuilder()).build());
  }

  static HwLayer.Builder l0(HardwareConfig.Builder b) {
    return b.getLayersBuilder(0);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        bad(loihi(), b -> b.setTarget("loihi3"), "target = \"loihi3\" is unknown"),
        bad(loihi(), b -> b.setFormatVersion("2"), "format_version = \"2\""),
        bad(loihi(), b -> b.clearLayers(), "layers is empty"),
        bad(loihi(), b -> { l0(b).clearWeights().addAllWeights(java.util.List.of(1, 2, 3)); return b; },
            "layers[0].weights has 3 entries, expected 4"),
        bad(loihi(), b -> { l0(b).addRecurrentWeights(1); return b; },
            "layers[0].recurrent_weights has 1 entries, expected 4"),
        bad(loihi(), b -> { l0(b).getLoihi2Builder().addBiasMant(1); return b; },
            "layers[0].loihi2.bias_mant has 1 entries, expected 0 or 2"),
        bad(loihi(), b -> { l0(b).getLoihi2Builder().addBiasMant(1).addBiasMant(5000); return b; },
            "layers[0].loihi2.bias_mant[1] = 5000 is out of range [-4096, 4095]"),
        bad(loihi(), b -> { l0(b).setWeights(1, 300); return b; },
            "layers[0].weights[1] (neuron 0, source 1) = 300 is out of range [0, 255]"),
        bad(loihi(), b -> { l0(b).setWeights(1, -300).setWeights(2, 7); return b; },
            "layers[0].weights[1] (neuron 0, source 1) = -300 is out of range [-256, 255]"),
        bad(loihi(), b -> { l0(b).setWeights(3, 9).getLoihi2Builder().setSignMode(4); return b; },
            "layers[0].weights[0] (neuron 0, source 0) = 1 is out of range [-255, 0]"),
        bad(loihi(), b -> { l0(b).getLoihi2Builder().setDu(4096); return b; },
            "layers[0].loihi2.du = 4096 is out of range [0, 4095]"),
        bad(loihi(), b -> { l0(b).getLoihi2Builder().setNumWeightBits(9); return b; },
            "layers[0].loihi2.num_weight_bits = 9 is out of range [0, 8]"),
        bad(loihi(), b -> { b.getLayersBuilder(1).setSource("nope"); return b; },
            "layers[1].source = \"nope\" is neither \"input\" nor an earlier layer"),
        bad(loihi(), b -> { b.getLayersBuilder(1).setSource("o"); return b; },
            "layers[1].source = \"o\" is neither"),
        bad(loihi(), b -> { b.getLayersBuilder(1).setName("h"); return b; }, "layers[1].name = \"h\" repeats"),
        bad(loihi(), b -> { b.getLayersBuilder(1).setFanIn(3); return b; },
            "layers[1].fan_in = 3 differs from the size 2 of source \"h\""),
        bad(loihi(), b -> { l0(b).setInputDelay(65); return b; },
            "layers[0].input_delay = 65 is out of range [0, 64]"),
        bad(loihi(), b -> { l0(b).setXylo(XyloIaf.getDefaultInstance()); return b; },
            "layers[0].neuron = XYLO does not match target loihi2"),
        bad(loihi(), b -> { l0(b).setSize(0).clearWeights(); return b; },
            "layers[0].size = 0 is out of range [1, 65536]"),
        bad(xylo(), b -> { l0(b).setWeights(2, 128); return b; },
            "layers[0].weights[2] (neuron 1, source 0) = 128 is out of range [-128, 127]"),
        bad(xylo(), b -> { l0(b).getXyloBuilder().setThreshold(1, 0); return b; },
            "layers[0].xylo.threshold[1] = 0 is out of range [1, 32767]"),
        bad(xylo(), b -> { l0(b).getXyloBuilder().clearThreshold(); return b; },
            "layers[0].xylo.threshold has 0 entries, expected 2"),
        bad(xylo(), b -> { b.getLayersBuilder(1).getXyloBuilder().setMaxSpikes(2); return b; },
            "layers[1].xylo.max_spikes = 2 is out of range [1, 1]"),
        bad(xylo(), b -> { l0(b).getXyloBuilder().setMaxSpikes(32); return b; },
            "layers[0].xylo.max_spikes = 32 is out of range [1, 31]"),
        bad(xylo(), b -> { l0(b).getXyloBuilder().setDashSyn(16); return b; },
            "layers[0].xylo.dash_syn = 16 is out of range [0, 15]"),
        bad(xylo(), b -> b.setNumInputs(17), "num_inputs = 17 is out of range [0, 16]"),
        bad(theta(), b -> b.clearThetaTables(), "theta_tables is missing"),
        bad(theta(), b -> { b.getThetaTablesBuilder().addInvPhi(0); return b; },
            "theta_tables.inv_phi has 5 entries, expected 4"),
        bad(theta(), b -> { b.getThetaTablesBuilder().setInvPhi(3, 9); return b; },
            "theta_tables.inv_phi[3] = 9 is out of range [-8, 8]"),
        bad(theta(), b -> { b.getThetaTablesBuilder().setPhi(4, 16); return b; },
            "theta_tables.phi[4] = 16 is out of range [0, 15]"),
        bad(theta(), b -> { b.getThetaTablesBuilder().setPhiShift(1); return b; },
            "theta_tables.phi has 5 entries, expected 9"),
        bad(theta(), b -> { b.getThetaTablesBuilder().setInvIndexBits(5); return b; },
            "theta_tables.inv_index_bits = 5 is out of range [0, 4]"),
        bad(theta(), b -> { b.getThetaTablesBuilder().setVMin(9); return b; }, "theta_tables.v_min = 9 is above"),
        bad(theta(), b -> { l0(b).setTheta(ThetaPhase.newBuilder().addPhaseInit(16)); return b; },
            "layers[0].theta.phase_init[0] = 16 is out of range [0, 15]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesWithOneLineMessage(String expected, HardwareConfig cfg) {
    ConfigException e = assertThrows(ConfigException.class, () -> Emulator.compile(cfg));
    assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void baseConfigsAreValid() {
    Emulator.compile(loihi());
    Emulator.compile(xylo());
    Emulator.compile(theta());
  }

  @Test
  void refusesBadInputAndProbes() {
    HardwareConfig cfg = loihi();
    assertMessage("input.trains has 1 channels, expected num_inputs = 2",
        () -> Emulator.run(cfg, input(new long[] {1}), 5, RecordSpec.none()));
    assertMessage("input.trains[1].steps[1] = -3 is negative",
        () -> Emulator.run(cfg, input(new long[] {1}, new long[] {2, -3}), 5, RecordSpec.none()));
    assertMessage("steps = -1 is out of range",
        () -> Emulator.run(cfg, input(new long[0], new long[0]), -1, RecordSpec.none()));
    assertMessage("record.probes[0].variable = \"vmem\" is not one of [u, v] for target loihi2",
        () -> Emulator.run(cfg, input(new long[0], new long[0]), 3, RecordSpec.of(p("h", 0, "vmem"))));
    assertMessage("record.probes[0].neuron = 2 is out of range [0, 1]",
        () -> Emulator.run(cfg, input(new long[0], new long[0]), 3, RecordSpec.of(p("h", 2, "u"))));
    assertMessage("record.probes[0].layer = \"x\" is not a layer",
        () -> Emulator.run(cfg, input(new long[0], new long[0]), 3, RecordSpec.of(p("x", 0, "u"))));
  }

  @Test
  void loaderWrapsProtobufErrorsWithTheOrigin() {
    byte[] bytes = loihi().toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.compile(truncated, "net.hwcfg.pb"));
    assertTrue(e.getMessage().startsWith("net.hwcfg.pb: not a valid HardwareConfig protobuf"), e.getMessage());
    HardwareConfig bad = loihi().toBuilder().setTarget("nope").build();
    ConfigException e2 = assertThrows(ConfigException.class,
        () -> ConfigLoader.compile(bad.toByteArray(), "net.hwcfg.pb"));
    assertTrue(e2.getMessage().startsWith("net.hwcfg.pb: target = \"nope\""), e2.getMessage());
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable run) {
    ConfigException e = assertThrows(ConfigException.class, run);
    assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
  }
}
