package org.spikeforge.hw.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.spikeforge.hw.map.CoreMapper;
import org.spikeforge.hw.map.LayerShape;
import org.spikeforge.hw.net.LayerView;
import org.spikeforge.hw.net.NetworkLayers;
import org.spikeforge.proto.NeuronModel;

/** Design rules shared by the targets; each method appends violations and never throws. */
final class LayerChecks {

    private LayerChecks() {
    }

    /** A violation naming the models the target can run, or nothing. */
    static boolean checkModel(NetworkLayers net, Set<NeuronModel> models, String targetName, List<Violation> out) {
        if (models.contains(net.model())) return true;
        Set<String> names = new TreeSet<>();
        for (NeuronModel m : models) names.add(m.name());
        String why = net.model() == NeuronModel.LIF_DELTA
                ? " (LIF_DELTA needs a synaptic current that lasts exactly one step: loihi2 du = 4095)" : "";
        out.add(Violation.of("network", "neuron model", net.model().name(),
                "target " + targetName + " runs only " + String.join(", ", names) + why));
        return false;
    }

    /** {@link #checkSizes(NetworkLayers, TargetConstraints, CoreMapper, boolean, List)} for dense storage. */
    static void checkSizes(NetworkLayers net, TargetConstraints k, CoreMapper mapper, List<Violation> out) {
        checkSizes(net, k, mapper, false, out);
    }

    /**
     * Fan-in per layer, input channels, total neurons, output neurons and cores; with {@code sharedKernels} conv and
     * pool layers count their receptive field as fan-in and their kernel per output channel against the core memory.
     */
    static void checkSizes(NetworkLayers net, TargetConstraints k, CoreMapper mapper, boolean sharedKernels, List<Violation> out) {
        if (net.numInputs() > k.maxInputChannels())
            out.add(Violation.of("network", "input channels", net.numInputs(), "<= " + k.maxInputChannels()));
        long neurons = 0;
        long outputs = 0;
        for (LayerView l : net.layers()) {
            int fanIn = sharedKernels ? l.synapsesPerNeuron() : fanInTotal(l);
            if (fanIn > k.maxFanIn()) out.add(Violation.of(l.name(), "fan-in", fanIn, "<= " + k.maxFanIn()));
            if (sharedKernels && l.hasKernel() && l.kernel().kernelEntriesPerChannel() > k.synapsesPerCore())
                out.add(Violation.of(l.name(), l.kernel().kind() + " kernel weights per output channel",
                        l.kernel().kernelEntriesPerChannel(), "<= " + k.synapsesPerCore() + " (one core's synaptic memory)"));
            neurons += l.size();
            if (l.output()) outputs += l.size();
        }
        if (neurons > k.maxNeurons()) out.add(Violation.of("network", "neurons", neurons, "<= " + k.maxNeurons()));
        if (outputs > k.maxOutputNeurons()) out.add(Violation.of("network", "output neurons", outputs, "<= " + k.maxOutputNeurons()));
        int cores = mapper.totalCores(shapes(net, sharedKernels));
        if (cores > k.maxCores()) out.add(Violation.of("network", "cores", cores, "<= " + k.maxCores()));
    }

    static int fanInTotal(LayerView l) {
        return l.fanIn() + (l.hasRecurrent() ? l.size() : 0);
    }

    static List<LayerShape> shapes(NetworkLayers net) {
        return shapes(net, false);
    }

    /**
     * Mapper shapes; with {@code sharedKernels} a conv or pool layer without recurrent weights is placed by feature
     * maps with its kernel per channel (pool: one weight), otherwise every layer by its dense fan-in.
     */
    static List<LayerShape> shapes(NetworkLayers net, boolean sharedKernels) {
        List<LayerShape> s = new ArrayList<>();
        for (LayerView l : net.layers()) {
            if (sharedKernels && l.hasKernel() && !l.hasRecurrent())
                s.add(new LayerShape(l.name(), l.size(), l.synapsesPerNeuron(), l.kernel().mapSize(),
                        Math.max(1, l.kernel().kernelEntriesPerChannel())));
            else
                s.add(new LayerShape(l.name(), l.size(), sharedKernels ? l.synapsesPerNeuron() : fanInTotal(l)));
        }
        return s;
    }

    /**
     * Clip weight of a layer: calibration value when given, else the percentile of |w| over all its stored weights
     * (a conv layer's kernel, not the zeros of its expansion).
     */
    static double clipWeight(LayerView l, double calibrated, double percentile) {
        if (!Double.isNaN(calibrated)) return calibrated;
        double[] all = l.hasRecurrent() ? concat(l.storedWeights(), l.recurrent()) : l.storedWeights();
        return org.spikeforge.hw.quant.WeightQuantizer.absPercentile(all, 0, all.length, percentile);
    }

    /** Largest input current: calibration value when given, else the largest row sum of |w|. */
    static double maxCurrent(LayerView l, double calibrated) {
        return Double.isNaN(calibrated) ? l.maxRowAbsSum() : calibrated;
    }

    static double[] concat(double[] a, double[] b) {
        double[] r = new double[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
