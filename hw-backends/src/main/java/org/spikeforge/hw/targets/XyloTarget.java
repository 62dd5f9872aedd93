package org.spikeforge.hw.targets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeforge.hw.net.LayerView;
import org.spikeforge.hw.net.NetworkLayers;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.DecayErrors;
import org.spikeforge.hw.quant.DecayStepChooser;
import org.spikeforge.hw.quant.LayerCalibration;
import org.spikeforge.hw.quant.LifDiscretization;
import org.spikeforge.hw.quant.LifScale;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.StepChoice;
import org.spikeforge.hw.quant.WeightQuantizer;
import org.spikeforge.hw.report.Activity;
import org.spikeforge.hw.report.CostModel;
import org.spikeforge.hw.report.ResourceEstimator;
import org.spikeforge.hw.report.ResourceReport;
import org.spikeforge.proto.CoreAssignment;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.XyloIaf;

/**
 * SynSense Xylo (SNN core of Xylo Audio v1, Rockpool XyloSim semantics), LIF_EXP networks only.
 *
 * <p>Design rules follow Rockpool's Xylo mapper (synsense/rockpool,
 * {@code rockpool/devices/xylo/syns61300/xylo_mapper.py}): at most 16 input channels and 8 output
 * channels; 1000 hidden neuron ids and 8 output neuron ids; inputs reach hidden neurons only (input
 * weight matrix); hidden-to-hidden connections go through the recurrent matrix (so they arrive one
 * step late, and XyloSim delivers hidden spikes to the readout one step late too, so every layer fed by a
 * hidden layer gets input_delay 1); outputs are read from hidden neurons and may not be recurrent; at least two neuron
 * layers (hidden + output). Number formats (Bos et al., "Sub-mW neuromorphic SNN audio processing
 * applications with Rockpool and Xylo", 2022): 8-bit weights, 16-bit synaptic and membrane state,
 * bit-shift decays. The fan-out limit of 64 non-zero outgoing synapses per hidden neuron comes from
 * this project's issue and is not verified against a SynSense datasheet; the 0..15 dash range and
 * 0..8 weight_shift range follow docs/TARGET-SEMANTICS.md (not a datasheet).
 *
 * <p>Lowering: {@code dash_syn = round(log2(tau/2/dt))}, {@code dash_mem = round(log2(tau/dt))}
 * ({@link LifDiscretization}); with {@code c = (1 - s)/s} (Xylo decays the current in the step it
 * arrives), per layer (or per row when {@code perChannel}) the voltage scale is
 * {@code S_v = 127 2^shift / (m c)} capped by {@code 32767 / V_th} and {@code 32767 / (I_max c)};
 * {@code w_int = round(w c S_v / 2^shift)}, {@code threshold = round(V_th S_v)} per neuron.
 * The chip has one weight_shift per matrix (input, recurrent, output), so layers that share a matrix
 * share the smallest of their preferred shifts. State first: when every row of a matrix has S_v at most
 * 0.8 of its cap ({@link #STATE_FIRST_RATIO}), the matrix takes one shift more, so S_v reaches the 16-bit cap
 * (threshold near 32767) and the weights use 79..127 of their 127 levels. The state resolution matters more than the last weight bit here: the synaptic current of a
 * threshold-sized input is only about {@code threshold 2^-dash_mem} units (256 at most for dash_mem 7), and both
 * rounding effects of the shift decay (the floor drift below, and the minimum decrement of 1 that makes currents
 * under {@code 2^dash_syn} units leak too fast) are fixed in units; on the Yin-Yang LIF net this raised the xylo
 * agreement from 96.2 to 97.5 % (with the bias search of {@code spikeforge compile}). max_spikes is 31 for hidden
 * and 1 for output layers.
 *
 * <p>Floor-drift bias ({@link #floorDriftBias}): the synaptic decay {@code isyn - (isyn >> dash_syn)}
 * floors {@code isyn / 2^dash_syn}, so on average it removes half a unit too little per step; the
 * excess obeys {@code e_{n+1} = (1 - 2^-dash_syn) e_n + 1/2} and grows towards {@code 2^(dash_syn - 1)}
 * units of isyn, which the membrane integrates as a spurious positive input current. Relative to the
 * integer current ({@code isyn = I c S_v}, {@code c ~ dt/tau}) this grows 4x per doubling of tau at fixed
 * dt (c halves and 2^dash_syn doubles): at tau = 2, dt = 1/64 it is +32 units against currents of a few
 * hundred, so hidden neurons fired early and extra and the demo's xylo agreement fell to 61 %. Layers fed
 * by the input (whose isyn is driven from the first steps) get a constant {@code bias = -2^(dash_syn - 2)},
 * half the steady-state excess (the excess reaches half its final value after {@code 2^dash_syn ln 2}
 * steps, about tau_s ln 2). Layers fed by a hidden layer get no bias: their isyn is zero until sparse
 * hidden spikes arrive, and a constant bias there only pulls the idle membrane negative. This bias is only the
 * start: {@code spikeforge compile --calibrate} searches the input-fed and output biases (and a jump on the
 * encoding's bias channel) against the emulator on training samples, see docs/TARGET-SEMANTICS.md.
 *
 * <p>Cost model: all per-op figures are assumptions (SynSense publishes whole-chip power, not
 * per-operation energy): 1 cycle and 10 pJ per synaptic op, 1 cycle and 20 pJ per neuron update,
 * 1 cycle and 5 pJ per spike, at a 6.25 MHz core clock.
 */
