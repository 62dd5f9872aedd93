package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.hw.device.Configs.config;
import static org.spikeforge.hw.device.Configs.iaf;
import static org.spikeforge.hw.device.Configs.input;
import static org.spikeforge.hw.device.Configs.layer;
import static org.spikeforge.hw.device.Configs.steps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;

/** The JNA binding: loading, enumeration, error mapping, lifecycle, threads, faults and mismatch. */
class JnaDeviceTest {

    /** A busy two-layer xylo net: hidden fires several spikes per step, the readout one per step. */
    private static HardwareConfig busyXylo() {
        return config("xylo", 2)
                .addLayers(layer("h", "input", 3, 2, 0, 60, 10, -20, 90, 45, 45).setXylo(iaf(2, 3, 31, 25, 40, 30)))
                .addLayers(layer("o", "h", 2, 3, 1, 30, -10, 20, 5, 40, 10).setOutput(true)
                        .setXylo(iaf(3, 4, 1, 50, 35)))
                .build();
    }

    private static InputSpikes busyInput(int shift) {
        return input(steps(0, 1, 2, 3 + shift, 5, 8, 9, 9, 13), steps(shift, 4, 6, 7, 7, 7, 11, 12));
    }

    private static List<Long> allSpikes(Trace t) {
        List<Long> all = new ArrayList<>();
        for (PopulationTrace p : t.getPopulationsList()) {
            for (SpikeTrain s : p.getSpikesList()) {
                all.addAll(s.getStepsList());
                all.add(-1L); // neuron separator
            }
        }
        return all;
    }

    @Test
    void registryEnumeratesTheReferenceBoardsWithCapabilities() {
        DeviceRegistry.Listing listing = new DeviceRegistry(List.of("refboard", "/nonexistent/libnothing.so"))
                .enumerate();
        assertEquals(List.of("refboard-loihi2", "refboard-xylo", "refboard-theta"),
                listing.boards().stream().map(BoardInfo::boardId).toList());
        Capabilities xylo = listing.boards().get(1).capabilities();
        assertEquals(TargetFamily.XYLO, xylo.family());
        assertEquals(16, xylo.maxInputs());
        assertEquals(8, xylo.maxOutputs());
        assertEquals(1008, xylo.maxNeurons());
        assertEquals(31, xylo.maxSpikesPerStep());
        assertEquals("refboard:refboard-xylo", listing.boards().get(1).spec());
        assertEquals(1, listing.problems().size());
        assertTrue(listing.problems().get(0).contains("cannot load board library '/nonexistent/libnothing.so'"),
                listing.problems().get(0));
        try (Device d = new DeviceRegistry(List.of("refboard")).open("refboard-theta")) {
            assertEquals(TargetFamily.THETA, d.capabilities().family());
        }
        DeviceException unknown = assertThrows(DeviceException.class,
                () -> new DeviceRegistry(List.of("refboard")).open("refboard-tpu"));
        assertEquals(BoardError.NO_SUCH_BOARD, unknown.error());
        DeviceException noBoard = assertThrows(DeviceException.class, () -> JnaDevice.open("refboard", "nope"));
        assertTrue(noBoard.getMessage().contains("no board 'nope'"), noBoard.getMessage());
    }

    @Test
    void libraryMissingASymbolIsNamed() throws Exception {
        Path lib = NativeBuild.gcc(NativeBuild.OUT.resolve("libpartial_board.so"), List.of("-shared", "-fPIC"),
                List.of(Path.of("src/test/c/partial_board.c")));
        DeviceException e = assertThrows(DeviceException.class, () -> BoardLibrary.load(lib.toString()));
        assertEquals(BoardError.BINDING, e.error());
        assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not export sf_board_count"), e.getMessage());
    }

