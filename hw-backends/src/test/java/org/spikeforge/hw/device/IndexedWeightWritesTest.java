package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.hw.device.Configs.config;
import static org.spikeforge.hw.device.Configs.layer;
import static org.spikeforge.hw.device.Configs.lif;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Trace;

/**
 * {@code sf_write_weights_indexed} (scattered weights in one call) against three independent ways to reach the same
 * board: one {@code sf_write_weights} per weight, a fresh load of the config that holds the final weights (with the
 * same mismatch: a write must leave exactly the chip a load gives), and the Java emulator on that config. Also its
 * cost: a write must touch the written synapses only, not re-derive the mismatch of the whole layer.
 */
class IndexedWeightWritesTest {

    /** Scattered changes: each picked index gets the value of another entry of the same layer (so it is valid). */
    private record Changes(int[] indices, int[] values) {
    }

    /**
     * Changes that keep the layer's sign composition: a loihi2 layer without a sign mode gets Lava's choice from its
     * weights at load, which a later write does not revisit, so a fresh load is the same chip only then.
     */
    private static Changes changes(HwLayer layer, SplittableRandom random) {
        while (true) {
            Changes c = draw(layer, random);
            HwLayer.Builder changed = layer.toBuilder();
            for (int i = 0; i < c.indices().length; i++) {
                changed.setWeights(c.indices()[i], c.values()[i]);
            }
            if (signs(changed.getWeightsList()) == signs(layer.getWeightsList())) {
                return c;
            }
        }
    }

    private static int signs(List<Integer> weights) {
        boolean neg = weights.stream().anyMatch(w -> w < 0);
        boolean pos = weights.stream().anyMatch(w -> w > 0);
        return (neg ? 1 : 0) + (pos ? 2 : 0);
    }

    private static Changes draw(HwLayer layer, SplittableRandom random) {
        int n = layer.getWeightsCount();
        int count = Math.max(1, n / 3);
        java.util.TreeSet<Integer> picked = new java.util.TreeSet<>();
        while (picked.size() < Math.min(count, n)) {
            picked.add(random.nextInt(n));
        }
        int[] indices = picked.stream().mapToInt(Integer::intValue).toArray();
        int[] values = new int[indices.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = layer.getWeights(random.nextInt(n));
        }
        return new Changes(indices, values);
    }

