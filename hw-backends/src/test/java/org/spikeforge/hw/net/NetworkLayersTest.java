package org.spikeforge.hw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;

class NetworkLayersTest {

    private static final Network OK = NetBuilder.lif("ok", 1.0, 1.0).inputs(2)
            .layer("h", 2, "input", false, 1, 2, 3, 4).recurrent("h", 0, 1, 1, 0)
            .layer("o", 1, "h", true, 5, 6).build();

    @Test
    void readsLayersInOrder() {
        NetworkLayers n = NetworkLayers.of(OK);
        assertEquals(2, n.layers().size());
        LayerView h = n.layer("h");
        assertEquals("input", h.source());
        assertEquals(2, h.fanIn());
        assertEquals(4, h.maxAbsWeight(), 0);
        assertEquals(3 + 4 + 1, h.maxRowAbsSum(), 0); // row 1: |3| + |4| + recurrent |1|
        assertNull(n.layer("o").recurrent());
        assertEquals("o", n.consumersOf("h").get(0).name());
    }

    @Test
    void nanWeightIsNamedWithItsIndex() {
        Network bad = OK.toBuilder().setProjections(0, OK.getProjections(0).toBuilder().setWeights(2, Double.NaN)).build();
        NetworkFormatException e = assertThrows(NetworkFormatException.class, () -> Targets.byName("loihi2").check(bad, QuantSpec.defaults(0.1)));
        assertEquals("network 'ok': projections[0] (input->h).weights[2]: NaN (weights must be finite)", e.getMessage());
    }

    @Test
    void wrongShapesAreRefused() {
        Network rows = OK.toBuilder().setProjections(2, OK.getProjections(2).toBuilder().setRows(2)).build();
        assertEquals("network 'ok': projections[2] (h->o).rows: 2 != target size 1",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(rows)).getMessage());
        Network count = OK.toBuilder().setProjections(0, OK.getProjections(0).toBuilder().addWeights(1)).build();
        assertEquals("network 'ok': projections[0] (input->h).weights: 5 entries, expected rows*cols = 4",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(count)).getMessage());
        Network unknown = OK.toBuilder().setProjections(2, OK.getProjections(2).toBuilder().setSource("x")).build();
        assertEquals("network 'ok': projections[2] (x->o).source: unknown population 'x'",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(unknown)).getMessage());
        Network initV = OK.toBuilder().setPopulations(0, OK.getPopulations(0).toBuilder().addInitialV(0.1)).build();
        assertEquals("network 'ok': populations[0].initial_v: 1 entries, expected 0 or size 2",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(initV)).getMessage());
    }

    @Test
    void badParametersAndModelsAreRefused() {
        assertEquals("network 'ok': params.threshold: 0.0 must be finite and > 0 for LIF_EXP",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(OK.toBuilder()
                        .setParams(OK.getParams().toBuilder().setThreshold(0)).build())).getMessage());
        assertEquals("network 'ok': model: unspecified; expected one of QIF_EXP, THETA, LIF_EXP, LIF_DELTA",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(OK.toBuilder()
                        .setModel(NeuronModel.NEURON_MODEL_UNSPECIFIED).build())).getMessage());
        assertEquals("network 'ok': params.drive: 0.2 must be finite and > 1/4 for THETA",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(OK.toBuilder().setModel(NeuronModel.THETA)
                        .setParams(OK.getParams().toBuilder().setDrive(0.2)).build())).getMessage());
    }

    @Test
    void populationWithoutInputOrWithTwoSourcesIsRefused() {
        Network noInput = OK.toBuilder().removeProjections(2).build();
        assertEquals("network 'ok': projections: population 'o' has no feed-forward input projection",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(noInput)).getMessage());
        Network twice = OK.toBuilder().addProjections(OK.getProjections(2).toBuilder().setSource("input").setCols(2).clearWeights().addWeights(1).addWeights(1)).build();
        assertEquals("network 'ok': projections[3] (input->o): second feed-forward projection onto 'o' (hardware layers take one)",
                assertThrows(NetworkFormatException.class, () -> NetworkLayers.of(twice)).getMessage());
    }
}
