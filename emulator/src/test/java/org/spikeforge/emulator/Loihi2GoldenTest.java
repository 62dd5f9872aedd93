package org.spikeforge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spikeforge.emulator.Configs.config;
import static org.spikeforge.emulator.Configs.input;
import static org.spikeforge.emulator.Configs.layer;
import static org.spikeforge.emulator.Configs.lif;
import static org.spikeforge.emulator.Configs.p;
import static org.spikeforge.emulator.Configs.probe;
import static org.spikeforge.emulator.Configs.spikes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Trace;

/** Bit-exact loihi2 vectors; every expected number is worked out by hand from Lava's LIF/Dense rules. */
class Loihi2GoldenTest {
  private static final int M = 1 << 23;

  @Test
  void currentWrapsAbovePlusM() {
    // u_init = M = 8388608, du = 0 -> factor 4096 - (0 + 1) = 4095.
    // decayed u = 8388608 * 4095 / 4096 = 8386560 exactly (8388608 = 2048 * 4096).
    // one input spike, weight 255, weight_exp 0, delay 0 -> a = 255, a << 6 = 16320.
    // u' = 8386560 + 16320 = 8402880 > M -> 8402880 - 2^24 = -8374336.
    // v: dv = 0 keeps v = 0; v' = 0 + u' + 0 = -8374336 (inside [-M + 1, M - 1]).
    HardwareConfig cfg = config("loihi2", 1,
        layer("l", "input", 1, 1, 0, 255).setLoihi2(lif(0, 0, 100).addUInit(M)));
    Trace t = Emulator.run(cfg, input(new long[] {0}), 1, RecordSpec.of(p("l", 0, "u"), p("l", 0, "v")));
    assertEquals(List.of(-8374336L), probe(t, 0));
    assertEquals(List.of(-8374336L), probe(t, 1));
  }

  @Test
  void currentWrapsAtMinusMAfterTruncationTowardZero() {
    // u_init = -M + 1 = -8388607, du = 0: product -8388607 * 4095 = -34351345665.
    // truncation toward zero: -(34351345665 >> 12) = -8386559 (floor would give -8386560).
    // inhibitory weight -255 -> a << 6 = -16320; u' = -8402879 <= -M -> + 2^24 = 8374337.
    HardwareConfig cfg = config("loihi2", 1,
        layer("l", "input", 1, 1, 0, -255).setLoihi2(lif(0, 0, 131071).addUInit(-M + 1)));
    Trace t = Emulator.run(cfg, input(new long[] {0}), 1, RecordSpec.of(p("l", 0, "u")));
    assertEquals(List.of(8374337L), probe(t, 0));
  }

  @Test
  void negativeProductsTruncateTowardZeroAndVoltageSaturatesAtMinusMPlusOne() {
    // u_init = -1000, du = 0: -1000 * 4095 / 4096 = -999.76 -> -999 (toward zero), no input.
    // v_init = -M + 1 = -8388607, dv = 0: decayed v = -8388607 exactly.
    // v' = -8388607 + (-999) = -8389606 -> clamp to -M + 1 = -8388607.
    // step 1: u = -999 * 4095 / 4096 = -998.76 -> -998; v' = -8388607 - 998 -> -8388607 again.
    HardwareConfig cfg = config("loihi2", 1,
        layer("l", "input", 1, 1, 1, 0).setLoihi2(lif(0, 0, 0).addUInit(-1000).addVInit(-M + 1)));
    Trace t = Emulator.run(cfg, input(new long[0]), 2, RecordSpec.of(p("l", 0, "u"), p("l", 0, "v")));
    assertEquals(List.of(-999L, -998L), probe(t, 0));
    assertEquals(List.of(-8388607L, -8388607L), probe(t, 1));
  }

  @Test
  void voltageSaturatesAtMMinusOneThenSpikes() {
    // v_init = M - 1 = 8388607, dv = 0 -> decayed v = 8388607; u_init = 1000, du = 0 -> u' = 999.
    // v' = 8388607 + 999 -> clamp 8388607 > vth << 6 = 131071 * 64 = 8388544 -> spike, v = 0.
    HardwareConfig cfg = config("loihi2", 1,
        layer("l", "input", 1, 1, 1, 0).setLoihi2(lif(0, 0, 131071).addUInit(1000).addVInit(M - 1)));
    Trace t = Emulator.run(cfg, input(new long[0]), 1, RecordSpec.of(p("l", 0, "v")));
    assertEquals(List.of(0L), spikes(t, "l", 0));
    assertEquals(List.of(0L), probe(t, 0));
  }