    private static HardwareConfig withChanges(HardwareConfig cfg, Changes[] changes) {
        HardwareConfig.Builder b = cfg.toBuilder();
        for (int l = 0; l < changes.length; l++) {
            HwLayer.Builder hl = b.getLayersBuilder(l);
            for (int i = 0; i < changes[l].indices().length; i++) {
                hl.setWeights(changes[l].indices()[i], changes[l].values()[i]);
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}: {1} configs, seed {2}")
    @CsvSource({"loihi2, 60, 5", "xylo, 60, 6"})
    void bulkWritesEqualPerWeightWritesAndAFreshLoadUnderMismatch(String family, int configs, long seed) {
        RandomConfigs random = new RandomConfigs(seed);
        SplittableRandom pick = new SplittableRandom(seed);
        Mismatch mismatch = new Mismatch(seed, 0.1, 0.3, 0);
        try (JnaDevice bulk = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family);
             JnaDevice single = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family);
             JnaDevice fresh = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family)) {
            for (JnaDevice d : List.of(bulk, single, fresh)) {
                d.setProbing(true);
            }
            int differing = 0;
            for (int c = 0; c < configs; c++) {
                HardwareConfig cfg = random.config(family);
                int steps = random.steps();
                InputSpikes in = random.input(cfg.getNumInputs(), steps);
                Changes[] changes = new Changes[cfg.getLayersCount()];
                for (int l = 0; l < changes.length; l++) {
                    changes[l] = changes(cfg.getLayers(l), pick);
                }
                HardwareConfig changed = withChanges(cfg, changes);
                bulk.load(cfg);
                bulk.setMismatch(mismatch);
                single.load(cfg);
                single.setMismatch(mismatch);
                Trace before = bulk.trial(in, steps);
                for (int l = 0; l < changes.length; l++) {
                    String name = cfg.getLayers(l).getName();
                    bulk.writeWeightsAt(name, WeightMatrix.FEEDFORWARD, changes[l].indices(), changes[l].values());
                    for (int i = 0; i < changes[l].indices().length; i++) {
                        single.writeWeights(name, WeightMatrix.FEEDFORWARD, changes[l].indices()[i],
                                new int[] {changes[l].values()[i]});
                    }
                }
                fresh.load(changed);
                fresh.setMismatch(mismatch);
                String where = family + " config #" + c;
                for (int l = 0; l < changes.length; l++) {
                    String name = cfg.getLayers(l).getName();
                    int n = cfg.getLayers(l).getWeightsCount();
                    int[] expected = fresh.readWeights(name, WeightMatrix.FEEDFORWARD, 0, n);
                    assertArrayEquals(expected, bulk.readWeights(name, WeightMatrix.FEEDFORWARD, 0, n), where);
                    assertArrayEquals(expected, single.readWeights(name, WeightMatrix.FEEDFORWARD, 0, n), where);
                }
                Trace reference = fresh.trial(in, steps);
                assertEquals(reference, bulk.trial(in, steps), where + ": bulk against a fresh load");
                assertEquals(reference, single.trial(in, steps), where + ": per-weight against a fresh load");
                differing += reference.equals(before) ? 0 : 1;
            }
            // the changes must matter, or the agreement would be vacuous
            assertTrue(differing > configs / 4, family + ": only " + differing + " of " + configs + " traces changed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"loihi2, 40, 15", "xylo, 40, 16", "theta, 20, 17"})
    void boardAfterBulkWritesAgreesWithTheEmulatorOnEveryStep(String family, int configs, long seed) {
        RandomConfigs random = new RandomConfigs(seed);
        SplittableRandom pick = new SplittableRandom(seed);
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family)) {
            device.setProbing(true);
            for (int c = 0; c < configs; c++) {
                HardwareConfig cfg = random.config(family);
                int steps = random.steps();
                InputSpikes in = random.input(cfg.getNumInputs(), steps);
                Changes[] changes = new Changes[cfg.getLayersCount()];
                for (int l = 0; l < changes.length; l++) {
                    changes[l] = changes(cfg.getLayers(l), pick);
                }
                HardwareConfig changed = withChanges(cfg, changes);
                device.load(cfg);
                for (int l = 0; l < changes.length; l++) {
                    device.writeWeightsAt(cfg.getLayers(l).getName(), WeightMatrix.FEEDFORWARD, changes[l].indices(),
                            changes[l].values());
                }
                Trace board = device.trial(in, steps);
                Trace emulated = Emulator.run(changed, in, steps, BoardEmulatorDifferentialTest.probesOf(changed, family));
                BoardEmulatorDifferentialTest.compare(board, emulated, family + " config #" + c, changed);
            }
        }
    }

