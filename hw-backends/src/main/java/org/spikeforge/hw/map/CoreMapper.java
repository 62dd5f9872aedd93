package org.spikeforge.hw.map;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.proto.CoreAssignment;

/**
 * Greedy layer-to-core partition. A core holds at most {@code neuronsPerCore} neurons and
 * {@code synapsesPerCore} synapses; a layer with fan-in F therefore puts
 * {@code min(neuronsPerCore, floor(synapsesPerCore / F))} neurons on each of its cores (at least one,
 * the DRC reports a fan-in above the core memory). A layer with shared kernels (conv2d, sum_pool2d) is placed by
 * whole output feature maps: a core holds as many maps as its neurons and its kernel memory allow (each map needs
 * its channel's kernel), and a map larger than a core is cut into tiles that each carry that kernel.
 * Cores are numbered in layer order from 0.
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
        if (layer.shared()) return ranges(layer).length / 2;
        int per = neuronsPerCoreFor(layer.fanInTotal());
        return (layer.neurons() + per - 1) / per;
    }

    /**
     * Whole feature maps of a shared-kernel layer that one core holds: limited by the neurons and by the kernel
     * memory (each map on a core needs its channel's kernel there); 0 when a single map does not fit.
     */
    public int mapsPerCore(LayerShape layer) {
        long byMemory = synapsesPerCore / Math.max(1, layer.kernelPerChannel());
        return (int) Math.min(neuronsPerCore / layer.mapSize(), byMemory);
    }

    /**
     * (first, count) pairs of a shared-kernel layer's cores: k whole maps per core when they fit, else each map cut
     * into tiles of {@code neuronsPerCore} neurons, every tile with its channel's kernel.
     */
    private int[] ranges(LayerShape l) {
        int maps = mapsPerCore(l);
        List<int[]> r = new ArrayList<>();
        if (maps >= 1) {
            int per = maps * l.mapSize();
            for (int first = 0; first < l.neurons(); first += per) r.add(new int[] {first, Math.min(per, l.neurons() - first)});
        } else {
            for (int map = 0; map * l.mapSize() < l.neurons(); map++)
                for (int off = 0; off < l.mapSize(); off += neuronsPerCore)
                    r.add(new int[] {map * l.mapSize() + off, Math.min(neuronsPerCore, l.mapSize() - off)});
        }
        int[] flat = new int[2 * r.size()];
        for (int i = 0; i < r.size(); i++) {
            flat[2 * i] = r.get(i)[0];
            flat[2 * i + 1] = r.get(i)[1];
        }
        return flat;
    }

    /** Core assignments for all layers, in order; shared-kernel layers are placed by feature maps. */
    public List<CoreAssignment> map(List<LayerShape> layers) {
        List<CoreAssignment> out = new ArrayList<>();
        int core = 0;
        for (LayerShape l : layers) {
            if (l.shared()) {
                int[] r = ranges(l);
                for (int i = 0; i < r.length; i += 2)
                    out.add(CoreAssignment.newBuilder().setCore(core++).setLayer(l.name()).setFirstNeuron(r[i]).setCount(r[i + 1]).build());
                continue;
            }
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
