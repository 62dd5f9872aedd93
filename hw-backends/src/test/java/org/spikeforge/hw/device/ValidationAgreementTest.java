package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;

/**
 * The board and the emulator must agree on which configs are valid: random valid configs get one
 * field pushed to, just past, or far past an end of its documented range, and either both accept
 * or both refuse. Board refusals for its own capacity limits (stricter than the document's) are
 * excluded, since a chip may be smaller than the format allows.
 */
class ValidationAgreementTest {

    private record Perturbation(String field, BiFunction<HwLayer.Builder, Integer, HwLayer.Builder> apply) {
    }

    private static List<Perturbation> perturbations(String family) {
        List<Perturbation> list = new ArrayList<>();
        switch (family) {
            case "loihi2" -> {
                list.add(new Perturbation("du", (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().setDu(v))));
                list.add(new Perturbation("dv", (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().setDv(v))));
                list.add(new Perturbation("vth", (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().setVth(v))));
                list.add(new Perturbation("bias_exp", (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().setBiasExp(v))));
                list.add(new Perturbation("weight_exp", (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().setWeightExp(v))));
                list.add(new Perturbation("num_weight_bits",
                        (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().setNumWeightBits(v))));
                list.add(new Perturbation("sign_mode", (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().setSignMode(v))));
                list.add(new Perturbation("bias_mant", (l, v) -> l.setLoihi2(l.getLoihi2().toBuilder().clearBiasMant()
                        .addAllBiasMant(java.util.Collections.nCopies(l.getSize(), v)))));
                list.add(new Perturbation("weights[0]", (l, v) -> l.setWeights(0, v)));
            }
            case "xylo" -> {
                list.add(new Perturbation("dash_syn", (l, v) -> l.setXylo(l.getXylo().toBuilder().setDashSyn(v))));
                list.add(new Perturbation("dash_mem", (l, v) -> l.setXylo(l.getXylo().toBuilder().setDashMem(v))));
                list.add(new Perturbation("weight_shift", (l, v) -> l.setXylo(l.getXylo().toBuilder().setWeightShift(v))));
                list.add(new Perturbation("max_spikes", (l, v) -> l.setXylo(l.getXylo().toBuilder().setMaxSpikes(v))));
                list.add(new Perturbation("threshold[0]", (l, v) -> l.setXylo(l.getXylo().toBuilder().setThreshold(0, v))));
                list.add(new Perturbation("weights[0]", (l, v) -> l.setWeights(0, v)));
            }
            default -> throw new IllegalArgumentException(family);
        }
        list.add(new Perturbation("input_delay", (l, v) -> l.setInputDelay(v)));
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"loihi2, 3", "xylo, 4"})
    void boardAndEmulatorAcceptTheSameConfigs(String family, long seed) {
        RandomConfigs configs = new RandomConfigs(seed);
        SplittableRandom random = new SplittableRandom(seed);
        int[] probes = {-300, -257, -256, -255, -129, -128, -9, -8, -7, -1, 0, 1, 4, 7, 8, 9, 15, 16, 31, 32, 64, 65,
            127, 128, 255, 256, 4095, 4096, 32767, 32768, 131071, 131072};
        List<String> disagreements = new ArrayList<>();
        int refusedByBoth = 0;
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-" + family)) {
            for (int i = 0; i < 400; i++) {
                HardwareConfig base = configs.config(family);
                int layerIndex = random.nextInt(base.getLayersCount());
                List<Perturbation> options = perturbations(family);
                Perturbation p = options.get(random.nextInt(options.size()));
                int value = probes[random.nextInt(probes.length)];
                HardwareConfig cfg = base.toBuilder()
                        .setLayers(layerIndex, p.apply().apply(base.getLayers(layerIndex).toBuilder(), value)).build();
                String emulatorVerdict = "ok";
                try {
                    Emulator.compile(cfg);
                } catch (ConfigException e) {
                    emulatorVerdict = e.getMessage();
                }
                String boardVerdict = "ok";
                try {
                    device.load(cfg);
                } catch (DeviceException e) {
                    if (e.error() == BoardError.CAPACITY) {
                        continue; // the reference chip is smaller than the format allows
                    }
                    boardVerdict = e.getMessage();
                }
                if (emulatorVerdict.equals("ok") != boardVerdict.equals("ok")) {
                    disagreements.add(p.field() + " = " + value + " in layer " + layerIndex + ": emulator "
                            + emulatorVerdict + " / board " + boardVerdict);
                } else if (!boardVerdict.equals("ok")) {
                    refusedByBoth++;
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(refusedByBoth > 50, "only " + refusedByBoth + " perturbations were invalid");
    }
}
