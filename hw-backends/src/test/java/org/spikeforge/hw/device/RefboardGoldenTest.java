package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spikeforge.hw.device.Configs.config;
import static org.spikeforge.hw.device.Configs.iaf;
import static org.spikeforge.hw.device.Configs.input;
import static org.spikeforge.hw.device.Configs.layer;
import static org.spikeforge.hw.device.Configs.lif;
import static org.spikeforge.hw.device.Configs.steps;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.ThetaTables;
import org.spikeforge.proto.Trace;

/**
 * Bit-exact golden vectors for the reference board through JNA. Every expected value is worked out
 * by hand from docs/TARGET-SEMANTICS.md in the comments next to it.
 */
class RefboardGoldenTest {

    private static Trace runProbed(String board, HardwareConfig config, org.spikeforge.proto.InputSpikes in, long steps) {
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, board)) {
            device.load(config);
            device.setProbing(true);
            return device.run(in, steps);
        }
    }

    @Test
    void loihi2StrictThresholdAndOneStepDenseDelay() {
        // du = 4095: u keeps no memory, u' = a << 6. dv = 0: v' = v + u'. vth = 200: spike if v > 12800.
        HardwareConfig cfg = config("loihi2", 1)
                .addLayers(layer("out", "input", 1, 1, 1, 100).setOutput(true)
                        .setLoihi2(lif(4095, 0, 200).setSignMode(3)))
                .build();
        Trace t = runProbed("refboard-loihi2", cfg, input(steps(0, 1, 2)), 6);
        // the spike of step s arrives at s + 1: a = 100, u = 6400.
        // t=1: v = 6400; t=2: v = 12800 (not > 12800); t=3: v = 19200 > 12800 -> spike, v = 0; t=4: u = 0.
        assertArrayEquals(new long[] {0, 6400, 6400, 6400, 0, 0}, Traces.probe(t, "out", 0, "u"));
        assertArrayEquals(new long[] {0, 6400, 12800, 0, 0, 0}, Traces.probe(t, "out", 0, "v"));
        assertEquals(List.of(3L), Traces.spikes(t, "out", 0));
    }

    @Test
    void loihi2DecaysTruncateTowardZeroAndBiasIsShifted() {
        // du = 0: u' = trunc0(u * 4095 / 4096); dv = 2048: v' = trunc0(v * 2048 / 4096) + u' + (3 << 2).
        HardwareConfig cfg = config("loihi2", 1)
                .addLayers(layer("h", "input", 1, 1, 1, 0)
                        .setLoihi2(lif(0, 2048, 1000000).addUInit(-4097).addVInit(-1000).addBiasMant(3).setBiasExp(2)))
                .build();
        Trace t = runProbed("refboard-loihi2", cfg, input(steps()), 2);
        // t=0: u = -(4097*4095 >> 12) = -(16777215 >> 12) = -4095 (floor would give -4096)
        //      v = -(1000*2048 >> 12) + u + 12 = -500 - 4095 + 12 = -4583
        // t=1: u = -(4095*4095 >> 12) = -(16769025 >> 12) = -4094
        //      v = -(4583*2048 >> 12) - 4094 + 12 = -2291 - 4094 + 12 = -6373
        assertArrayEquals(new long[] {-4095, -4094}, Traces.probe(t, "h", 0, "u"));
        assertArrayEquals(new long[] {-4583, -6373}, Traces.probe(t, "h", 0, "v"));
    }

    @Test
    void loihi2CurrentWrapsAndVoltageSaturates() {
        // Five inputs of weight 255 (EXCITATORY, 8 bits), weight_exp 7: a = 1275 << 7 = 163200,
        // u' = 163200 << 6 = 10444800 > MAX = 8388607 -> u' - 2 MAX = 10444800 - 16777214 = -6332414.
        // dv = 4095: v' = trunc0(v / 4096) + u'; from v = 0 that is -6332414.
        HardwareConfig wrap = config("loihi2", 5)
                .addLayers(layer("h", "input", 1, 5, 0, 255, 255, 255, 255, 255)
                        .setLoihi2(lif(4095, 4095, 1000).setSignMode(3).setWeightExp(7)))
                .build();
        Trace t = runProbed("refboard-loihi2", wrap, input(steps(0), steps(0), steps(0), steps(0), steps(0)), 1);
        assertArrayEquals(new long[] {-6332414}, Traces.probe(t, "h", 0, "u"));
        assertArrayEquals(new long[] {-6332414}, Traces.probe(t, "h", 0, "v"));

        // bias 2000000 << 3 = 16000000 saturates v at MAX = 8388607. vth = 131072 -> threshold
        // 8388608 > MAX: never spikes. Next step: trunc0(8388607 * 1 / 4096) = 2047, + bias -> MAX again.
        HardwareConfig saturate = config("loihi2", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 0)
                        .setLoihi2(lif(4095, 4095, 131072).addBiasMant(2000000).setBiasExp(3)))
                .build();
        Trace s = runProbed("refboard-loihi2", saturate, input(steps()), 2);
        assertArrayEquals(new long[] {8388607, 8388607}, Traces.probe(s, "h", 0, "v"));
        assertEquals(List.of(), Traces.spikes(s, "h", 0));

        // vth = 131071 -> threshold 8388544 < MAX: the saturated v spikes every step.
        HardwareConfig fires = saturate.toBuilder()
                .setLayers(0, saturate.getLayers(0).toBuilder().setLoihi2(lif(4095, 4095, 131071)
                        .addBiasMant(2000000).setBiasExp(3)))
                .build();
        assertEquals(List.of(0L, 1L), Traces.spikes(runProbed("refboard-loihi2", fires, input(steps()), 2), "h", 0));
    }

    @Test
    void loihi2WeightsAreClippedAndTruncatedAtLoad() {
        // MIXED, 6 bits: clip to [-256, 255], then drop 8 - 6 + 1 = 3 low bits (arithmetic shift):
        // -37 -> (-37 >> 3) << 3 = -5 * 8 = -40; 300 -> 255 -> 31 * 8 = 248; -300 -> -256; 7 -> 0.
        HardwareConfig cfg = config("loihi2", 4)
                .addLayers(layer("h", "input", 1, 4, 1, -37, 300, -300, 7)
                        .setLoihi2(lif(0, 0, 10).setNumWeightBits(6)))
                .build();
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-loihi2")) {
            device.load(cfg);
            assertArrayEquals(new int[] {-40, 248, -256, 0}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
            // INHIBITORY, 8 bits: clip to [-255, 0], no truncation.
            device.load(cfg.toBuilder().setLayers(0, cfg.getLayers(0).toBuilder()
                    .setLoihi2(lif(0, 0, 10).setSignMode(4))).build());
            assertArrayEquals(new int[] {-37, 0, -255, 0}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
            // writes go through the same rule
            device.writeWeights("h", WeightMatrix.FEEDFORWARD, 1, new int[] {-7, 9});
            assertArrayEquals(new int[] {-37, -7, 0, 0}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
        }
    }

    @Test
    void xyloMultiSpikeSubtractiveResetAndBitShiftDecay() {
        // threshold 10, dash_syn 1, dash_mem 2, input weight 20, two spikes on channel 0 at step 0.
        HardwareConfig cfg = config("xylo", 2)
                .addLayers(layer("h", "input", 1, 2, 0, 20, -50).setXylo(iaf(1, 2, 31, 10)))
                .addLayers(layer("o", "h", 1, 1, 0, 5).setOutput(true).setXylo(iaf(0, 0, 1, 3)))
                .build();
        Trace t = runProbed("refboard-xylo", cfg, input(steps(0, 0), steps()), 14);
        // t0: isyn = 40, vmem = 40 -> n = min(31, 40/10) = 4, vmem 0
        // t1: isyn = 40 - (40>>1) = 20 -> n = 2; t2: isyn 10 -> n = 1; t3: isyn 5, vmem 5
        // t4: isyn 5-2 = 3, vmem 5-(5>>2)=4, +3 = 7; t5: isyn 3-1 = 2, vmem 7-1 = 6, +2 = 8
        // t6: isyn 1, vmem 8-2 = 6, +1 = 7; t7: isyn: 1>>1 = 0 so one unit toward 0 -> 0, vmem 7-1 = 6
        // t8..t13: vmem 5, 4, 3, then 3>>2 = 0 -> 2, 1, 0
        assertArrayEquals(new long[] {40, 20, 10, 5, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0}, Traces.probe(t, "h", 0, "isyn"));
        assertArrayEquals(new long[] {0, 0, 0, 5, 7, 8, 7, 6, 5, 4, 3, 2, 1, 0}, Traces.probe(t, "h", 0, "vmem"));
        assertEquals(List.of(0L, 0L, 0L, 0L, 1L, 1L, 2L), Traces.spikes(t, "h", 0));
        // output (delay 0, dash 0 = no memory, max 1 spike): isyn = 5 * count: 20, 10, 5, 0
        // t0: vmem 20 -> 1 spike (not 6), vmem 17; t1: vmem 0 + 10 -> spike, 7; t2: 5 -> spike, 2; t3: 0
        assertArrayEquals(new long[] {17, 7, 2, 0}, java.util.Arrays.copyOf(Traces.probe(t, "o", 0, "vmem"), 4));
        assertEquals(List.of(0L, 1L, 2L), Traces.spikes(t, "o", 0));
    }

    @Test
    void xyloNegativeStatesDecayWithFloorShiftAndStateSaturates() {
        HardwareConfig cfg = config("xylo", 2)
                .addLayers(layer("h", "input", 1, 2, 0, 20, -50).setXylo(iaf(1, 2, 31, 10)))
                .build();
        Trace t = runProbed("refboard-xylo", cfg, input(steps(), steps(0)), 3);
        // t0: isyn = -50, vmem = -50
        // t1: isyn = -50 - (-50 >> 1) = -50 + 25 = -25; vmem = -50 - (-50 >> 2) = -50 + 13 = -37, -25 -> -62
        // t2: isyn = -25 - (-13) = -12; vmem = -62 - (-16) = -46, -12 -> -58
        assertArrayEquals(new long[] {-50, -25, -12}, Traces.probe(t, "h", 0, "isyn"));
        assertArrayEquals(new long[] {-50, -62, -58}, Traces.probe(t, "h", 0, "vmem"));

        // weight 127 << 8 = 32512 per spike, two spikes = 65024 -> clamp16 = 32767; threshold 40000
        // never reached. t1: isyn = 32767 - (32767 >> 15 = 0 -> one unit) = 32766,
        // vmem = 32766 + 32766 + 100 -> 32767.
        HardwareConfig sat = config("xylo", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 127)
                        .setXylo(iaf(15, 15, 31, 40000).setWeightShift(8).addBias(100)))
                .build();
        Trace s = runProbed("refboard-xylo", sat, input(steps(0, 0)), 2);
        assertArrayEquals(new long[] {32767, 32766}, Traces.probe(s, "h", 0, "isyn"));
        assertArrayEquals(new long[] {32767, 32767}, Traces.probe(s, "h", 0, "vmem"));
    }

    @Test
    void xyloRecurrentSeesPreviousStepAndDelayedLayerSeesOneStepLate() {
        // h: dash 0 (no memory), threshold 10, recurrent weight -10. t0: 20 -> 2 spikes, vmem 0.
        // t1: recurrent count 2 * -10 = -20 -> isyn -20, vmem -20. t2: back to 0.
        // h2 reads h with input_delay 1: its isyn at t1 is 2 * 7 = 14, at t0 and t2 zero.
        HardwareConfig cfg = config("xylo", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 20).addRecurrentWeights(-10).setXylo(iaf(0, 0, 31, 10)))
                .addLayers(layer("h2", "h", 1, 1, 1, 7).setXylo(iaf(0, 0, 31, 100)))
                .build();
        Trace t = runProbed("refboard-xylo", cfg, input(steps(0)), 3);
        assertArrayEquals(new long[] {20, -20, 0}, Traces.probe(t, "h", 0, "isyn"));
        assertArrayEquals(new long[] {0, -20, 0}, Traces.probe(t, "h", 0, "vmem"));
        assertArrayEquals(new long[] {0, 14, 0}, Traces.probe(t, "h2", 0, "isyn"));
        assertEquals(List.of(0L, 0L), Traces.spikes(t, "h", 0));
    }

    @Test
    void thetaPhaseCounterJumpsThroughTables() {
        // P = 16, phase_step 3. inv_phi indexed by p >> 2; phi indexed by (V + 8) >> 2.
        ThetaTables tables = ThetaTables.newBuilder().setPhaseBits(4).setPhaseStep(3).setInvIndexBits(2)
                .addAllInvPhi(List.of(-8, -2, 2, 8)).setVMin(-8).setVMax(8).setPhiShift(2)
                .addAllPhi(List.of(0, 3, 8, 12, 15)).build();
        HardwareConfig cfg = config("theta", 1).setThetaTables(tables)
                .addLayers(layer("t", "input", 1, 1, 0, 10).setTheta(ThetaPhase.newBuilder().addPhaseInit(0)))
                .build();
        Trace t = runProbed("refboard-theta", cfg, input(steps(1)), 6);
        // t0: p = 3. t1: x = 10: V = inv_phi[3 >> 2 = 0] = -8, V2 = 2, p = phi[10 >> 2 = 2] = 8, + 3 = 11.
        // t2: 14; t3: 17 >= 16 -> spike, p = 0; t4: 3; t5: 6.
        assertArrayEquals(new long[] {3, 11, 14, 0, 3, 6}, Traces.probe(t, "t", 0, "phase"));
        assertEquals(List.of(3L), Traces.spikes(t, "t", 0));
    }
}
