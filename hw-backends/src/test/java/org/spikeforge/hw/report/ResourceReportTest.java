package org.spikeforge.hw.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.targets.Target;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.HardwareConfig;

class ResourceReportTest {

    // 2 inputs -> 3 LIF neurons (recurrent) -> 1 output; dt = 0.5, T = 2 -> 5 steps
    private static final HardwareConfig CFG = Targets.byName("loihi2").lower(NetBuilder.lif("r", 1.0, 1.0).inputs(2).trialEnd(2.0)
            .layer("h", 3, "input", false, 0.5, 0.5, 0.5, -0.5, 0.25, 0.25)
            .recurrent("h", 0, 0.1, 0.1, 0.1, 0, 0.1, 0.1, 0.1, 0)
            .layer("o", 1, "h", true, 1, 1, 1).build(), QuantSpec.defaults(0.5), Calibration.none());

    @Test
    void loihi2NumbersComputedByHand() {
        ResourceReport r = Targets.byName("loihi2").report(CFG, new Activity(1, 2));
        assertEquals(5, r.numSteps());
        LayerResources h = r.layers().get(0);
        LayerResources o = r.layers().get(1);
        // h: synapses 3*2 + 3*3 = 15; memory 15*8 + 3*48 = 264; syn ops 2 inputs * 1 spike * 3 + 2 spikes * 3 * 3 = 24
        assertEquals(15, h.synapses());
        assertEquals(264, h.memoryBits());
        assertEquals(24, h.synOps(), 0);
        assertEquals(15, h.neuronUpdates(), 0);       // 3 neurons * 5 steps
        assertEquals(6, h.spikes(), 0);               // 3 neurons * 2 spikes
        assertEquals(1, h.cores());
        // energy 24 * 23.6 pJ + 15 * 52 pJ + 6 * 1.7 pJ = 566.4 + 780 + 10.2 = 1356.6 pJ
        assertEquals(1356.6e-12, h.energyJoules(), 1e-18);
        // cycles 24 * 3.5 + 15 * 5.3 + 6 * 2.1 = 84 + 79.5 + 12.6 = 176.1
        assertEquals(176.1, h.cycles(), 1e-9);
        // o: synapses 3, memory 3*8 + 48 = 72, syn ops 3 sources * 2 spikes * 1 = 6, updates 5, spikes 2
        assertEquals(3, o.synapses());
        assertEquals(72, o.memoryBits());
        assertEquals(6, o.synOps(), 0);
        assertEquals((6 * 23.6 + 5 * 52 + 2 * 1.7) * 1e-12, o.energyJoules(), 1e-18);
        assertEquals(336, r.totalMemoryBits());
        assertEquals(2, r.totalCores());
        double cyclesO = 6 * 3.5 + 5 * 5.3 + 2 * 2.1;
        assertEquals((176.1 + cyclesO) / 1e9, r.latencySeconds(), 1e-18);
    }

    @Test
    void tableIsAlignedAndJsonCarriesTheSameNumbers() throws Exception {
        Target t = Targets.byName("loihi2");
        ResourceReport r = t.report(CFG);
        String[] lines = r.toTable().split("\n");
        // header, rule, 2 layers, TOTAL share the same column ends
        List<String> body = Arrays.asList(lines).subList(1, 6);
        int width = body.get(0).length();
        for (String line : body) assertEquals(width, line.length(), line);
        assertTrue(lines[5].startsWith("TOTAL"), lines[5]);
        assertTrue(r.toTable().contains("Davies"), "cost model source must be printed");
        JsonNode j = new ObjectMapper().readTree(r.toJson());
        assertEquals("loihi2", j.get("target").asText());
        assertEquals(r.totalMemoryBits(), j.get("totals").get("memory_bits").asLong());
        assertEquals(r.totalEnergyJoules(), j.get("totals").get("energy_J").asDouble(), 0);
        assertEquals(15, j.get("layers").get(0).get("synapses").asLong());
        assertEquals(23.6e-12, j.get("cost_model").get("energyPerSynOp").asDouble(), 0);
    }

    @Test
    void thetaReportAddsTableMemory() {
        Target t = Targets.byName("theta");
        HardwareConfig cfg = t.lower(NetBuilder.theta("th", 6 / Math.PI, 1.25).inputs(2)
                .layer("o", 1, "input", true, 0.5, -0.5).build(), QuantSpec.defaults(0.01).withTheta(0, 4, 6, -1, Double.NaN), Calibration.none());
        ResourceReport r = t.report(cfg);
        LayerResources tables = r.layers().get(r.layers().size() - 1);
        assertEquals("theta_tables", tables.layer());
        var tt = cfg.getThetaTables();
        long vBits = 64 - Long.numberOfLeadingZeros(Math.max(Math.abs((long) tt.getVMin()), Math.abs((long) tt.getVMax()))) + 1;
        assertEquals(16 * vBits + (long) tt.getPhiCount() * tt.getPhaseBits(), tables.memoryBits());
        // o: 2 synapses * 8 bits + 1 neuron * phase_bits
        assertEquals(16 + tt.getPhaseBits(), r.layers().get(0).memoryBits());
    }

    @Test
    void measuredPerLayerActivityReplacesTheDefaultRate() {
        // h spikes 0.5 per neuron, o 3 per neuron, inputs 2 per channel
        ResourceReport r = Targets.byName("loihi2").report(CFG, new Activity(2, 1, java.util.Map.of("h", 0.5, "o", 3.0)));
        LayerResources h = r.layers().get(0);
        LayerResources o = r.layers().get(1);
        assertEquals(2 * 2 * 3 + 0.5 * 3 * 3, h.synOps(), 1e-12); // input spikes 2 per channel, recurrent 0.5
        assertEquals(1.5, h.spikes(), 1e-12);
        assertEquals(3 * 0.5 * 1, o.synOps(), 1e-12);            // 3 sources of h at 0.5 each
        assertEquals(3, o.spikes(), 1e-12);
    }
}
