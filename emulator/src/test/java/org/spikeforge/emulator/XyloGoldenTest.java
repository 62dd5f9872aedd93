package org.spikeforge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spikeforge.emulator.Configs.config;
import static org.spikeforge.emulator.Configs.input;
import static org.spikeforge.emulator.Configs.layer;
import static org.spikeforge.emulator.Configs.p;
import static org.spikeforge.emulator.Configs.probe;
import static org.spikeforge.emulator.Configs.spikes;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Trace;
import org.spikeforge.proto.XyloIaf;

/** Bit-exact xylo vectors (XyloSim order: deliver, decay isyn, decay vmem + isyn + bias, fire). */
class XyloGoldenTest {

  private static XyloIaf.Builder iaf(int dashSyn, int dashMem, int... thresholds) {
    XyloIaf.Builder b = XyloIaf.newBuilder().setDashSyn(dashSyn).setDashMem(dashMem);
    for (int th : thresholds) {
      b.addThreshold(th);
    }
    return b;
  }

  @Test
  void thresholdIsInclusive() {
    // dash 15: x >> 15 = 0 for 0 < x < 32768, so every positive value loses exactly 1 per step.
    // step 0: isyn = 11 -> decay -> 10; vmem = 0 + 10 = 10.
    // layer eq (threshold 10): 10 >= 10 -> one spike, vmem = 0; step 1: isyn 9, vmem 0 + 9 = 9 < 10.
    // layer below (threshold 11): no spike; step 1: isyn = 9, vmem = (10 - 1) + 9 = 18 >= 11 -> spike, 7.
    HardwareConfig cfg = config("xylo", 1,
        layer("eq", "input", 1, 1, 0, 11).setXylo(iaf(15, 15, 10)),
        layer("below", "input", 1, 1, 0, 11).setXylo(iaf(15, 15, 11)));
    Trace t = Emulator.run(cfg, input(new long[] {0}), 2, RecordSpec.of(p("eq", 0, "vmem"), p("below", 0, "vmem")));
    assertEquals(List.of(0L), spikes(t, "eq", 0));
    assertEquals(List.of(0L, 9L), probe(t, 0));
    assertEquals(List.of(1L), spikes(t, "below", 0));
    assertEquals(List.of(10L, 7L), probe(t, 1));
  }

  @Test
  void multiSpikeSubtractiveResetCapsAt31HiddenAnd1Output() {
    // 20 input spikes in step 0 are capped at 15. weight 127 << 8 = 32512; 15 * 32512 saturates isyn at
    // 32767; decay (dash 15) -> 32766; vmem = 32766.
    // hidden, threshold 1000: 32766 / 1000 = 32 -> capped at 31 spikes, vmem = 32766 - 31000 = 1766.
    // output (max_spikes default 1): one spike, vmem = 32766 - 1000 = 31766.
    // cap layer: weight 1, shift 0, threshold 32767: isyn = 15 (not 20) -> decay -> 14.
    long[] twenty = new long[20];
    HardwareConfig cfg = config("xylo", 1,
        layer("h", "input", 1, 1, 0, 127).setXylo(iaf(15, 15, 1000).setWeightShift(8)),
        layer("o", "input", 1, 1, 0, 127).setOutput(true).setXylo(iaf(15, 15, 1000).setWeightShift(8)),
        layer("cap", "input", 1, 1, 0, 1).setXylo(iaf(15, 15, 32767)));
    Trace t = Emulator.run(cfg, input(twenty), 1,
        RecordSpec.of(p("h", 0, "vmem"), p("o", 0, "vmem"), p("cap", 0, "isyn"), p("h", 0, "isyn")));
    assertEquals(Collections.nCopies(31, 0L), spikes(t, "h", 0));
    assertEquals(List.of(1766L), probe(t, 0));
    assertEquals(List.of(0L), spikes(t, "o", 0));
    assertEquals(List.of(31766L), probe(t, 1));
    assertEquals(List.of(14L), probe(t, 2));
    assertEquals(List.of(32766L), probe(t, 3));
  }

  @Test
  void sessionCountsSpikeEventsOnceAndSpikesWithMultiplicity() {
    // The config above: h emits 31 spikes in step 0, o one, cap none; two (step, neuron) events.
    long[] twenty = new long[20];
    HardwareConfig cfg = config("xylo", 1,
        layer("h", "input", 1, 1, 0, 127).setXylo(iaf(15, 15, 1000).setWeightShift(8)),
        layer("o", "input", 1, 1, 0, 127).setOutput(true).setXylo(iaf(15, 15, 1000).setWeightShift(8)),
        layer("cap", "input", 1, 1, 0, 1).setXylo(iaf(15, 15, 32767)));
    EmulatorSession session = Emulator.compile(cfg).newSession();
    for (int run = 0; run < 2; run++) {
      assertEquals(2L, session.runSchedule(InputSchedule.of(input(twenty), 1, 1)));
      assertEquals(31L, session.spikeCount(0));
      assertEquals(1L, session.spikeCount(1));
      assertEquals(0L, session.spikeCount(2));
    }
  }

