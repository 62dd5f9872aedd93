package org.spikeforge.hw.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Resources and cost estimates of a compiled config. Totals sum the rows; latency assumes the layers
 * of one step run one after the other (each layer's cores in parallel), so
 * {@code latency = sum(cycles) / clockHz}.
 */
public record ResourceReport(String target, long numSteps, List<LayerResources> layers, CostModel costModel, Activity activity) {

    public ResourceReport {
        layers = List.copyOf(layers);
    }

    public long totalNeurons() {
        return layers.stream().mapToLong(LayerResources::neurons).sum();
    }

    public long totalSynapses() {
        return layers.stream().mapToLong(LayerResources::synapses).sum();
    }

    public long totalCores() {
        return layers.stream().mapToLong(LayerResources::cores).sum();
    }

    public long totalMemoryBits() {
        return layers.stream().mapToLong(LayerResources::memoryBits).sum();
    }

    public double totalSynOps() {
        return layers.stream().mapToDouble(LayerResources::synOps).sum();
    }

    public double totalCycles() {
        return layers.stream().mapToDouble(LayerResources::cycles).sum();
    }

    public double totalEnergyJoules() {
        return layers.stream().mapToDouble(LayerResources::energyJoules).sum();
    }

    /** Seconds per trial: total cycles over the clock. */
    public double latencySeconds() {
        return totalCycles() / costModel.clockHz();
    }

    /** An aligned text table, one row per layer plus a total row and the cost-model source. */
    public String toTable() {
        String[] head = {"layer", "connectivity", "neurons", "synapses", "cores", "memory_bits", "expanded_bits", "syn_ops", "updates",
            "spikes", "cycles", "energy_J"};
        String[][] rows = new String[layers.size() + 1][];
        for (int i = 0; i < layers.size(); i++) {
            LayerResources l = layers.get(i);
            rows[i] = new String[] {l.layer(), l.connectivity(), Long.toString(l.neurons()), Long.toString(l.synapses()),
                Long.toString(l.cores()), Long.toString(l.memoryBits()), Long.toString(l.expandedMemoryBits()), num(l.synOps()),
                num(l.neuronUpdates()), num(l.spikes()), num(l.cycles()), sci(l.energyJoules())};
        }
        rows[layers.size()] = new String[] {"TOTAL", "", Long.toString(totalNeurons()), Long.toString(totalSynapses()),
            Long.toString(totalCores()), Long.toString(totalMemoryBits()),
            Long.toString(layers.stream().mapToLong(LayerResources::expandedMemoryBits).sum()), num(totalSynOps()), num(layers.stream().mapToDouble(LayerResources::neuronUpdates).sum()),
            num(layers.stream().mapToDouble(LayerResources::spikes).sum()), num(totalCycles()), sci(totalEnergyJoules())};
        int[] width = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            width[c] = head[c].length();
            for (String[] r : rows) width[c] = Math.max(width[c], r[c].length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("target ").append(target).append(", ").append(numSteps).append(" steps per trial\n");
        appendRow(sb, head, width);
        for (int c = 0; c < head.length; c++) sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        sb.append('\n');
        for (String[] r : rows) appendRow(sb, r, width);
        sb.append(String.format(Locale.ROOT, "latency %.6g s per trial at %.6g Hz; activity %.3g spikes/input, %.3g spikes/neuron%n",
                latencySeconds(), costModel.clockHz(), activity.spikesPerInputPerTrial(), activity.spikesPerNeuronPerTrial()));
        sb.append("cost model: ").append(costModel.source()).append('\n');
        return sb.toString();
    }

    /** The report as pretty-printed JSON (rows, totals, cost model, activity). */
    public String toJson() {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("target", target);
        root.put("num_steps", numSteps);
        ArrayNode arr = root.putArray("layers");
        for (LayerResources l : layers) arr.add(om.valueToTree(l));
        ObjectNode tot = root.putObject("totals");
        tot.put("neurons", totalNeurons());
        tot.put("synapses", totalSynapses());
        tot.put("cores", totalCores());
        tot.put("memory_bits", totalMemoryBits());
        tot.put("expanded_memory_bits", layers.stream().mapToLong(LayerResources::expandedMemoryBits).sum());
        tot.put("syn_ops", totalSynOps());
        tot.put("cycles", totalCycles());
        tot.put("latency_s", latencySeconds());
        tot.put("energy_J", totalEnergyJoules());
        root.set("cost_model", om.valueToTree(costModel));
        root.set("activity", om.valueToTree(activity));
        try {
            return om.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("resource report could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) sb.append("  ");
            String pad = " ".repeat(width[c] - cells[c].length());
            sb.append(c == 0 ? cells[c] + pad : pad + cells[c]);
        }
        sb.append('\n');
    }

    private static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%.4g", x);
    }

    private static String sci(double x) {
        return String.format(Locale.ROOT, "%.4e", x);
    }
}
