package org.spikeforge.hw.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwSumPool2d;
import org.spikeforge.proto.XyloIaf;

/**
 * Every malformed conv2d / sum_pool2d field is refused by both the C board and the emulator with one line that
 * names the field (the sanitizer run of {@link ConfigLoaderFuzzTest} loads the same configs under ASan/UBSan).
 */
class ConvFieldValidationTest {
    @Test
    void theBaseConfigIsValidOnBoth() {
        HardwareConfig cfg = ConvMutations.base();
        Emulator.compile(cfg);
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-loihi2")) {
            device.load(cfg);
        }
    }

    @Test
    void bothSidesNameTheMalformedField() {
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-loihi2")) {
            for (ConvMutations.Mutation m : ConvMutations.all()) {
                ConfigException e = assertThrows(ConfigException.class, () -> Emulator.compile(m.config()), m.needle());
                assertTrue(e.getMessage().contains(m.needle()), "emulator: " + e.getMessage() + " lacks " + m.needle());
                DeviceException d = assertThrows(DeviceException.class, () -> device.load(m.config()), m.needle());
                assertEquals(BoardError.INVALID_CONFIG, d.error(), d.getMessage());
                assertTrue(d.getMessage().contains(m.needle()), "board: " + d.getMessage() + " lacks " + m.needle());
                assertTrue(!d.getMessage().contains("\n") && !e.getMessage().contains("\n"), "one line");
            }
        }
    }

    @Test
    void xyloRefusesKernelConnectivityOnBothSides() {
        HwLayer layer = HwLayer.newBuilder().setName("p").setSource("input").setSize(1).setFanIn(4).setOutput(true)
                .setSumPool2D(HwSumPool2d.newBuilder().setInShape(ConvMutations.shape(1, 2, 2))
                        .setOutShape(ConvMutations.shape(1, 1, 1)).setKernelH(2).setKernelW(2).setStrideH(2)
                        .setStrideW(2).setWeight(5))
                .setXylo(XyloIaf.newBuilder().addThreshold(10)).build();
        HardwareConfig cfg = HardwareConfig.newBuilder().setTarget("xylo").setNumInputs(4).addLayers(layer).build();
        String needle = "sum_pool2d is set, but xylo has dense synapses only";
        assertTrue(assertThrows(ConfigException.class, () -> Emulator.compile(cfg)).getMessage().contains(needle));
        try (JnaDevice device = JnaDevice.open(BoardLibrary.REFBOARD, "refboard-xylo")) {
            assertTrue(assertThrows(DeviceException.class, () -> device.load(cfg)).getMessage().contains(needle));
        }
    }
}