  @Test
  void thresholdIsStrictAndBiasIsScaled() {
    // dv = 4095 -> factor 1: v * 1 / 4096 truncates to 0 for |v| < 4096, so v' = u' + bias each step.
    // du = 4095 -> factor 0: u stays 0 with no input.
    // layer a: bias 5 << 7 = 640 == vth 10 << 6 = 640 -> never spikes (strict >).
    // layer b: bias 641 << 0 = 641 > 640 -> spikes every step. layer c: bias_exp -1 (see below).
    HardwareConfig equal = config("loihi2", 1,
        layer("a", "input", 1, 1, 1, 0).setLoihi2(lif(4095, 4095, 10).addBiasMant(5).setBiasExp(7)),
        layer("b", "input", 1, 1, 1, 0).setLoihi2(lif(4095, 4095, 10).addBiasMant(641)),
        layer("c", "input", 1, 1, 1, 0).setLoihi2(lif(4095, 4095, 10).addBiasMant(-5).setBiasExp(-1)));
    Trace t = Emulator.run(equal, input(new long[0]), 3, RecordSpec.of(p("a", 0, "v"), p("c", 0, "v")));
    assertEquals(List.of(), spikes(t, "a", 0));
    assertEquals(List.of(640L, 640L, 640L), probe(t, 0));
    // 641 > 640 spikes every step (v resets to 0, next step v' = 641 again).
    assertEquals(List.of(0L, 1L, 2L), spikes(t, "b", 0));
    // negative exponent: -5 >> 1 = -3 (arithmetic shift, floor); -3 * 1 / 4096 -> 0, so v stays -3.
    assertEquals(List.of(-3L, -3L, -3L), probe(t, 1));
  }

  @Test
  void denseDeliversOneStepLatePerLayer() {
    // du = dv = 4095: u' = a << 6 (old u * 0), v' = trunc(v / 4096) + u'. vth = 0: spike if v' > 0.
    // input spike at step 3, weight 255, delay 1 -> layer 1 sees it at step 4: u = 16320, v = 16320 > 0.
    // layer 2 (delay 1 on layer 1) sees layer 1's step-4 spike at step 5.
    HardwareConfig cfg = config("loihi2", 1,
        layer("l1", "input", 1, 1, 1, 255).setLoihi2(lif(4095, 4095, 0)),
        layer("l2", "l1", 1, 1, 1, 255).setLoihi2(lif(4095, 4095, 0)));
    Trace t = Emulator.run(cfg, input(new long[] {3}), 8, RecordSpec.of(p("l1", 0, "u")));
    assertEquals(List.of(4L), spikes(t, "l1", 0));
    assertEquals(List.of(5L), spikes(t, "l2", 0));
    assertEquals(List.of(0L, 0L, 0L, 0L, 16320L, 0L, 0L, 0L), probe(t, 0));
  }