    @Test
    void badIndexOrValueIsNamedAndNothingIsWritten() {
        HardwareConfig cfg = config("loihi2", 2).addLayers(layer("h", "input", 2, 2, 0, 10, 20, 30, 40)
                .setLoihi2(lif(100, 100, 50)).setOutput(true)).build();
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-loihi2")) {
            device.load(cfg);
            DeviceException index = assertThrows(DeviceException.class,
                    () -> device.writeWeightsAt("h", WeightMatrix.FEEDFORWARD, new int[] {0, 4}, new int[] {1, 2}));
            assertTrue(index.getMessage().contains("weight index 4 (entry 1) outside [0, 4)"), index.getMessage());
            DeviceException value = assertThrows(DeviceException.class,
                    () -> device.writeWeightsAt("h", WeightMatrix.FEEDFORWARD, new int[] {0, 1}, new int[] {1, 999}));
            assertTrue(value.getMessage().contains("weight 999 at index 1 outside"), value.getMessage());
            assertArrayEquals(new int[] {10, 20, 30, 40}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
            assertThrows(DeviceException.class,
                    () -> device.writeWeightsAt("h", WeightMatrix.FEEDFORWARD, new int[] {0}, new int[] {1, 2}));
            device.writeWeightsAt("h", WeightMatrix.FEEDFORWARD, new int[] {3, 0, 3}, new int[] {-8, 6, 12});
            assertArrayEquals(new int[] {6, 20, 30, 12}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 4));
        }
    }

    @Test
    void aLibraryWithoutTheOptionalCallIsUsedThroughPerRunWrites() throws Exception {
        List<String> flags = List.of("-shared", "-fPIC", "-fvisibility=hidden", "-DSF_OMIT_INDEXED_WRITES");
        Path lib = NativeBuild.gcc(NativeBuild.OUT.resolve("libno_indexed_board.so"), flags, NativeBuild.boardSources());
        BoardLibrary without = BoardLibrary.load(lib.toString());
        assertFalse(without.exports("sf_write_weights_indexed"));
        assertTrue(BoardLibrary.load(BoardLibrary.REFBOARD).exports("sf_write_weights_indexed"));
        HardwareConfig cfg = config("loihi2", 3).addLayers(layer("h", "input", 2, 3, 0, 10, 20, 30, 40, 50, 60)
                .setLoihi2(lif(100, 100, 50)).setOutput(true)).build();
        try (JnaDevice device = without.open("refboard-loihi2")) {
            device.load(cfg);
            device.writeWeightsAt("h", WeightMatrix.FEEDFORWARD, new int[] {0, 1, 4, 5}, new int[] {-2, -4, -6, -8});
            assertArrayEquals(new int[] {-2, -4, 30, 40, -6, -8}, device.readWeights("h", WeightMatrix.FEEDFORWARD, 0, 6));
        }
    }

    /**
     * On a 1000 x 1024 layer under mismatch, 200 one-weight writes must cost less CPU time than one full re-derivation
     * of the layer's mismatch ({@code sf_set_mismatch}). Before the fix every write re-derived the whole layer (a
     * Box-Muller draw per synapse), so 200 writes cost 200 re-derivations: the 785-120-10 HIL run spent minutes in
     * {@code writeWeights}. A ratio of CPU times on one thread holds on a loaded machine.
     */
    @Test
    void aWriteCostsWhatItWritesNotTheWholeLayer() {
        int size = 1000;
        int fanIn = 1024;
        int[] w = new int[size * fanIn];
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < w.length; k++) {
            w[k] = 2 * r.nextInt(-60, 61);
        }
        HardwareConfig cfg = config("loihi2", fanIn).addLayers(layer("h", "input", size, fanIn, 0, w)
                .setLoihi2(lif(100, 100, 5000)).setOutput(true)).build();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-loihi2")) {
            device.load(cfg);
            Mismatch mismatch = new Mismatch(9, 0.02, 0.05, 0);
            device.setMismatch(mismatch); // warm-up
            long t0 = bean.getCurrentThreadCpuTime();
            device.setMismatch(mismatch);
            long full = bean.getCurrentThreadCpuTime() - t0;
            long t1 = bean.getCurrentThreadCpuTime();
            for (int k = 0; k < 100; k++) {
                device.writeWeightsAt("h", WeightMatrix.FEEDFORWARD, new int[] {k * 997}, new int[] {4});
                device.writeWeights("h", WeightMatrix.FEEDFORWARD, k * 991 + 1, new int[] {-4});
            }
            long writes = bean.getCurrentThreadCpuTime() - t1;
            assertTrue(writes < full, "200 one-weight writes took " + writes / 1000 + " us of CPU, one full mismatch"
                    + " re-derivation " + full / 1000 + " us");
            // a reset keeps the drawn chip (it restarts the jitter stream only): trials cost the run, not a re-draw
            InputSpikes in = InputSpikes.newBuilder().setChannels(fanIn).addAllTrains(java.util.stream.IntStream
                    .range(0, fanIn).mapToObj(c -> c % 16 == 0 ? org.spikeforge.proto.SpikeTrain.newBuilder().addSteps(c % 8).build()
                    : org.spikeforge.proto.SpikeTrain.getDefaultInstance())
                    .toList()).build();
            Trace first = device.trial(in, 8);
            long t2 = bean.getCurrentThreadCpuTime();
            for (int k = 0; k < 10; k++) {
                assertEquals(first, device.trial(in, 8));
            }
            long trials = bean.getCurrentThreadCpuTime() - t2;
            assertTrue(trials < full, "10 trials took " + trials / 1000 + " us of CPU, one full mismatch re-derivation "
                    + full / 1000 + " us");
        }
    }
}