public final class XyloTarget implements Target {

    static final int MAX16 = 32767;
    static final int MAX_FAN_OUT = 64;
    static final int MAX_SHIFT = 8;
    /**
     * A matrix takes one weight shift more when all its rows' S_v are at most this fraction of their caps: the state
     * then gains at least 1.25x in resolution and the largest weight mantissa falls from 127 to
     * {@code 127 cap / (2 S_v)}, at least 79. (On the Yin-Yang LIF net, whose readout sits at 0.73 of its cap,
     * sqrt(1/2) left the readout alone and gave 96.7 % agreement, 0.8 gave 97.5 %; both on the same bias search.)
     */
    static final double STATE_FIRST_RATIO = 0.8;

    private static final TargetConstraints CONSTRAINTS = TargetConstraints.builder()
            .weightBits(8).stateBits(16)
            .decayEncoding("bit-shift decays x - (x >> dash), dash_syn and dash_mem in 0..15")
            .core(1008, 1000L * 1016L).maxFanIn(1000).maxFanOut(MAX_FAN_OUT).maxCores(1)
            .maxInputChannels(16).maxOutputNeurons(8).maxNeurons(1000)
            .timeStep("one Xylo time step = QuantSpec.dt model time").inputDelay(0, 1)
            .models(NeuronModel.LIF_EXP)
            .build();

    private static final CostModel COST = new CostModel(10e-12, 20e-12, 5e-12, 1, 1, 1, 6.25e6,
            "assumption (no per-op energy published by SynSense): 10 pJ/syn-op, 20 pJ/update, 5 pJ/spike, 1 cycle each, 6.25 MHz");

    @Override
    public TargetFamily family() {
        return TargetFamily.XYLO;
    }

    @Override
    public TargetConstraints constraints() {
        return CONSTRAINTS;
    }

    /** Quantization plan of one layer: shared shift, per-row voltage scale and threshold. */
    record Plan(int shift, double[] voltageScale, int[] threshold, double c) {
    }

