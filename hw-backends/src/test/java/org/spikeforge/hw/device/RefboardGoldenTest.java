package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.hw.device.Configs.config;
import static org.spikeforge.hw.device.Configs.iaf;
import static org.spikeforge.hw.device.Configs.input;
import static org.spikeforge.hw.device.Configs.layer;
import static org.spikeforge.hw.device.Configs.lif;
import static org.spikeforge.hw.device.Configs.steps;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
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
                        .setLoihi2(lif(0, 2048, 100000).addUInit(-4097).addVInit(-1000).addBiasMant(3).setBiasExp(2)))
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
        // u' = 163200 << 6 = 10444800 > M = 8388608 -> u' - 2M = 10444800 - 16777216 = -6332416.
        // dv = 4095: v' = trunc0(v / 4096) + u'; from v = 0 that is -6332416.
        HardwareConfig wrap = config("loihi2", 5)
                .addLayers(layer("h", "input", 1, 5, 0, 255, 255, 255, 255, 255)
                        .setLoihi2(lif(4095, 4095, 1000).setSignMode(3).setWeightExp(7)))
                .build();
        Trace t = runProbed("refboard-loihi2", wrap, input(steps(0), steps(0), steps(0), steps(0), steps(0)), 1);
        assertArrayEquals(new long[] {-6332416}, Traces.probe(t, "h", 0, "u"));
        assertArrayEquals(new long[] {-6332416}, Traces.probe(t, "h", 0, "v"));

        // dv = 0 (no leak), bias 4095 << 7 = 524160 per step: v = 524160 (t + 1) up to t = 15
        // (8386560); t = 16 would be 8910720 -> saturates at M - 1 = 8388607 > vth << 6 = 8388544 -> spike.
        HardwareConfig up = config("loihi2", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 0)
                        .setLoihi2(lif(4095, 0, 131071).addBiasMant(4095).setBiasExp(7)))
                .build();
        Trace s = runProbed("refboard-loihi2", up, input(steps()), 17);
        long[] v = Traces.probe(s, "h", 0, "v");
        assertEquals(524160L, v[0]);
        assertEquals(8386560L, v[15]);
        assertEquals(0L, v[16]);
        assertEquals(List.of(16L), Traces.spikes(s, "h", 0));

        // bias -4096 << 7 = -524288: v = -524288 (t + 1), t = 15 gives -8388608 -> saturates at -M + 1.
        HardwareConfig down = config("loihi2", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 0)
                        .setLoihi2(lif(4095, 0, 100).addBiasMant(-4096).setBiasExp(7)))
                .build();
        long[] d = Traces.probe(runProbed("refboard-loihi2", down, input(steps()), 17), "h", 0, "v");
        assertEquals(-7864320L, d[14]);
        assertEquals(-8388607L, d[15]);
        assertEquals(-8388607L, d[16]);
    }

    @Test
    void loihi2WeightsAreTruncatedPerSignModeAndRangeChecked() {
        // MIXED, 6 bits: drop 8 - 6 + 1 = 3 low bits with an arithmetic shift (floor):
        // -37 -> (-37 >> 3) << 3 = -5 * 8 = -40; 255 -> 31 * 8 = 248; -256 stays; 7 -> 0.
        HardwareConfig cfg = config("loihi2", 4)
                .addLayers(layer("h", "input", 1, 4, 1, -37, 255, -256, 7)
                        .setLoihi2(lif(0, 0, 10).setNumWeightBits(6)))
                .build();
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-loihi2")) {
            device.load(cfg);
            assertArrayEquals(new int[] {-40, 248, -256, 0}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
            // INHIBITORY, 5 bits: k = 3 and the magnitude is truncated: -37 -> -(37 >> 3 << 3) = -32.
            HardwareConfig inhibitory = cfg.toBuilder().setLayers(0, layer("h", "input", 1, 4, 1, -37, -255, 0, -7)
                    .setLoihi2(lif(0, 0, 10).setSignMode(4).setNumWeightBits(5))).build();
            device.load(inhibitory);
            assertArrayEquals(new int[] {-32, -248, 0, 0}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
            // writes go through the same rule; a value outside [-255, 0] is refused
            device.writeWeights("h", WeightMatrix.FEEDFORWARD, 1, new int[] {-9, -16});
            assertArrayEquals(new int[] {-32, -8, -16, 0}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
            DeviceException e = assertThrows(DeviceException.class,
                    () -> device.writeWeights("h", WeightMatrix.FEEDFORWARD, 0, new int[] {3}));
            assertEquals(BoardError.INVALID_ARGUMENT, e.error());
            assertTrue(e.getMessage().contains("[-255, 0]"), e.getMessage());
            // sign_mode 0: mixed signs -> MIXED, 8 bits -> k = 1: -37 -> -38, 5 -> 4
            device.load(cfg.toBuilder().setLayers(0, layer("h", "input", 1, 4, 1, -37, 5, 0, 1)
                    .setLoihi2(lif(0, 0, 10).setSignMode(0))).build());
            assertArrayEquals(new int[] {-38, 4, 0, 0}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
            // a weight outside the sign mode's range is a config error, not a silent clip
            DeviceException bad = assertThrows(DeviceException.class,
                    () -> device.load(cfg.toBuilder().setLayers(0, layer("h", "input", 1, 4, 1, 300, 0, 0, 0)
                            .setLoihi2(lif(0, 0, 10))).build()));
            assertEquals(BoardError.INVALID_CONFIG, bad.error());
            assertTrue(bad.getMessage().contains("weights[0] = 300"), bad.getMessage());
        }
    }

    @Test
    void xyloMultiSpikeSubtractiveResetAndBitShiftDecay() {
        // h: threshold 10, dash_syn 1, dash_mem 2, input weight 20, two spikes on channel 0 at step 0.
        // o: reads h one step late (input_delay 1), dash_syn 4, dash_mem 0, threshold 3, one spike max.
        HardwareConfig cfg = config("xylo", 2)
                .addLayers(layer("h", "input", 1, 2, 0, 20, -50).setXylo(iaf(1, 2, 31, 10)))
                .addLayers(layer("o", "h", 1, 1, 1, 5).setOutput(true).setXylo(iaf(4, 0, 1, 3)))
                .build();
        Trace t = runProbed("refboard-xylo", cfg, input(steps(0, 0), steps()), 14);
        // deliver then decay: t0: isyn = 40 -> 40 - 20 = 20, vmem = 20 -> n = 2, vmem 0
        // t1: isyn 10 -> n = 1; t2: isyn 5, vmem 5; t3: isyn 5 - 2 = 3, vmem 5 - (5 >> 2) = 4, + 3 = 7
        // t4: isyn 2, vmem 7 - 1 + 2 = 8; t5: isyn 1, vmem 8 - 2 + 1 = 7; t6: 1 >> 1 = 0 so 1 -> 0, vmem 6
        // t7..t12: vmem 5, 4, 3, then 3 >> 2 = 0 -> 2, 1, 0
        assertArrayEquals(new long[] {20, 10, 5, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0}, Traces.probe(t, "h", 0, "isyn"));
        assertArrayEquals(new long[] {0, 0, 5, 7, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0}, Traces.probe(t, "h", 0, "vmem"));
        assertEquals(List.of(0L, 0L, 1L), Traces.spikes(t, "h", 0));
        // o: t0 nothing. t1: 2 * 5 = 10 -> 10 - (10 >> 4 = 0 -> 1) = 9, vmem 9 -> one spike (not 3), 6.
        // t2: 9 + 5 = 14 -> 13, vmem 0 + 13 -> spike, 10. t3: 12 -> spike, 9. Then isyn = 15 - t
        // spikes while >= 3, i.e. up to t12; t13: isyn 2, vmem 2.
        assertArrayEquals(new long[] {0, 9, 13, 12}, Arrays.copyOf(Traces.probe(t, "o", 0, "isyn"), 4));
        assertArrayEquals(new long[] {0, 6, 10, 9}, Arrays.copyOf(Traces.probe(t, "o", 0, "vmem"), 4));
        assertEquals(2L, Traces.probe(t, "o", 0, "vmem")[13]);
        assertEquals(LongStream.rangeClosed(1, 12).boxed().toList(), Traces.spikes(t, "o", 0));
    }

    @Test
    void xyloNegativeStatesDecayWithFloorShift() {
        HardwareConfig cfg = config("xylo", 2)
                .addLayers(layer("h", "input", 1, 2, 0, 20, -50).setXylo(iaf(1, 2, 31, 10)))
                .build();
        Trace t = runProbed("refboard-xylo", cfg, input(steps(), steps(0)), 3);
        // t0: isyn = -50 - (-50 >> 1) = -25, vmem = -25
        // t1: isyn = -25 - (-13) = -12; vmem = -25 - (-25 >> 2 = -7) = -18, - 12 = -30
        // t2: isyn = -12 - (-6) = -6; vmem = -30 - (-8) = -22, - 6 = -28
        assertArrayEquals(new long[] {-25, -12, -6}, Traces.probe(t, "h", 0, "isyn"));
        assertArrayEquals(new long[] {-25, -30, -28}, Traces.probe(t, "h", 0, "vmem"));
    }

    @Test
    void xyloSaturatesPerDeliveredSourceAndCapsInputCounts() {
        // weights 127 and -100 shifted by 8: 32512 and -25600. Channel 0 spikes twice, channel 1 once.
        // Per-source saturation: clamp16(2 * 32512) = 32767, then 32767 - 25600 = 7167 (one clamped
        // sum would give 32767). Decay with dash 15: 7167 >> 15 = 0 -> 7166. vmem = 7166.
        HardwareConfig cfg = config("xylo", 2)
                .addLayers(layer("h", "input", 1, 2, 0, 127, -100).setXylo(iaf(15, 15, 31, 32767).setWeightShift(8)))
                .build();
        Trace t = runProbed("refboard-xylo", cfg, input(steps(0, 0), steps(0)), 1);
        assertArrayEquals(new long[] {7166}, Traces.probe(t, "h", 0, "isyn"));
        assertArrayEquals(new long[] {7166}, Traces.probe(t, "h", 0, "vmem"));

        // isyn saturates at 32767 -> 32766 after decay; vmem = 32766 - 100 = 32666 (< threshold 32767).
        // t1: isyn 32765; vmem 32665 + 32765 - 100 -> clamp 32767 >= 32767 -> one spike, vmem 0.
        HardwareConfig sat = config("xylo", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 127)
                        .setXylo(iaf(15, 15, 31, 32767).setWeightShift(8).addBias(-100)))
                .build();
        Trace s = runProbed("refboard-xylo", sat, input(steps(0, 0)), 2);
        assertArrayEquals(new long[] {32766, 32765}, Traces.probe(s, "h", 0, "isyn"));
        assertArrayEquals(new long[] {32666, 0}, Traces.probe(s, "h", 0, "vmem"));
        assertEquals(List.of(1L), Traces.spikes(s, "h", 0));

        // 20 spikes in one step on one channel count as min(20, 15) = 15: isyn = 15 -> 14 after decay.
        HardwareConfig cap = config("xylo", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 1).setXylo(iaf(15, 15, 31, 1000)))
                .build();
        long[] twenty = new long[20];
        assertArrayEquals(new long[] {14}, Traces.probe(runProbed("refboard-xylo", cap, input(twenty), 1), "h", 0, "isyn"));
    }

    @Test
    void xyloRecurrentSeesPreviousStepAndDelayedLayerSeesOneStepLate() {
        // h: dash_syn 15, dash_mem 0, threshold 10, input weight 20, recurrent weight -10.
        // t0: isyn 20 -> 19, vmem 19 -> one spike, 9. t1: recurrent 1 * -10: 19 - 10 = 9 -> 8, vmem 0 + 8.
        // t2: 8 -> 7, vmem 7. h2 reads h with input_delay 1, weight 7: t1: 7 -> 6, t2: 6 -> 5.
        HardwareConfig cfg = config("xylo", 1)
                .addLayers(layer("h", "input", 1, 1, 0, 20).addRecurrentWeights(-10).setXylo(iaf(15, 0, 31, 10)))
                .addLayers(layer("h2", "h", 1, 1, 1, 7).setXylo(iaf(15, 0, 31, 100)))
                .build();
        Trace t = runProbed("refboard-xylo", cfg, input(steps(0)), 3);
        assertArrayEquals(new long[] {19, 8, 7}, Traces.probe(t, "h", 0, "isyn"));
        assertArrayEquals(new long[] {9, 8, 7}, Traces.probe(t, "h", 0, "vmem"));
        assertArrayEquals(new long[] {0, 6, 5}, Traces.probe(t, "h2", 0, "isyn"));
        assertEquals(List.of(0L), Traces.spikes(t, "h", 0));
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