  @Test
  void weightTruncationBySignModeAndWeightExp() {
    // du = 4095 -> u' = a << 6 at step 0 (delay 0, input at step 0); read a = u / 64.
    // MIXED (2), 8 bits: k = 8 - 8 + 1 = 1: 3 -> 2, -3 -> (-3 >> 1) << 1 = -4, 255 -> 254, -256 -> -256.
    HardwareConfig mixed8 = config("loihi2", 1,
        layer("l", "input", 4, 1, 0, 3, -3, 255, -256).setLoihi2(lif(4095, 4095, 131071).setSignMode(2)));
    assertEquals(List.of(2L, -4L, 254L, -256L), currents(mixed8, 4));
    // MIXED, 6 bits: k = 3: 13 -> 8, -13 -> (-13 >> 3) << 3 = -2 * 8 = -16, 7 -> 0, -1 -> -8.
    HardwareConfig mixed6 = config("loihi2", 1, layer("l", "input", 4, 1, 0, 13, -13, 7, -1)
        .setLoihi2(lif(4095, 4095, 131071).setSignMode(2).setNumWeightBits(6)));
    assertEquals(List.of(8L, -16L, 0L, -8L), currents(mixed6, 4));
    // INHIBITORY (4), 6 bits: k = 2 on the magnitude: -7 -> -4, -255 -> -252, 0 -> 0.
    HardwareConfig inh6 = config("loihi2", 1, layer("l", "input", 3, 1, 0, -7, -255, 0)
        .setLoihi2(lif(4095, 4095, 131071).setSignMode(4).setNumWeightBits(6)));
    assertEquals(List.of(-4L, -252L, 0L), currents(inh6, 3));
    // EXCITATORY (3), 4 bits: k = 4: 255 -> 240, 15 -> 0, 16 -> 16.
    HardwareConfig exc4 = config("loihi2", 1, layer("l", "input", 3, 1, 0, 255, 15, 16)
        .setLoihi2(lif(4095, 4095, 131071).setSignMode(3).setNumWeightBits(4)));
    assertEquals(List.of(240L, 0L, 16L), currents(exc4, 3));
    // weight_exp: +2 -> 255 << 2 = 1020; -3 on MIXED -4 -> -4 >> 3 = -1 (floor); 0-weight auto mode.
    HardwareConfig exp = config("loihi2", 1,
        layer("a", "input", 1, 1, 0, 255).setLoihi2(lif(4095, 4095, 131071).setWeightExp(2)));
    assertEquals(List.of(1020L), currents(exp, 1));
    HardwareConfig expNeg = config("loihi2", 1, layer("a", "input", 2, 1, 0, -3, 100)
        .setLoihi2(lif(4095, 4095, 131071).setWeightExp(-3)));
    // auto sign mode: mixed signs -> MIXED, k = 1: -3 -> -4, 100 -> 100; >> 3: -4 -> -1, 100 -> 12.
    assertEquals(List.of(-1L, 12L), currents(expNeg, 2));
  }

  @Test
  void recurrentDenseIsShiftedOnItsOwnAndArrivesOneStepLate() {
    // du = dv = 4095, vth = 0, weight_exp = -1, feed-forward and recurrent weight 1 (auto mode: excitatory).
    // v_init = 8192: step 0 v' = trunc(8192 * 1 / 4096) = 2 > 0 -> spike at step 0, v = 0.
    // step 1: the input spike (delay 0) and the own step-0 spike arrive together.
    // Each Dense shifts on its own: (1 >> 1) + (1 >> 1) = 0 -> u = 0, v = 0 -> no spike.
    // (Shifting the sum would give (1 + 1) >> 1 = 1 -> u = 64 and a spike at step 1.)
    HardwareConfig cfg = config("loihi2", 1, layer("l", "input", 1, 1, 0, 1).addRecurrentWeights(1)
        .setLoihi2(lif(4095, 4095, 0).setWeightExp(-1).addVInit(8192)));
    Trace t = Emulator.run(cfg, input(new long[] {1}), 3, RecordSpec.of(p("l", 0, "u")));
    assertEquals(List.of(0L), spikes(t, "l", 0));
    assertEquals(List.of(0L, 0L, 0L), probe(t, 0));
    // With weight 2 the input alone gives 2 >> 1 = 1 -> u = 64 at step 1 and a spike at step 1; the
    // recurrent weight 2 then gives 1 -> u = 64 at step 2 and another spike.
    HardwareConfig cfg2 = config("loihi2", 1, layer("l", "input", 1, 1, 0, 2).addRecurrentWeights(2)
        .setLoihi2(lif(4095, 4095, 0).setWeightExp(-1)));
    Trace t2 = Emulator.run(cfg2, input(new long[] {1}), 4, RecordSpec.of(p("l", 0, "u")));
    assertEquals(List.of(0L, 64L, 64L, 64L), probe(t2, 0));
    assertEquals(List.of(1L, 2L, 3L), spikes(t2, "l", 0));
  }

  private static List<Long> currents(HardwareConfig cfg, int size) {
    RecordSpec.Probe[] probes = new RecordSpec.Probe[size];
    String name = cfg.getLayers(0).getName();
    for (int i = 0; i < size; i++) {
      probes[i] = p(name, i, "u");
    }
    Trace t = Emulator.run(cfg, input(new long[] {0}), 1, RecordSpec.of(probes));
    return t.getProbesList().stream().map(pr -> pr.getValues(0) / 64).toList();
  }
}