  @Test
  void decayHasMinimumStepOneAndZeroStaysZero() {
    // dash_syn 4: +5 -> 5 >> 4 = 0 -> minimum step -> 4, 3, 2, 1, then 1 >> 4 = 0 -> 0, and 0 stays 0.
    // -5 >> 4 = -1 (floor) -> -4, -3, -2, -1, then -1 >> 4 = -1 -> 0, and 0 stays 0.
    // vmem (dash 15, threshold far away): 4; 3 + 3 = 6; 5 + 2 = 7; 6 + 1 = 7; 6 + 0 = 6; 5 + 0 = 5.
    // negative twin: -4; -3 - 3 = -6; -5 - 2 = -7; -6 - 1 = -7; -6; -5.
    // dash_syn 1 on -5: -5 >> 1 = -3 -> -2; -2 >> 1 = -1 -> -1; -1 >> 1 = -1 -> 0.
    HardwareConfig cfg = config("xylo", 1,
        layer("d", "input", 2, 1, 0, 5, -5).setXylo(iaf(4, 15, 30000, 30000)),
        layer("n", "input", 1, 1, 0, -5).setXylo(iaf(1, 15, 30000)));
    Trace t = Emulator.run(cfg, input(new long[] {0}), 6, RecordSpec.of(p("d", 0, "isyn"), p("d", 1, "isyn"),
        p("d", 0, "vmem"), p("d", 1, "vmem"), p("n", 0, "isyn")));
    assertEquals(List.of(4L, 3L, 2L, 1L, 0L, 0L), probe(t, 0));
    assertEquals(List.of(-4L, -3L, -2L, -1L, 0L, 0L), probe(t, 1));
    assertEquals(List.of(4L, 6L, 7L, 7L, 6L, 5L), probe(t, 2));
    assertEquals(List.of(-4L, -6L, -7L, -7L, -6L, -5L), probe(t, 3));
    assertEquals(List.of(-2L, -1L, 0L, 0L, 0L, 0L), probe(t, 4));
  }

  @Test
  void stateSaturatesAt16BitsPerAddition() {
    // neuron 0, bias 20000: step 0 vmem = 20000; step 1 (20000 - 1) + 20000 = 39999 -> 32767 >= 32767
    // -> one spike, vmem 0 (without saturation it would be 39999 - 32767 = 7232).
    // neuron 1, bias -32768: -32768; then (-32768 - (-1)) - 32768 = -65535 -> -32768.
    HardwareConfig sat = config("xylo", 1,
        layer("s", "input", 2, 1, 0, 0, 0).setXylo(iaf(15, 15, 32767, 32767).addBias(20000).addBias(-32768)));
    Trace t = Emulator.run(sat, input(new long[0]), 2, RecordSpec.of(p("s", 0, "vmem"), p("s", 1, "vmem")));
    assertEquals(List.of(1L), spikes(t, "s", 0));
    assertEquals(List.of(20000L, 0L), probe(t, 0));
    assertEquals(List.of(-32768L, -32768L), probe(t, 1));
    // isyn saturates per delivered source, in channel order: channel 0 twice at 127 << 8 = 32512
    // -> min(65024, 32767) = 32767; channel 1 once at -100 << 8 = -25600 -> 7167; decay -> 7166.
    // (Summing first would give 65024 - 25600 = 39424 -> 32767 -> 32766.)
    HardwareConfig order = config("xylo", 2,
        layer("o", "input", 1, 2, 0, 127, -100).setXylo(iaf(15, 15, 32767).setWeightShift(8)));
    Trace t2 = Emulator.run(order, input(new long[] {0, 0}, new long[] {0}), 1, RecordSpec.of(p("o", 0, "isyn")));
    assertEquals(List.of(7166L), probe(t2, 0));
  }

  @Test
  void inputArrivesSameStepHiddenToOutputOneStepLate() {
    // dash 1: isyn 127 -> 127 - 63 = 64 at step 2; vmem 64 >= 50 -> spike, vmem 14.
    // step 3: isyn 64 - 32 = 32, vmem (14 - 7) + 32 = 39 < 50; later steps keep falling (36, 26, ...).
    // The output layer (delay 1) sees the hidden step-2 spike at step 3 and repeats the same numbers.
    HardwareConfig cfg = config("xylo", 1,
        layer("h", "input", 1, 1, 0, 127).setXylo(iaf(1, 1, 50)),
        layer("o", "h", 1, 1, 1, 127).setOutput(true).setXylo(iaf(1, 1, 50)));
    Trace t = Emulator.run(cfg, input(new long[] {2}), 8, RecordSpec.of(p("h", 0, "vmem")));
    assertEquals(List.of(2L), spikes(t, "h", 0));
    assertEquals(List.of(3L), spikes(t, "o", 0));
    assertEquals(List.of(0L, 0L, 14L, 39L, 36L, 26L), probe(t, 0).subList(0, 6));
  }
}