    @Override
    public List<Violation> check(Network network, QuantSpec spec) {
        NetworkLayers net = NetworkLayers.of(network);
        List<Violation> out = new ArrayList<>();
        boolean modelOk = LayerChecks.checkModel(net, CONSTRAINTS.models(), name(), out);
        if (net.numInputs() > 16) out.add(Violation.of("network", "input channels", net.numInputs(), "<= 16"));
        long hidden = 0;
        long outputs = 0;
        for (LayerView l : net.layers()) {
            if (l.output()) outputs += l.size();
            else hidden += l.size();
        }
        if (hidden > 1000) out.add(Violation.of("network", "hidden neurons", hidden, "<= 1000"));
        if (outputs > 8) out.add(Violation.of("network", "output neurons", outputs, "<= 8"));
        if (net.layers().size() < 2) out.add(Violation.of("network", "neuron layers", net.layers().size(), ">= 2 (hidden and output)"));
        if (outputs == 0) out.add(Violation.of("network", "output layers", 0, ">= 1"));
        for (LayerView l : net.layers()) {
            LayerView src = net.layer(l.source());
            if (l.output() && src == null) out.add(Violation.of(l.name(), "source", "input", "a hidden layer (inputs reach hidden neurons only)"));
            if (src != null && src.output()) out.add(Violation.of(l.name(), "source", src.name() + " (an output layer)", "a hidden layer or input"));
            if (l.output() && l.hasRecurrent()) out.add(Violation.of(l.name(), "recurrent weights", "present", "none on output neurons"));
            if (anyNonZero(l.initialV()) || anyNonZero(l.initialI()))
                out.add(Violation.of(l.name(), "initial state", "non-zero", "zero (Xylo starts from rest)"));
            if (!l.output()) {
                int fo = maxFanOut(net, l);
                if (fo > MAX_FAN_OUT) out.add(Violation.of(l.name(), "fan-out (non-zero outgoing synapses per neuron)", fo, "<= " + MAX_FAN_OUT));
            }
        }
        // Xylo has no shared weights: conv and pool layers are lowered expanded to dense, which only a tiny net fits
        if (!out.isEmpty())
            for (LayerView l : net.layers())
                if (l.hasKernel())
                    out.add(Violation.of(l.name(), l.kernel().kind() + " layer (" + l.kernel().out().getChannels() + " x "
                            + l.kernel().out().getHeight() + " x " + l.kernel().out().getWidth() + ")", "expanded to dense",
                            "a net that fits Xylo's dense limits (16 inputs, 1000 hidden, 8 output neurons, fan-out "
                            + MAX_FAN_OUT + "): Xylo has dense input, recurrent and readout weights only, no shared kernels"));
        if (modelOk) {
            LifDiscretization d = new LifDiscretization(net.params().getTau(), spec.dt());
            if (d.xyloDashSyn() < 0 || d.xyloDashSyn() > 15)
                out.add(Violation.of("network", "dash_syn = round(log2(tau/2/dt))", d.xyloDashSyn(), "0..15"));
            if (d.xyloDashMem() < 0 || d.xyloDashMem() > 15)
                out.add(Violation.of("network", "dash_mem = round(log2(tau/dt))", d.xyloDashMem(), "0..15"));
            if (out.isEmpty()) {
                Map<String, Plan> plans = plans(net, spec, Calibration.none());
                for (LayerView l : net.layers()) {
                    int minThr = Integer.MAX_VALUE;
                    for (int t : plans.get(l.name()).threshold()) minThr = Math.min(minThr, t);
                    if (minThr < 1) out.add(Violation.of(l.name(), "threshold", minThr, ">= 1 (threshold below the weight resolution)"));
                }
            }
        }
        return out;
    }