    @Test
    void libraryWithAnotherAbiVersionIsRefused() throws Exception {
        List<String> flags = List.of("-shared", "-fPIC", "-fvisibility=hidden", "-DSF_ABI_REPORTED=99");
        Path lib = NativeBuild.gcc(NativeBuild.OUT.resolve("libabi99_board.so"), flags, NativeBuild.boardSources());
        DeviceException e = assertThrows(DeviceException.class, () -> BoardLibrary.load(lib.toString()));
        assertTrue(e.getMessage().contains("speaks board ABI 99, this SpikeForge needs ABI 1"), e.getMessage());
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedDeviceSaysSo() {
        JnaDevice device = JnaDevice.open("refboard", "refboard-xylo");
        device.load(busyXylo());
        device.close();
        device.close();
        DeviceException e = assertThrows(DeviceException.class, () -> device.run(busyInput(0), 4));
        assertTrue(e.getMessage().contains("refboard-xylo: device is closed"), e.getMessage());
    }

    @Test
    void nativeErrorsCarryTheBoardsMessage() {
        try (JnaDevice device = JnaDevice.open("refboard", "refboard-xylo")) {
            DeviceException notLoaded = assertThrows(DeviceException.class, () -> device.run(busyInput(0), 3));
            assertEquals(BoardError.NOT_LOADED, notLoaded.error());
            DeviceException target = assertThrows(DeviceException.class,
                    () -> device.load(busyXylo().toBuilder().setTarget("loihi2").build()));
            assertEquals(BoardError.TARGET_MISMATCH, target.error());
            assertTrue(target.getMessage().contains("config target 'loihi2' does not match board family 'xylo'"));
            HardwareConfig short1 = busyXylo().toBuilder()
                    .setLayers(0, busyXylo().getLayers(0).toBuilder().clearWeights().addAllWeights(List.of(60, 10, -20, 90, 45)))
                    .build();
            DeviceException sizes = assertThrows(DeviceException.class, () -> device.load(short1));
            assertEquals(BoardError.INVALID_CONFIG, sizes.error());
            assertTrue(sizes.getMessage().contains("layer 'h': weights has 5 entries, expected size*fan_in = 6"),
                    sizes.getMessage());
            HardwareConfig wide = busyXylo().toBuilder().setNumInputs(17).build();
            DeviceException capacity = assertThrows(DeviceException.class, () -> device.load(wide));
            assertEquals(BoardError.CAPACITY, capacity.error());
            assertTrue(capacity.getMessage().contains("num_inputs = 17 exceeds the board limit 16"));
            // a failed load keeps the previous config
            device.load(busyXylo());
            assertThrows(DeviceException.class, () -> device.load(wide));
            assertEquals(2, device.layers().size());
            Trace t = device.run(busyInput(0), 5);
            assertEquals(5, t.getSteps());
            // input shape is checked before the call
            DeviceException channels = assertThrows(DeviceException.class,
                    () -> device.run(input(steps(1)), 3));
            assertTrue(channels.getMessage().contains("input has 1 spike trains (channels = 1), the loaded config has num_inputs = 2"),
                    channels.getMessage());
            DeviceException negative = assertThrows(DeviceException.class,
                    () -> device.run(input(steps(-1), steps()), 3));
            assertTrue(negative.getMessage().contains("negative step -1"), negative.getMessage());
            DeviceException range = assertThrows(DeviceException.class,
                    () -> device.readWeights("h", WeightMatrix.FEEDFORWARD, 4, 3));
            assertEquals(BoardError.INVALID_ARGUMENT, range.error());
            assertTrue(range.getMessage().contains("outside [0, 6) of layer 'h'"), range.getMessage());
            DeviceException noRecurrent = assertThrows(DeviceException.class,
                    () -> device.readWeights("h", WeightMatrix.RECURRENT, 0, 1));
            assertTrue(noRecurrent.getMessage().contains("layer 'h' has no recurrent weights"));
        }
    }

    @Test
    void threadsSharingADeviceAreSerialized() throws Exception {
        int trials = 12;
        List<Trace> sequential = new ArrayList<>();
        try (JnaDevice device = JnaDevice.open("refboard", "refboard-xylo")) {
            device.load(busyXylo());
            for (int k = 0; k < trials; k++) {
                sequential.add(device.trial(busyInput(k % 4), 4000));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Trace>> futures = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    for (int k = 0; k < trials; k++) {
                        int shift = k % 4;
                        futures.add(pool.submit(() -> device.trial(busyInput(shift), 4000)));
                    }
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertEquals(sequential.get(i % trials), futures.get(i).get(), "trial " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void injectedFaultFailsRunsWithoutChangingStateSoTheCallerCanResume() {
        HardwareConfig cfg = busyXylo();
        List<Trace> reference = new ArrayList<>();
        try (JnaDevice device = JnaDevice.open("refboard", "refboard-xylo")) {
            device.load(cfg);
            for (int k = 0; k < 3; k++) {
                reference.add(device.run(busyInput(k), 6));
            }
        }
        try (JnaDevice device = JnaDevice.open("refboard", "refboard-xylo")) {
            device.load(cfg);
            device.injectFault(2, 2);
            assertEquals(reference.get(0), device.run(busyInput(0), 6));
            assertEquals(reference.get(1), device.run(busyInput(1), 6));
            for (int attempt = 0; attempt < 2; attempt++) {
                DeviceException e = assertThrows(DeviceException.class, () -> device.run(busyInput(2), 6));
                assertEquals(BoardError.DEVICE, e.error());
                assertTrue(e.getMessage().contains("injected device fault"), e.getMessage());
            }
            assertEquals(reference.get(2), device.run(busyInput(2), 6));
        }
    }

    @Test
    void mismatchIsSeededAndJitterDelaysSpikesByOneStep() {
        HardwareConfig cfg = busyXylo();
        InputSpikes in = busyInput(1);
        try (JnaDevice device = JnaDevice.open("refboard", "refboard-xylo")) {
            device.load(cfg);
            Trace ideal = device.trial(in, 20);
            device.setMismatch(new Mismatch(7, 0, 0, 0));
            assertEquals(ideal, device.trial(in, 20));
            device.setMismatch(new Mismatch(7, 0.3, 0.3, 0));
            Trace seven = device.trial(in, 20);
            assertNotEquals(allSpikes(ideal), allSpikes(seven));
            // programmed weights are untouched; only the emulated chip's effective weights differ
            assertArrayEquals(new int[] {60, 10, -20, 90, 45, 45}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 6));
            device.setMismatch(new Mismatch(8, 0.3, 0.3, 0));
            assertNotEquals(allSpikes(seven), allSpikes(device.trial(in, 20)));
            device.setMismatch(new Mismatch(7, 0.3, 0.3, 0));
            assertEquals(seven, device.trial(in, 20));
        }
        // jitter with probability 1 on a single layer: every spike is reported one step later and the
        // neuron dynamics are unchanged; spikes of the last step move out of the window.
        HardwareConfig single = cfg.toBuilder().removeLayers(1).build();
        try (JnaDevice device = JnaDevice.open("refboard", "refboard-xylo")) {
            device.load(single);
            Trace ideal = device.trial(in, 20);
            device.setMismatch(new Mismatch(3, 0, 0, 1.0));
            Trace late = device.trial(in, 20);
            for (int n = 0; n < 3; n++) {
                List<Long> expected = Traces.spikes(ideal, "h", n).stream().map(s -> s + 1).filter(s -> s < 20).toList();
                assertEquals(expected, Traces.spikes(late, "h", n), "neuron " + n);
            }
        }
    }
}
