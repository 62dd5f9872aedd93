package org.spikeforge.hw.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.proto.CoreAssignment;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;

/**
 * Turns a config into a {@link ResourceReport}. Per layer L with S = size, F = fan_in, steps N,
 * activity r_src of the source (input channels or source layer) and r of the layer itself, X = F * r_src:
 * <pre>
 *   synapses = S F (+ S S if recurrent)            memory = synapses * weightBits + S * stateBits
 *   synOps   = X S (+ r S * S if recurrent)       updates = S N          spikes = r S
 *   energy   = synOps E_syn + updates E_neuron + spikes E_spike
 *   cycles   = (synOps C_syn + updates C_neuron + spikes C_spike) / cores(L)
 * </pre>
 * Every stored weight of a source's column is touched by its spike (dense storage). For conv2d and sum_pool2d
 * layers (shared kernels) F S above is replaced by the number of taps inside the source map (the real synapses,
 * which a source spike reaches), the stored weights by the kernel held on each of the layer's cores
 * ({@link SharedKernels}), and {@code expandedMemoryBits} says what a dense store of the same layer would take.
 */
public record ResourceEstimator(int weightBits, int stateBitsPerNeuron, CostModel costModel) {

    /**
     * Config metadata listing (comma-separated) the layers a target without shared weights expanded from conv or
     * pool to dense; {@code EXPANDED_KEY + "." + layer} names the original kind. The report marks those rows.
     */
    public static final String EXPANDED_KEY = "lowering.expanded_to_dense";

    /** The report, with optional extra rows (e.g. shared tables) appended. */
    public ResourceReport estimate(HardwareConfig cfg, Activity activity, List<LayerResources> extraRows) {
        Map<String, Integer> cores = new HashMap<>();
        for (CoreAssignment c : cfg.getCoresList()) cores.merge(c.getLayer(), 1, Integer::sum);
        List<LayerResources> rows = new ArrayList<>();
        long n = cfg.getNumSteps();
        List<String> expanded = List.of(cfg.getMetadataOrDefault(EXPANDED_KEY, "").split(","));
        for (HwLayer l : cfg.getLayersList()) {
            long s = l.getSize();
            long f = l.getFanIn();
            boolean rec = l.getRecurrentWeightsCount() > 0;
            long recSynapses = rec ? s * s : 0;
            long feedForward = l.getConnectivityCase() == HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET ? s * f
                    : SharedKernels.connections(l);
            long synapses = feedForward + recSynapses;
            long expandedMem = (s * f + recSynapses) * weightBits + s * stateBitsPerNeuron;
            long stored = l.getConnectivityCase() == HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET ? s * f
                    : SharedKernels.storedWeights(l, cfg.getCoresList());
            long mem = (stored + recSynapses) * weightBits + s * stateBitsPerNeuron;
            String connectivity = switch (l.getConnectivityCase()) {
                case CONV2D -> "conv2d";
                case SUM_POOL2D -> "sum_pool2d";
                default -> expanded.contains(l.getName()) ? cfg.getMetadataOrDefault(EXPANDED_KEY + "." + l.getName(), "kernel")
                        + "->dense" : "dense";
            };
            double own = activity.rateOf(l.getName());
            double synOps = feedForward * activity.rateOf(l.getSource()) + (rec ? own * s * s : 0);
            double updates = (double) s * n;
            double spikes = own * s;
            int c = Math.max(1, cores.getOrDefault(l.getName(), 1));
            double energy = synOps * costModel.energyPerSynOp() + updates * costModel.energyPerNeuronUpdate() + spikes * costModel.energyPerSpike();
            double cycles = (synOps * costModel.cyclesPerSynOp() + updates * costModel.cyclesPerNeuronUpdate() + spikes * costModel.cyclesPerSpike()) / c;
            rows.add(new LayerResources(l.getName(), s, synapses, cores.getOrDefault(l.getName(), 0), mem, synOps, updates, spikes,
                    cycles, energy, connectivity, expandedMem));
        }
        rows.addAll(extraRows);
        return new ResourceReport(cfg.getTarget(), n, rows, costModel, activity);
    }
}