    @Override
    public HardwareConfig lower(Network network, QuantSpec spec, Calibration calibration) {
        List<Violation> v = check(network, spec);
        NetworkLayers net = NetworkLayers.of(network);
        if (!v.isEmpty()) throw new DesignRuleException(name(), net.networkName(), v);
        LifDiscretization d = new LifDiscretization(net.params().getTau(), spec.dt());
        Map<String, Plan> plans = plans(net, spec, calibration);
        List<Violation> calibrated = new ArrayList<>();
        for (LayerView l : net.layers())
            for (int t : plans.get(l.name()).threshold())
                if (t < 1) {
                    calibrated.add(Violation.of(l.name(), "threshold (with calibration)", t, ">= 1 (threshold below the weight resolution)"));
                    break;
                }
        if (!calibrated.isEmpty()) throw new DesignRuleException(name(), net.networkName(), calibrated);
        HardwareConfig.Builder cfg = HardwareConfig.newBuilder().setTarget(name()).setFormatVersion("1")
                .setNetworkName(net.networkName()).setNumInputs(net.numInputs()).setDt(spec.dt())
                .setNumSteps(spec.stepsFor(net.trialEnd()));
        int qmax = (1 << (spec.weightBits() - 1)) - 1;
        for (LayerView l : net.layers()) {
            Plan p = plans.get(l.name());
            boolean fromHidden = net.layer(l.source()) != null;
            HwLayer.Builder hl = HwLayer.newBuilder().setName(l.name()).setSize(l.size()).setSource(l.source())
                    .setFanIn(l.fanIn()).setOutput(l.output()).setInputDelay(fromHidden ? 1 : 0);
            double shiftUnit = Math.scalb(1.0, p.shift());
            for (int r = 0; r < l.size(); r++) {
                double perUnit = p.c() * p.voltageScale()[r] / shiftUnit;
                for (int c = 0; c < l.fanIn(); c++) hl.addWeights(WeightQuantizer.quantize(l.weights()[r * l.fanIn() + c] * perUnit, 1.0, qmax));
            }
            if (l.hasRecurrent())
                for (int r = 0; r < l.size(); r++) {
                    double perUnit = p.c() * p.voltageScale()[r] / shiftUnit;
                    for (int c = 0; c < l.size(); c++) hl.addRecurrentWeights(WeightQuantizer.quantize(l.recurrent()[r * l.size() + c] * perUnit, 1.0, qmax));
                }
            XyloIaf.Builder x = XyloIaf.newBuilder().setDashSyn((int) d.xyloDashSyn()).setDashMem((int) d.xyloDashMem())
                    .setMaxSpikes(l.output() ? 1 : 31).setWeightShift(p.shift());
            for (int t : p.threshold()) x.addThreshold(t);
            int bias = l.source().equals("input") ? floorDriftBias((int) d.xyloDashSyn()) : 0;
            if (bias != 0) for (int r = 0; r < l.size(); r++) x.addBias(bias);
            hl.setXylo(x);
            cfg.addLayers(hl);
            cfg.addCores(CoreAssignment.newBuilder().setCore(0).setLayer(l.name()).setFirstNeuron(0).setCount(l.size()));
            cfg.putMetadata(l.name() + ".voltage_scale", String.format(Locale.ROOT, "%.17g", p.voltageScale()[0]));
        }
        List<String> expanded = new ArrayList<>();
        for (LayerView l : net.layers())
            if (l.hasKernel()) {
                expanded.add(l.name());
                cfg.putMetadata(ResourceEstimator.EXPANDED_KEY + "." + l.name(), l.kernel().kind());
            }
        if (!expanded.isEmpty()) cfg.putMetadata(ResourceEstimator.EXPANDED_KEY, String.join(",", expanded));
        cfg.putMetadata("quant.weight_bits", Integer.toString(spec.weightBits()));
        cfg.putMetadata("quant.per_channel", Boolean.toString(spec.perChannel()));
        cfg.putMetadata("quant.clip_percentile", Double.toString(spec.clipPercentile()));
        DecayErrors de = DecayStepChooser.xyloErrors(net.params().getTau(), spec.dt());
        cfg.putMetadata("quant.decay_error.current", Double.toString(de.current()));
        cfg.putMetadata("quant.decay_error.voltage", Double.toString(de.voltage()));
        cfg.putMetadata("model", "LIF_EXP tau=" + net.params().getTau() + " threshold=" + net.params().getThreshold());
        return cfg.build();
    }

    /**
     * Auto step: tau/dt near the power of two 2^k, k = floor(log2(tau/nominal)), at the dt of that window whose
     * bit-shift rates 2^-k, 2^(1-k) match the float decays best ({@link DecayStepChooser#xylo}).
     */
    @Override
    public StepChoice chooseStep(Network network, double nominalDt) {
        NetworkLayers net = NetworkLayers.of(network);
        if (net.model() != NeuronModel.LIF_EXP) return Target.super.chooseStep(network, nominalDt);
        return DecayStepChooser.xylo(net.params().getTau(), nominalDt);
    }

    @Override
    public DecayErrors decayErrors(Network network, double dt) {
        NetworkLayers net = NetworkLayers.of(network);
        return net.model() == NeuronModel.LIF_EXP ? DecayStepChooser.xyloErrors(net.params().getTau(), dt) : null;
    }

