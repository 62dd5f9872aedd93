package org.spikeforge.hw.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.CoreAssignment;

class CoreMapperTest {

    @Test
    void splitsByNeuronAndSynapseLimitsComputedByHand() {
        // neurons per core min(256, floor(65536 / 300) = 218) = 218 -> 1000 neurons need 5 cores: 4 x 218 + 128
        CoreMapper m = new CoreMapper(256, 65536);
        List<CoreAssignment> a = m.map(List.of(new LayerShape("h", 1000, 300), new LayerShape("o", 10, 1000)));
        assertEquals(6, a.size());
        assertEquals(List.of(218, 218, 218, 218, 128, 10), a.stream().map(CoreAssignment::getCount).toList());
        assertEquals(List.of(0, 218, 436, 654, 872, 0), a.stream().map(CoreAssignment::getFirstNeuron).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), a.stream().map(CoreAssignment::getCore).toList());
        assertEquals("o", a.get(5).getLayer());
        assertEquals(6, m.totalCores(List.of(new LayerShape("h", 1000, 300), new LayerShape("o", 10, 1000))));
    }

    @Test
    void everyAssignmentRespectsLimitsAndCoversEachNeuronOnce() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int perCore = 1 + rnd.nextInt(512);
            long syn = 1 + rnd.nextInt(100000);
            CoreMapper m = new CoreMapper(perCore, syn);
            int n = 1 + rnd.nextInt(3000);
            int fanIn = 1 + rnd.nextInt(2000);
            List<CoreAssignment> a = m.map(List.of(new LayerShape("L", n, fanIn)));
            int next = 0;
            for (CoreAssignment c : a) {
                assertEquals(next, c.getFirstNeuron());
                next += c.getCount();
                assertTrue(c.getCount() <= perCore);
                // a neuron whose fan-in alone exceeds the core memory still gets a core (the DRC reports it)
                assertTrue((long) c.getCount() * fanIn <= Math.max(syn, fanIn), () -> c + " fanIn " + fanIn + " syn " + syn);
            }
            assertEquals(n, next);
            assertEquals(a.size(), m.coresFor(new LayerShape("L", n, fanIn)));
        }
    }
}
