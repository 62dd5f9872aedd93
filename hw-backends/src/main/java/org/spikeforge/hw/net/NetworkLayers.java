package org.spikeforge.hw.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.proto.MapShape;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;

/**
 * A {@code Network} checked for structural sanity and cut into layers. Hardware targets need
 * exactly one feed-forward projection per population (from "input" or an earlier population) and
 * at most one recurrent projection; everything else is refused here, before any target-specific
 * design-rule check, so that targets can trust shapes and finiteness. A conv2d or sum_pool2d feed-forward
 * projection is checked against its feature-map shapes ({@link ConvLayers}) and kept as a {@link KernelSpec}
 * beside its dense expansion.
 */
public record NetworkLayers(String networkName, NeuronModel model, NeuronParams params, double trialEnd,
                            int numInputs, List<LayerView> layers) {

    public NetworkLayers {
        layers = List.copyOf(layers);
    }

    /** Reads and validates a network; throws {@link NetworkFormatException} on the first malformed field. */
    public static NetworkLayers of(Network net) {
        String name = net.getName().isEmpty() ? "<unnamed>" : net.getName();
        NeuronModel model = net.getModel();
        if (model == NeuronModel.NEURON_MODEL_UNSPECIFIED || model == NeuronModel.UNRECOGNIZED)
            throw new NetworkFormatException(name, "model", "unspecified; expected one of QIF_EXP, THETA, LIF_EXP, LIF_DELTA");
        checkParams(name, model, net.getParams());
        if (!(net.getTrialEnd() > 0) || !Double.isFinite(net.getTrialEnd()))
            throw new NetworkFormatException(name, "trial_end", net.getTrialEnd() + " must be finite and > 0");
        if (net.getNumInputs() <= 0)
            throw new NetworkFormatException(name, "num_inputs", net.getNumInputs() + " must be > 0");
        if (net.getPopulationsCount() == 0)
            throw new NetworkFormatException(name, "populations", "empty; need at least one population");

        Map<String, Integer> sizeOf = new HashMap<>();
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < net.getPopulationsCount(); i++) {
            Population p = net.getPopulations(i);
            String f = "populations[" + i + "]";
            if (p.getName().isEmpty() || p.getName().equals("input"))
                throw new NetworkFormatException(name, f + ".name", "'" + p.getName() + "' is empty or reserved");
            if (sizeOf.containsKey(p.getName()))
                throw new NetworkFormatException(name, f + ".name", "duplicate population '" + p.getName() + "'");
            if (p.getSize() <= 0)
                throw new NetworkFormatException(name, f + ".size", p.getSize() + " must be > 0");
            checkVector(name, f + ".initial_v", p.getInitialVList(), p.getSize());
            checkVector(name, f + ".initial_i", p.getInitialIList(), p.getSize());
            sizeOf.put(p.getName(), p.getSize());
            order.put(p.getName(), i);
        }

        Map<String, MapShape> shapes = new HashMap<>();
        for (int i = 0; i < net.getPopulationsCount(); i++) {
            Population p = net.getPopulations(i);
            MapShape sh = p.getShape();
            if (!KernelSpec.present(sh)) continue;
            if (sh.getChannels() <= 0 || sh.getHeight() <= 0 || sh.getWidth() <= 0
                    || (long) sh.getChannels() * sh.getHeight() * sh.getWidth() != p.getSize())
                throw new NetworkFormatException(name, "populations[" + i + "].shape", sh.getChannels() + " x " + sh.getHeight()
                        + " x " + sh.getWidth() + " must be positive with product size " + p.getSize());
            shapes.put(p.getName(), sh);
        }
        Map<String, KernelSpec> kernels = new HashMap<>();
        Map<String, Projection> feedForward = new HashMap<>();
        Map<String, Projection> recurrent = new HashMap<>();
        for (int i = 0; i < net.getProjectionsCount(); i++) {
            Projection pr = net.getProjections(i);
            String f = "projections[" + i + "] (" + pr.getSource() + "->" + pr.getTarget() + ")";
            Integer rows = sizeOf.get(pr.getTarget());
            if (rows == null) throw new NetworkFormatException(name, f + ".target", "unknown population '" + pr.getTarget() + "'");
            Integer cols = pr.getSource().equals("input") ? Integer.valueOf(net.getNumInputs()) : sizeOf.get(pr.getSource());
            if (cols == null) throw new NetworkFormatException(name, f + ".source", "unknown population '" + pr.getSource() + "'");
            if (pr.getRows() != rows)
                throw new NetworkFormatException(name, f + ".rows", pr.getRows() + " != target size " + rows);
            if (pr.getCols() != cols)
                throw new NetworkFormatException(name, f + ".cols", pr.getCols() + " != source size " + cols);
            if (DenseOnly.kind(pr) != null) {
                KernelSpec k = ConvLayers.check(name, f, net, pr, shapes);
                for (int j = 0; j < k.values().length; j++)
                    if (!Double.isFinite(k.values()[j]))
                        throw new NetworkFormatException(name, f + ".weights[" + j + "]", k.values()[j] + " (weights must be finite)");
                if (feedForward.containsKey(pr.getTarget()))
                    throw new NetworkFormatException(name, f, "second feed-forward projection onto '" + pr.getTarget() + "' (hardware layers take one)");
                if (!pr.getSource().equals("input") && order.get(pr.getSource()) >= order.get(pr.getTarget()))
                    throw new NetworkFormatException(name, f + ".source", "'" + pr.getSource() + "' is not listed before '" + pr.getTarget() + "' (feed-forward order)");
                feedForward.put(pr.getTarget(), pr);
                kernels.put(pr.getTarget(), k);
                continue;
            }
            if ((long) rows * cols != pr.getWeightsCount())
                throw new NetworkFormatException(name, f + ".weights", pr.getWeightsCount() + " entries, expected rows*cols = " + (long) rows * cols);
            for (int k = 0; k < pr.getWeightsCount(); k++) {
                double w = pr.getWeights(k);
                if (!Double.isFinite(w))
                    throw new NetworkFormatException(name, f + ".weights[" + k + "]", w + " (weights must be finite)");
            }
            boolean isRec = pr.getSource().equals(pr.getTarget());
            if (!isRec && !pr.getSource().equals("input") && order.get(pr.getSource()) >= order.get(pr.getTarget()))
                throw new NetworkFormatException(name, f + ".source", "'" + pr.getSource() + "' is not listed before '" + pr.getTarget() + "' (feed-forward order)");
            Map<String, Projection> bucket = isRec ? recurrent : feedForward;
            if (bucket.put(pr.getTarget(), pr) != null)
                throw new NetworkFormatException(name, f, "second " + (isRec ? "recurrent" : "feed-forward") + " projection onto '" + pr.getTarget() + "' (hardware layers take one)");
        }

        List<LayerView> layers = new ArrayList<>();
        for (Population p : net.getPopulationsList()) {
            Projection ff = feedForward.get(p.getName());
            if (ff == null)
                throw new NetworkFormatException(name, "projections", "population '" + p.getName() + "' has no feed-forward input projection");
            Projection rec = recurrent.get(p.getName());
            KernelSpec k = kernels.get(p.getName());
            layers.add(new LayerView(p.getName(), p.getSize(), ff.getSource(), ff.getCols(),
                    k == null ? toArray(ff.getWeightsList()) : k.expand(),
                    rec == null ? null : toArray(rec.getWeightsList()), p.getOutput(),
                    orZeros(p.getInitialVList(), p.getSize()), orZeros(p.getInitialIList(), p.getSize()), k));
        }
        return new NetworkLayers(name, model, net.getParams(), net.getTrialEnd(), net.getNumInputs(), layers);
    }

    /** Layer by name, or null. */
    public LayerView layer(String layerName) {
        for (LayerView l : layers) if (l.name().equals(layerName)) return l;
        return null;
    }

    /** Layers whose source is the given layer (or "input"). */
    public List<LayerView> consumersOf(String source) {
        List<LayerView> out = new ArrayList<>();
        for (LayerView l : layers) if (l.source().equals(source)) out.add(l);
        return Collections.unmodifiableList(out);
    }

    private static void checkParams(String name, NeuronModel model, NeuronParams p) {
        if (!(p.getTau() > 0) || !Double.isFinite(p.getTau()))
            throw new NetworkFormatException(name, "params.tau", p.getTau() + " must be finite and > 0");
        if (model == NeuronModel.THETA && !(p.getDrive() > 0.25 && Double.isFinite(p.getDrive())))
            throw new NetworkFormatException(name, "params.drive", p.getDrive() + " must be finite and > 1/4 for THETA");
        if ((model == NeuronModel.LIF_EXP || model == NeuronModel.LIF_DELTA) && !(p.getThreshold() > 0 && Double.isFinite(p.getThreshold())))
            throw new NetworkFormatException(name, "params.threshold", p.getThreshold() + " must be finite and > 0 for " + model);
    }

    private static void checkVector(String name, String field, List<Double> values, int size) {
        if (!values.isEmpty() && values.size() != size)
            throw new NetworkFormatException(name, field, values.size() + " entries, expected 0 or size " + size);
        for (int k = 0; k < values.size(); k++)
            if (!Double.isFinite(values.get(k)))
                throw new NetworkFormatException(name, field + "[" + k + "]", values.get(k) + " (must be finite)");
    }

    private static double[] toArray(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) a[i] = list.get(i);
        return a;
    }

    private static double[] orZeros(List<Double> list, int size) {
        return list.isEmpty() ? new double[size] : toArray(list);
    }
}
