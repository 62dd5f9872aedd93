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
 * Every stored weight of a source's column is touched by its spike (dense storage).
 */
public record ResourceEstimator(int weightBits, int stateBitsPerNeuron, CostModel costModel) {

    /** The report, with optional extra rows (e.g. shared tables) appended. */
    public ResourceReport estimate(HardwareConfig cfg, Activity activity, List<LayerResources> extraRows) {
        Map<String, Integer> cores = new HashMap<>();
        for (CoreAssignment c : cfg.getCoresList()) cores.merge(c.getLayer(), 1, Integer::sum);
        List<LayerResources> rows = new ArrayList<>();
        long n = cfg.getNumSteps();
        for (HwLayer l : cfg.getLayersList()) {
            long s = l.getSize();
            long f = l.getFanIn();
            boolean rec = l.getRecurrentWeightsCount() > 0;
            long synapses = s * f + (rec ? s * s : 0);
            long mem = synapses * weightBits + s * stateBitsPerNeuron;
            double own = activity.rateOf(l.getName());
            double synOps = f * activity.rateOf(l.getSource()) * s + (rec ? own * s * s : 0);
            double updates = (double) s * n;
            double spikes = own * s;
            int c = Math.max(1, cores.getOrDefault(l.getName(), 1));
            double energy = synOps * costModel.energyPerSynOp() + updates * costModel.energyPerNeuronUpdate() + spikes * costModel.energyPerSpike();
            double cycles = (synOps * costModel.cyclesPerSynOp() + updates * costModel.cyclesPerNeuronUpdate() + spikes * costModel.cyclesPerSpike()) / c;
            rows.add(new LayerResources(l.getName(), s, synapses, cores.getOrDefault(l.getName(), 0), mem, synOps, updates, spikes, cycles, energy));
        }
        rows.addAll(extraRows);
        return new ResourceReport(cfg.getTarget(), n, rows, costModel, activity);
    }
}