    @Override
    public ResourceReport report(HardwareConfig config, Activity activity) {
        // state per neuron: isyn + vmem (16 bit each) + a 16-bit threshold register
        return new ResourceEstimator(CONSTRAINTS.weightBits(), 3 * CONSTRAINTS.stateBits(), COST).estimate(config, activity, List.of());
    }

    @Override
    public Network fakeQuantize(Network network, QuantSpec spec, Calibration calibration) {
        int k = org.spikeforge.hw.net.DenseOnly.firstKernel(network);
        if (k >= 0)
            throw new IllegalArgumentException("projections[" + k + "] is a " + org.spikeforge.hw.net.DenseOnly.kind(network.getProjections(k))
                    + " projection: xylo expands it to dense rows with a scale each, which no shared kernel represents;"
                    + " fake quantization of conv layers is not available for xylo");
        HardwareConfig cfg = lower(network, spec, calibration);
        double vth = network.getParams().getThreshold();
        Network.Builder b = network.toBuilder().clearProjections();
        for (Projection pr : network.getProjectionsList()) {
            HwLayer hl = Loihi2Target.findLayer(cfg, pr.getTarget());
            boolean rec = pr.getSource().equals(pr.getTarget());
            List<Integer> q = rec ? hl.getRecurrentWeightsList() : hl.getWeightsList();
            double c = new LifDiscretization(network.getParams().getTau(), spec.dt()).xyloJumpFactor();
            double shiftUnit = Math.scalb(1.0, hl.getXylo().getWeightShift());
            Projection.Builder nb = pr.toBuilder().clearWeights();
            for (int r = 0; r < pr.getRows(); r++) {
                double per = shiftUnit * vth / (c * hl.getXylo().getThreshold(r));
                for (int col = 0; col < pr.getCols(); col++) nb.addWeights(q.get(r * pr.getCols() + col) * per);
            }
            b.addProjections(nb);
        }
        return b.build();
    }

    /** Plans of all layers with the weight shifts shared per Xylo weight matrix. */
    Map<String, Plan> plans(NetworkLayers net, QuantSpec spec, Calibration cal) {
        double c = new LifDiscretization(net.params().getTau(), spec.dt()).xyloJumpFactor();
        double vth = net.params().getThreshold();
        int qmax = (1 << (spec.weightBits() - 1)) - 1;
        double thrMax = Math.floor(MAX16 / spec.thresholdHeadroom()); // room above thresholds for raised ones
        Map<String, double[]> clip = new HashMap<>();
        Map<String, double[]> cur = new HashMap<>();
        Map<String, String> group = new HashMap<>();
        boolean mergeInRec = false;
        for (LayerView l : net.layers()) {
            LayerCalibration lc = cal.of(l.name());
            double layerClip = LayerChecks.clipWeight(l, lc.weightClip(), spec.clipPercentile());
            double layerCur = LayerChecks.maxCurrent(l, lc.maxAbsInputCurrent());
            double[] m = new double[l.size()];
            double[] im = new double[l.size()];
            for (int r = 0; r < l.size(); r++) {
                m[r] = spec.perChannel() && Double.isNaN(lc.weightClip()) ? rowClip(l, r, spec.clipPercentile()) : layerClip;
                im[r] = spec.perChannel() && Double.isNaN(lc.maxAbsInputCurrent()) ? rowAbsSum(l, r) : layerCur;
            }
            clip.put(l.name(), m);
            cur.put(l.name(), im);
            boolean fromInput = l.source().equals("input");
            String g = l.output() ? "out" : (fromInput && !l.hasRecurrent() ? "in" : "rec");
            if (!l.output() && fromInput && l.hasRecurrent()) mergeInRec = true;
            group.put(l.name(), g);
        }
        Map<String, Integer> groupShift = new HashMap<>();
        for (LayerView l : net.layers()) {
            String g = canonical(group.get(l.name()), mergeInRec);
            double[] m = clip.get(l.name());
            double[] im = cur.get(l.name());
            int best = MAX_SHIFT;
            for (int r = 0; r < l.size(); r++)
                best = Math.min(best, LifScale.choose(m[r], im[r], vth, c, qmax, 0, 0, MAX_SHIFT, thrMax, MAX16).exponent());
            groupShift.merge(g, best, Math::min);
        }
        // state first: one shift more puts S_v on its 16-bit cap (threshold near 32767) at the cost of at most
        // one mantissa bit, when every row of the group is at most STATE_FIRST_RATIO of its cap (see the class comment)
        Map<String, Boolean> belowCap = new HashMap<>();
        for (LayerView l : net.layers()) {
            String g = canonical(group.get(l.name()), mergeInRec);
            int shift = groupShift.get(g);
            boolean below = belowCap.getOrDefault(g, true);
            for (int r = 0; r < l.size(); r++) {
                double m = clip.get(l.name())[r];
                double im = cur.get(l.name())[r];
                double cap = thrMax / vth;
                if (im > 0) cap = Math.min(cap, MAX16 / (im * c));
                if (!(m > 0) || qmax * Math.scalb(1.0, shift) / (m * c) > cap * STATE_FIRST_RATIO) below = false;
            }
            belowCap.put(g, below);
        }
        for (Map.Entry<String, Boolean> e : belowCap.entrySet())
            if (e.getValue() && groupShift.get(e.getKey()) < MAX_SHIFT) groupShift.merge(e.getKey(), 1, Integer::sum);
        Map<String, Plan> plans = new HashMap<>();
        for (LayerView l : net.layers()) {
            int shift = groupShift.get(canonical(group.get(l.name()), mergeInRec));
            double[] sv = new double[l.size()];
            int[] thr = new int[l.size()];
            for (int r = 0; r < l.size(); r++) {
                double m = clip.get(l.name())[r];
                double im = cur.get(l.name())[r];
                double cap = thrMax / vth;
                if (im > 0) cap = Math.min(cap, MAX16 / (im * c));
                sv[r] = m > 0 ? Math.min(cap, qmax * Math.scalb(1.0, shift) / (m * c)) : cap;
                thr[r] = (int) Math.min(thrMax, Math.round(vth * sv[r]));
            }
            plans.put(l.name(), new Plan(shift, sv, thr, c));
        }
        return plans;
    }

