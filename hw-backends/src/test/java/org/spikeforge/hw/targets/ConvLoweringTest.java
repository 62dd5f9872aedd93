package org.spikeforge.hw.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.report.LayerResources;
import org.spikeforge.hw.testing.ConvNets;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/**
 * loihi2 and theta lower conv and pool layers as shared kernels; the emulator's expansion of the stored kernel must
 * run spike for spike like the lowering of the same net written dense (expanded independently in {@link ConvNets}).
 */
class ConvLoweringTest {
    @ParameterizedTest
    @ValueSource(strings = {"loihi2", "theta"})
    void sharedKernelsEmulateLikeTheDenseTwin(String target) {
        Network net = target.equals("loihi2") ? ConvNets.lif() : ConvNets.theta();
        Target t = Targets.byName(target);
        QuantSpec q = QuantSpec.defaults(0.01);
        assertEquals(java.util.List.of(), t.check(net, q));
        HardwareConfig conv = t.lower(net, q, Calibration.none());
        HardwareConfig dense = t.lower(ConvNets.denseTwin(net), q, Calibration.none());
        assertTrue(conv.getLayers(0).hasConv2D() && conv.getLayers(0).getWeightsCount() == 0);
        assertEquals(12, conv.getLayers(0).getConv2D().getKernelCount());
        assertTrue(conv.getLayers(1).hasSumPool2D());
        SplittableRandom r = new SplittableRandom(5);
        long spikes = 0;
        for (int s = 0; s < 20; s++) {
            InputSpikes.Builder in = InputSpikes.newBuilder().setChannels(20).setLabel(-1);
            for (int c = 0; c < 20; c++) {
                SpikeTrain.Builder tr = SpikeTrain.newBuilder();
                if (r.nextDouble() < 0.6) tr.addSteps(r.nextLong(conv.getNumSteps() / 2));
                in.addTrains(tr);
            }
            Trace a = Emulator.run(conv, in.build(), conv.getNumSteps(), RecordSpec.none());
            Trace b = Emulator.run(dense, in.build(), dense.getNumSteps(), RecordSpec.none());
            assertEquals(b.getPopulationsList(), a.getPopulationsList(), target + " sample " + s);
            spikes += a.getPopulationsList().stream().flatMap(p -> p.getSpikesList().stream()).mapToLong(x -> x.getStepsCount()).sum();
        }
        assertTrue(spikes > 20, "only " + spikes + " spikes");
        LayerResources c1 = t.report(conv).layers().get(0);
        assertEquals("conv2d", c1.connectivity());
        // taps inside the 5 x 4 map: rows (y = 0: rows 0..1, y = 1: 1..3, y = 2: 3..4) = 2 + 3 + 2 = 7, cols (x = 0..2: 2 each) = 6; x 2 out x 1 in
        assertEquals(7 * 6 * 2, c1.synapses());
        assertTrue(c1.memoryBits() < c1.expandedMemoryBits(), c1.toString());
    }
}
