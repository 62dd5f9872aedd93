package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

/**
 * The C reference board (through JNA) against the independent Java emulator on seeded random valid
 * configs and inputs: every layer's spikes and every neuron's state must agree at every step.
 * The two were written separately from docs/TARGET-SEMANTICS.md, so agreement checks both.
 */
class BoardEmulatorDifferentialTest {

    @ParameterizedTest(name = "{0}: {1} configs, seed {2}")
    @CsvSource({"loihi2, 500, 11", "xylo, 500, 23", "theta, 200, 37"})
    void boardAndEmulatorAgreeOnEveryStep(String family, int configs, long seed) {
        RandomConfigs random = new RandomConfigs(seed);
        long spikesSeen = 0;
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family)) {
            device.setProbing(true);
            for (int i = 0; i < configs; i++) {
                HardwareConfig cfg = random.config(family);
                int steps = random.steps();
                InputSpikes in = random.input(cfg.getNumInputs(), steps);
                device.load(cfg);
                Trace board = device.trial(in, steps);
                Trace emulated = Emulator.run(cfg, in, steps, probesOf(cfg, family));
                String where = family + " config #" + i + " (seed " + seed + ")";
                compare(board, emulated, where, cfg);
                spikesSeen += board.getPopulationsList().stream().flatMap(p -> p.getSpikesList().stream())
                        .mapToLong(t -> t.getStepsCount()).sum();
            }
        }
        // the generator must exercise firing, or agreement would be vacuous
        assertTrue(spikesSeen > configs, family + ": only " + spikesSeen + " spikes over " + configs + " configs");
    }

    /**
     * Conv2d and sum_pool2d layers (shared kernels, one pool weight) on non-square maps with asymmetric kernels,
     * strides and padding, mixed with dense layers: the board and the emulator expand them independently, and
     * every spike and state must still agree.
     */
    @ParameterizedTest(name = "{0} conv/pool: {1} configs, seed {2}")
    @CsvSource({"loihi2, 700, 41", "theta, 400, 43"})
    void boardAndEmulatorAgreeOnConvAndPoolLayers(String family, int configs, long seed) {
        RandomConfigs random = new RandomConfigs(seed);
        long spikesSeen = 0;
        int conv = 0;
        int pool = 0;
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family)) {
            device.setProbing(true);
            for (int i = 0; i < configs; i++) {
                HardwareConfig cfg = random.convConfig(family);
                for (HwLayer l : cfg.getLayersList()) {
                    conv += l.hasConv2D() ? 1 : 0;
                    pool += l.hasSumPool2D() ? 1 : 0;
                }
                int steps = random.steps();
                InputSpikes in = random.input(cfg.getNumInputs(), steps);
                device.load(cfg);
                Trace board = device.trial(in, steps);
                Trace emulated = Emulator.run(cfg, in, steps, probesOf(cfg, family));
                compare(board, emulated, family + " conv config #" + i + " (seed " + seed + ")", cfg);
                spikesSeen += board.getPopulationsList().stream().flatMap(p -> p.getSpikesList().stream())
                        .mapToLong(t -> t.getStepsCount()).sum();
            }
        }
        assertTrue(spikesSeen > configs, family + ": only " + spikesSeen + " spikes over " + configs + " configs");
        assertTrue(conv > configs / 3 && pool > configs / 3, "conv layers " + conv + ", pool layers " + pool);
    }

    static RecordSpec probesOf(HardwareConfig cfg, String family) {
        List<String> variables = switch (family) {
            case "loihi2" -> List.of("u", "v");
            case "xylo" -> List.of("isyn", "vmem");
            default -> List.of("phase");
        };
        List<RecordSpec.Probe> probes = new ArrayList<>();
        for (HwLayer layer : cfg.getLayersList()) {
            for (String variable : variables) {
                for (int n = 0; n < layer.getSize(); n++) {
                    probes.add(new RecordSpec.Probe(layer.getName(), n, variable));
                }
            }
        }
        return new RecordSpec(probes);
    }

    static void compare(Trace board, Trace emulated, String where, HardwareConfig cfg) {
        assertEquals(emulated.getSteps(), board.getSteps(), where + ": steps");
        Map<String, PopulationTrace> emulatedByName = new HashMap<>();
        for (PopulationTrace p : emulated.getPopulationsList()) {
            emulatedByName.put(p.getName(), p);
        }
        assertEquals(emulatedByName.size(), board.getPopulationsCount(), where + ": populations");
        for (PopulationTrace b : board.getPopulationsList()) {
            PopulationTrace e = emulatedByName.get(b.getName());
            if (e == null) {
                fail(where + ": emulator has no population " + b.getName());
            }
            for (int n = 0; n < b.getSpikesCount(); n++) {
                assertEquals(e.getSpikes(n).getStepsList(), b.getSpikes(n).getStepsList(),
                        where + ": spikes of " + b.getName() + "[" + n + "]\n" + cfg);
            }
        }
        Map<String, StateProbe> emulatedProbes = new HashMap<>();
        for (StateProbe p : emulated.getProbesList()) {
            emulatedProbes.put(p.getPopulation() + "/" + p.getNeuron() + "/" + p.getVariable(), p);
        }
        assertEquals(emulatedProbes.size(), board.getProbesCount(), where + ": probe count");
        for (StateProbe b : board.getProbesList()) {
            String key = b.getPopulation() + "/" + b.getNeuron() + "/" + b.getVariable();
            StateProbe e = emulatedProbes.get(key);
            if (e == null) {
                fail(where + ": emulator has no probe " + key);
            }
            assertEquals(e.getValuesList(), b.getValuesList(), where + ": state " + key + "\n" + cfg);
        }
    }
}
