package org.spikeforge.hw.map;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.proto.CoreAssignment;

/**
 * Greedy layer-to-core partition. A core holds at most {@code neuronsPerCore} neurons and
 * {@code synapsesPerCore} synapses; a layer with fan-in F therefore puts
 * {@code min(neuronsPerCore, floor(synapsesPerCore / F))} neurons on each of its cores (at least one,
 * the DRC reports a fan-in above the core memory). Cores are numbered in layer order from 0.
 */
public record CoreMapper(int neuronsPerCore, long synapsesPerCore) {

    public CoreMapper {
        if (neuronsPerCore <= 0 || synapsesPerCore <= 0)
            throw new IllegalArgumentException("CoreMapper limits must be > 0, got neuronsPerCore=" + neuronsPerCore + " synapsesPerCore=" + synapsesPerCore);
    }

    /** Neurons of a layer with the given fan-in that one core can hold. */
    public int neuronsPerCoreFor(int fanInTotal) {
        long bySynapses = fanInTotal <= 0 ? Long.MAX_VALUE : synapsesPerCore / fanInTotal;
        return (int) Math.max(1, Math.min(neuronsPerCore, bySynapses));
    }

    /** Cores needed by one layer. */
    public int coresFor(LayerShape layer) {
        int per = neuronsPerCoreFor(layer.fanInTotal());
        return (layer.neurons() + per - 1) / per;
    }

    /** Core assignments for all layers, in order. */
    public List<CoreAssignment> map(List<LayerShape> layers) {
        List<CoreAssignment> out = new ArrayList<>();
        int core = 0;
        for (LayerShape l : layers) {
            int per = neuronsPerCoreFor(l.fanInTotal());
            for (int first = 0; first < l.neurons(); first += per) {
                out.add(CoreAssignment.newBuilder().setCore(core++).setLayer(l.name())
                        .setFirstNeuron(first).setCount(Math.min(per, l.neurons() - first)).build());
            }
        }
        return out;
    }

    /** Total cores the given layers need. */
    public int totalCores(List<LayerShape> layers) {
        int n = 0;
        for (LayerShape l : layers) n += coresFor(l);
        return n;
    }
}
