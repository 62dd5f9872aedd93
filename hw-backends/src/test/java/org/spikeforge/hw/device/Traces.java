package org.spikeforge.hw.device;

import java.util.List;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.Trace;

/** Read-outs of a {@link Trace} by layer name, for assertions. */
final class Traces {
    private Traces() {
    }

    static List<Long> spikes(Trace trace, String layer, int neuron) {
        for (PopulationTrace p : trace.getPopulationsList()) {
            if (p.getName().equals(layer)) {
                return p.getSpikes(neuron).getStepsList();
            }
        }
        throw new AssertionError("no population " + layer + " in trace");
    }

    static long[] probe(Trace trace, String layer, int neuron, String variable) {
        for (StateProbe p : trace.getProbesList()) {
            if (p.getPopulation().equals(layer) && p.getNeuron() == neuron && p.getVariable().equals(variable)) {
                return p.getValuesList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        throw new AssertionError("no probe " + layer + "[" + neuron + "]." + variable + " in trace");
    }
}