    /**
     * Membrane bias that cancels, on average, the upward drift of the floored synaptic decay:
     * {@code -2^(dashSyn - 2)} (half the steady-state excess {@code 2^(dashSyn - 1)}), 0 for dashSyn < 2.
     */
    static int floorDriftBias(int dashSyn) {
        return dashSyn < 2 ? 0 : -(1 << (dashSyn - 2));
    }

    private static String canonical(String g, boolean mergeInRec) {
        return mergeInRec && g.equals("in") ? "rec" : g;
    }

    private static double rowClip(LayerView l, int r, double percentile) {
        double[] row = new double[l.fanIn() + (l.hasRecurrent() ? l.size() : 0)];
        System.arraycopy(l.weights(), r * l.fanIn(), row, 0, l.fanIn());
        if (l.hasRecurrent()) System.arraycopy(l.recurrent(), r * l.size(), row, l.fanIn(), l.size());
        return WeightQuantizer.absPercentile(row, 0, row.length, percentile);
    }

    private static double rowAbsSum(LayerView l, int r) {
        double s = 0;
        for (int c = 0; c < l.fanIn(); c++) s += Math.abs(l.weights()[r * l.fanIn() + c]);
        if (l.hasRecurrent()) for (int c = 0; c < l.size(); c++) s += Math.abs(l.recurrent()[r * l.size() + c]);
        return s;
    }

    /** Largest number of non-zero float weights leaving one neuron of a hidden layer. */
    static int maxFanOut(NetworkLayers net, LayerView h) {
        int[] count = new int[h.size()];
        for (LayerView l : net.layers())
            if (l.source().equals(h.name()))
                for (int r = 0; r < l.size(); r++)
                    for (int j = 0; j < h.size(); j++) if (l.weights()[r * h.size() + j] != 0) count[j]++;
        if (h.hasRecurrent())
            for (int r = 0; r < h.size(); r++)
                for (int j = 0; j < h.size(); j++) if (h.recurrent()[r * h.size() + j] != 0) count[j]++;
        int max = 0;
        for (int x : count) max = Math.max(max, x);
        return max;
    }

    private static boolean anyNonZero(double[] a) {
        for (double x : a) if (x != 0) return true;
        return false;
    }
}
