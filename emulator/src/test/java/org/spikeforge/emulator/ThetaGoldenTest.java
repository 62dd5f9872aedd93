package org.spikeforge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spikeforge.emulator.Configs.input;
import static org.spikeforge.emulator.Configs.layer;
import static org.spikeforge.emulator.Configs.p;
import static org.spikeforge.emulator.Configs.probe;
import static org.spikeforge.emulator.Configs.spikes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.ThetaTables;
import org.spikeforge.proto.Trace;

/** Bit-exact theta-core vectors on a tiny table set whose every lookup can be followed by hand. */
class ThetaGoldenTest {

  /** P = 16, step 1; inv_phi indexed by p >> 2; V in [-8, 8]; phi indexed by (V + 8) >> 2 (5 entries). */
  static ThetaTables tables() {
    return ThetaTables.newBuilder().setPhaseBits(4).setPhaseStep(1).setInvIndexBits(2)
        .addAllInvPhi(List.of(-8, -2, 2, 8)).setVFracBits(0).setVMin(-8).setVMax(8).setPhiShift(2)
        .addAllPhi(List.of(0, 4, 8, 12, 15)).build();
  }

  @Test
  void lookupsAtBothTableEdgesWrapAndClamp() {
    // One input channel with two spikes in step 0 (count 2, so x = 2 w), delay 0.
    // n0: p 0 -> inv_phi[0] = -8; x = -200 -> clamp to v_min -8 -> phi[0] = 0 -> + 1 = 1.
    // n1: p 15 -> inv_phi[15 >> 2 = 3] = 8; x = 2 -> 10 -> clamp v_max 8 -> phi[16 >> 2 = 4] = 15 -> + 1 = 16
    //     = P -> spike at step 0, p = 0.
    // n2: p 5 -> inv_phi[1] = -2; x = 6 -> 4 -> phi[12 >> 2 = 3] = 12 -> 13.
    // n3: p 14, weight 0 -> x = 0, no lookup (a lookup would give phi[4] = 15 and a spike) -> 15;
    //     step 1: 16 -> spike, p = 0.
    // n4: p 3 -> inv_phi[0] = -8; x = 6 -> -2 -> phi[6 >> 2 = 1] = 4 -> 5.
    // step 1 (no input): every counter + 1.
    HardwareConfig cfg = HardwareConfig.newBuilder().setTarget("theta").setNumInputs(1).setThetaTables(tables())
        .addLayers(layer("th", "input", 5, 1, 0, -100, 1, 3, 0, 3)
            .setTheta(ThetaPhase.newBuilder().addAllPhaseInit(List.of(0, 15, 5, 14, 3))))
        .build();
    RecordSpec.Probe[] probes = new RecordSpec.Probe[5];
    for (int i = 0; i < 5; i++) {
      probes[i] = p("th", i, "phase");
    }
    Trace t = Emulator.run(cfg, input(new long[] {0, 0}), 2, RecordSpec.of(probes));
    assertEquals(List.of(1L, 2L), probe(t, 0));
    assertEquals(List.of(0L, 1L), probe(t, 1));
    assertEquals(List.of(13L, 14L), probe(t, 2));
    assertEquals(List.of(15L, 0L), probe(t, 3));
    assertEquals(List.of(5L, 6L), probe(t, 4));
    assertEquals(List.of(0L), spikes(t, "th", 1));
    assertEquals(List.of(1L), spikes(t, "th", 3));
    assertEquals(List.of(), spikes(t, "th", 0));
    assertEquals("emulator:theta", t.getSource());
  }

  @Test
  void inputSumsBeyondTheIntRangeStayExact() {
    // Two channels with weight 2^31 - 1 spike in step 0: x = 2^32 - 2, which needs the 64-bit accumulator
    // (in 32 bits it would wrap to -2). p 0 -> inv_phi[0] = -8; -8 + x clamps to v_max 8 -> phi[4] = 15
    // -> + 1 = 16 = P -> spike at step 0 and p = 0; step 1 (no input): p = 1.
    int big = Integer.MAX_VALUE;
    HardwareConfig cfg = HardwareConfig.newBuilder().setTarget("theta").setNumInputs(2).setThetaTables(tables())
        .addLayers(layer("th", "input", 1, 2, 0, big, big).setTheta(ThetaPhase.getDefaultInstance())).build();
    Trace t = Emulator.run(cfg, input(new long[] {0}, new long[] {0}), 2, RecordSpec.of(p("th", 0, "phase")));
    assertEquals(List.of(0L), spikes(t, "th", 0));
    assertEquals(List.of(0L, 1L), probe(t, 0));
  }

  @Test
  void freeRunningCounterSpikesEveryPSteps() {
    // No input: p = t + 1 after step t; p reaches 16 = P at t = 15, 31 -> spikes there, then restarts at 0.
    HardwareConfig cfg = HardwareConfig.newBuilder().setTarget("theta").setNumInputs(0).setThetaTables(tables())
        .addLayers(layer("th", "input", 1, 0, 0).setTheta(ThetaPhase.getDefaultInstance())).build();
    Trace t = Emulator.run(cfg, input(), 40, RecordSpec.none());
    assertEquals(List.of(15L, 31L), spikes(t, "th", 0));
  }
}
