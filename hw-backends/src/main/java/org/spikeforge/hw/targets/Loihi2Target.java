package org.spikeforge.hw.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeforge.hw.map.CoreMapper;
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
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.TargetFamily;

/**
 * Intel Loihi 2 through Lava's bit-accurate CUBA LIF + Dense models (LIF_EXP and LIF_DELTA networks).
 *
 * <p>Limits: 128 neuromorphic cores per chip and up to 8192 neurons per core (Intel, "Taking
 * Neuromorphic Computing to the Next Level with Loihi 2", technology brief, 2021); 8-bit weight
 * mantissas with weight_exp, num_weight_bits and sign_mode, 12-bit du/dv with unit 4096, 24-bit u/v,
 * threshold vth &lt;&lt; 6 with vth up to 17 bits (Lava {@code PyLifModelBitAcc}, {@code PyDenseModelBitAcc}).
 * Synaptic memory per core: 128 KiB as published for Loihi 1 (Davies et al., IEEE Micro 38(1), 2018),
 * i.e. 131072 dense 8-bit synapses; assumed to carry over to Loihi 2 (an assumption: Intel does not
 * publish Loihi 2's per-core synapse memory in these units). weight_exp is kept in [-8, 7], or fixed by
 * {@link QuantSpec#weightExp()} (0 for configs that lava-dl netx must rebuild bit for bit).
 *
 * <p>Lowering (see {@link LifDiscretization} for the derivation): per layer, {@code c = s(1 - s)},
 * {@code s = exp(-dt/tau)}; the clip weight m (calibration, else |w| percentile) maps onto the largest
 * stored magnitude M (MIXED: 256 - 2^(9-b), even values only; EXCITATORY/INHIBITORY: 256 - 2^(8-b)),
 * {@code S_v = M 2^(weight_exp + 6) / (m c)} capped so that {@code vth = round(V_th S_v / 64) < 2^17}
 * and {@code I_max c S_v < 2^23}; stored weight {@code = g * round(w c S_v / (g 2^(weight_exp+6)))}
 * with granularity g = 2^(8 - b + mixed); {@code du, dv} from {@link LifDiscretization};
 * {@code u_init = round(I0 c S_v)}, {@code v_init = round(V0 S_v)}; input_delay 1 (Dense buffer).
 * One weight_exp and one vth per layer, so per-channel quantization is refused.
 *
 * <p>LIF_DELTA (instantaneous synapses, NIR's plain LIF): {@code du = 4095}, so Lava's current decay
 * factor {@code 4096 - (du + 1)} is 0 and {@code u_n = a_n << 6} holds only the input of step n; the
 * voltage then does {@code v_n = decay(v_{n-1}) + u_n}, i.e. an input spike of weight w makes v jump by
 * {@code W 2^(weight_exp+6) = w S_v} in the step it is delivered and decays by {@code s = exp(-dt/tau)}
 * per step after: {@code v_n = S_v V(n dt)} with jump factor {@code c = 1} in every formula above
 * (and {@code I_max} the largest row sum of |w|, the largest one-step jump).
 *
 * <p>Conv2d and sum_pool2d layers keep their shared kernels (Loihi 2 compresses convolution; Lava has a Conv
 * process): the kernel values (pool: the one weight) are quantized with the layer's one scale exactly as dense
 * weights, the scale's bounds (row sums, sign mode) come from the layer's dense expansion, and the config stores
 * {@code HwConv2d}/{@code HwSumPool2d}. Feature maps are placed whole on cores (see {@link CoreMapper}); a kernel
 * per output channel larger than a core's synaptic memory is a violation.
 *
 * <p>Per-layer limit: at most {@value #MAX_LAYER_NEURONS} neurons per layer and as many input channels,
 * the limits the emulator's config loader enforces (so a config that passes this DRC also loads there).
 *
 * <p>sign_mode uses the numbering of {@code hardware.proto} (2 MIXED, 3 EXCITATORY, 4 INHIBITORY);
 * current Lava's {@code SignMode} enum counts from NULL = 0, so exporters must subtract one. Stored
 * weights are already multiples of the truncation granularity, so Lava's truncation (which for
 * INHIBITORY shifts the negated weights) leaves them unchanged.
 *
 * <p>Cost model: Loihi 1 figures of Davies et al. 2018, Table 1 as recalled (not re-checked here):
 * 23.6 pJ and 3.5 ns per synaptic op, 52 pJ and 5.3 ns per neuron update, 1.7 pJ and 2.1 ns per spike
 * within a tile; Loihi 2 is assumed no worse. Cycles are counted in notional 1 ns cycles (clock 1 GHz)
 * because the chip is asynchronous.
 */
public final class Loihi2Target implements Target {

    static final int MAX_STATE = (1 << 23) - 1;
    static final int MAX_VTH = (1 << 17) - 1;
    static final int SIGN_MIXED = 2;
    static final int SIGN_EXCITATORY = 3;
    static final int SIGN_INHIBITORY = 4;
    /** Largest layer and input-vector size: the emulator's {@code CompiledConfig.MAX_LAYER_SIZE}. */
    static final int MAX_LAYER_NEURONS = 1 << 16;
    /** Lava du that makes the current last exactly one step (decay factor 4096 - (du + 1) = 0). */
    static final int DU_INSTANTANEOUS = 4095;

    private static final TargetConstraints CONSTRAINTS = TargetConstraints.builder()
            .weightBits(8).stateBits(24)
            .decayEncoding("12-bit multiplicative du, dv (unit 4096; current decays by du + 1)")
            .core(8192, 131072L).maxFanIn(131072).maxCores(128)
            .maxInputChannels(MAX_LAYER_NEURONS).maxNeurons(128 * 8192)
            .timeStep("one Lava time step = QuantSpec.dt model time").inputDelay(1, 1)
            .models(NeuronModel.LIF_EXP, NeuronModel.LIF_DELTA)
            .build();

    private static final CostModel COST = new CostModel(23.6e-12, 52e-12, 1.7e-12, 3.5, 5.3, 2.1, 1e9,
            "Loihi 1 per-op figures, Davies et al., IEEE Micro 38(1) 2018, Table 1 (as recalled; Loihi 2 assumed no worse);"
                    + " 1 cycle = 1 ns (asynchronous chip)");

    private final CoreMapper mapper = new CoreMapper(CONSTRAINTS.neuronsPerCore(), CONSTRAINTS.synapsesPerCore());

    @Override
    public TargetFamily family() {
        return TargetFamily.LOIHI2;
    }

    @Override
    public TargetConstraints constraints() {
        return CONSTRAINTS;
    }

    /** Quantization plan of one layer. */
    record Plan(LayerView layer, int signMode, int granularity, int levels, LifScale scale, int vth, int du, int dv, double c) {

        /** Float weight per stored integer unit, relative to the lowered threshold. */
        double effectiveWeightPerUnit(double vthFloat) {
            return Math.scalb(1.0, scale.exponent() + 6) * vthFloat / (c * vth * 64.0);
        }
    }

    @Override
    public List<Violation> check(Network network, QuantSpec spec) {
        NetworkLayers net = NetworkLayers.of(network);
        List<Violation> out = new ArrayList<>();
        boolean modelOk = LayerChecks.checkModel(net, CONSTRAINTS.models(), name(), out);
        if (spec.perChannel())
            out.add(Violation.of("network", "per-channel quantization", "on", "off (Lava Dense has one weight_exp and LIF one vth per layer)"));
        LayerChecks.checkSizes(net, CONSTRAINTS, mapper, true, out);
        for (LayerView l : net.layers())
            if (l.size() > MAX_LAYER_NEURONS)
                out.add(Violation.of(l.name(), "neurons per layer", l.size(), "<= " + MAX_LAYER_NEURONS + " (emulator config limit)"));
        if (modelOk) {
            LifDiscretization d = new LifDiscretization(net.params().getTau(), spec.dt());
            boolean delta = net.model() == NeuronModel.LIF_DELTA;
            if (delta && net.params().getDrive() != 0)
                out.add(Violation.of("network", "LIF_DELTA drive", net.params().getDrive(), "0 (the loihi2 lowering has no bias yet)"));
            long duRaw = delta ? DU_INSTANTANEOUS : Math.round(4096 * (1 - d.currentDecay())) - 1;
            long dvRaw = Math.round(4096 * (1 - d.voltageDecay()));
            if (duRaw < 0 || duRaw > 4095) out.add(Violation.of("network", "du (tau=" + net.params().getTau() + ", dt=" + spec.dt() + ")", duRaw, "0..4095"));
            if (dvRaw < 0 || dvRaw > 4095) out.add(Violation.of("network", "dv (tau=" + net.params().getTau() + ", dt=" + spec.dt() + ")", dvRaw, "0..4095"));
            for (LayerView l : net.layers()) {
                Plan p = plan(net, l, spec, LayerCalibration.unknown());
                if (p.vth() < 1) out.add(Violation.of(l.name(), "vth", p.vth(), ">= 1 (threshold below the weight resolution)"));
            }
        }
        return out;
    }

    @Override
    public HardwareConfig lower(Network network, QuantSpec spec, Calibration calibration) {
        List<Violation> v = check(network, spec);
        NetworkLayers net = NetworkLayers.of(network);
        if (!v.isEmpty()) throw new DesignRuleException(name(), net.networkName(), v);
        HardwareConfig.Builder cfg = HardwareConfig.newBuilder().setTarget(name()).setFormatVersion("1")
                .setNetworkName(net.networkName()).setNumInputs(net.numInputs()).setDt(spec.dt())
                .setNumSteps(spec.stepsFor(net.trialEnd()));
        List<Violation> calibrated = new ArrayList<>();
        for (LayerView l : net.layers()) {
            Plan p = plan(net, l, spec, calibration.of(l.name()));
            if (p.vth() < 1) calibrated.add(Violation.of(l.name(), "vth (with calibration)", p.vth(), ">= 1 (threshold below the weight resolution)"));
        }
        if (!calibrated.isEmpty()) throw new DesignRuleException(name(), net.networkName(), calibrated);
        for (LayerView l : net.layers()) {
            Plan p = plan(net, l, spec, calibration.of(l.name()));
            HwLayer.Builder hl = HwLayer.newBuilder().setName(l.name()).setSize(l.size()).setSource(l.source())
                    .setFanIn(l.fanIn()).setOutput(l.output()).setInputDelay(1);
            double unitsPerWeight = p.c() * p.scale().voltageScale() / Math.scalb(1.0, p.scale().exponent() + 6);
            KernelLowering.setFeedForward(hl, l.weights(), l.kernel(), w -> storedWeight(w, unitsPerWeight, p));
            if (l.hasRecurrent()) for (double w : l.recurrent()) hl.addRecurrentWeights(storedWeight(w, unitsPerWeight, p));
            Loihi2Lif.Builder lif = Loihi2Lif.newBuilder().setDu(p.du()).setDv(p.dv()).setVth(p.vth()).setBiasExp(0)
                    .setWeightExp(p.scale().exponent()).setNumWeightBits(spec.weightBits()).setSignMode(p.signMode());
            double sv = p.scale().voltageScale();
            if (anyNonZero(l.initialI())) for (double i0 : l.initialI()) lif.addUInit((int) clamp(Math.round(i0 * p.c() * sv), -MAX_STATE, MAX_STATE));
            if (anyNonZero(l.initialV())) for (double v0 : l.initialV()) lif.addVInit((int) clamp(Math.round(v0 * sv), -MAX_STATE + 1, MAX_STATE));
            hl.setLoihi2(lif);
            cfg.addLayers(hl);
            cfg.putMetadata(l.name() + ".voltage_scale", String.format(Locale.ROOT, "%.17g", sv));
        }
        cfg.addAllCores(mapper.map(LayerChecks.shapes(net, true)));
        cfg.putMetadata("quant.weight_bits", Integer.toString(spec.weightBits()));
        cfg.putMetadata("quant.clip_percentile", Double.toString(spec.clipPercentile()));
        DecayErrors de = DecayStepChooser.loihi2Errors(net.params().getTau(), net.model() == NeuronModel.LIF_DELTA, spec.dt());
        if (!Double.isNaN(de.current())) cfg.putMetadata("quant.decay_error.current", Double.toString(de.current()));
        cfg.putMetadata("quant.decay_error.voltage", Double.toString(de.voltage()));
        cfg.putMetadata("model", net.model() + " tau=" + net.params().getTau() + " threshold=" + net.params().getThreshold());
        return cfg.build();
    }

    /**
     * Auto step: the dt in [0.9, 1] x nominal whose 12-bit du/dv match exp(-dt/tau_s), exp(-dt/tau) best
     * ({@link DecayStepChooser#loihi2}); the nominal step for networks that are not LIF.
     */
    @Override
    public StepChoice chooseStep(Network network, double nominalDt) {
        NetworkLayers net = NetworkLayers.of(network);
        if (net.model() != NeuronModel.LIF_EXP && net.model() != NeuronModel.LIF_DELTA) return Target.super.chooseStep(network, nominalDt);
        return DecayStepChooser.loihi2(net.params().getTau(), net.model() == NeuronModel.LIF_DELTA, nominalDt);
    }

    @Override
    public DecayErrors decayErrors(Network network, double dt) {
        NetworkLayers net = NetworkLayers.of(network);
        if (net.model() != NeuronModel.LIF_EXP && net.model() != NeuronModel.LIF_DELTA) return null;
        return DecayStepChooser.loihi2Errors(net.params().getTau(), net.model() == NeuronModel.LIF_DELTA, dt);
    }

    @Override
    public ResourceReport report(HardwareConfig config, Activity activity) {
        return new ResourceEstimator(CONSTRAINTS.weightBits(), 2 * CONSTRAINTS.stateBits(), COST).estimate(config, activity, List.of());
    }

    @Override
    public Network fakeQuantize(Network network, QuantSpec spec, Calibration calibration) {
        HardwareConfig cfg = lower(network, spec, calibration);
        NetworkLayers net = NetworkLayers.of(network);
        Network.Builder b = network.toBuilder().clearProjections();
        for (Projection pr : network.getProjectionsList()) {
            HwLayer hl = findLayer(cfg, pr.getTarget());
            Plan p = plan(net, net.layer(pr.getTarget()), spec, calibration.of(pr.getTarget()));
            double per = p.effectiveWeightPerUnit(net.params().getThreshold());
            List<Integer> src = pr.getSource().equals(pr.getTarget()) ? hl.getRecurrentWeightsList() : KernelLowering.storedFeedForward(hl);
            Projection.Builder nb = pr.toBuilder().clearWeights();
            for (int q : src) nb.addWeights(q * per);
            b.addProjections(nb);
        }
        return b.build();
    }

    Plan plan(NetworkLayers net, LayerView l, QuantSpec spec, LayerCalibration cal) {
        LifDiscretization d = new LifDiscretization(net.params().getTau(), spec.dt());
        boolean delta = net.model() == NeuronModel.LIF_DELTA;
        double c = delta ? 1.0 : d.jumpFactor();
        boolean anyPos = false;
        boolean anyNeg = false;
        for (double w : l.weights()) { anyPos |= w > 0; anyNeg |= w < 0; }
        if (l.hasRecurrent()) for (double w : l.recurrent()) { anyPos |= w > 0; anyNeg |= w < 0; }
        int bits = spec.weightBits();
        int signMode = anyPos && anyNeg ? SIGN_MIXED : (anyNeg ? SIGN_INHIBITORY : SIGN_EXCITATORY);
        int g = 1 << (8 - bits + (signMode == SIGN_MIXED ? 1 : 0));
        int levels = signMode == SIGN_MIXED ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        double m = LayerChecks.clipWeight(l, cal.weightClip(), spec.clipPercentile());
        double iMax = LayerChecks.maxCurrent(l, cal.maxAbsInputCurrent());
        double vthF = net.params().getThreshold();
        boolean auto = spec.weightExp() == QuantSpec.AUTO_WEIGHT_EXP;
        LifScale scale = LifScale.choose(m, iMax, vthF, c, levels * g, 6, auto ? -8 : spec.weightExp(),
                auto ? 7 : spec.weightExp(), (double) MAX_VTH * 64, MAX_STATE);
        long vth = Math.round(vthF * scale.voltageScale() / 64);
        return new Plan(l, signMode, g, levels, scale, (int) Math.min(MAX_VTH, vth), delta ? DU_INSTANTANEOUS : d.loihiDu(), d.loihiDv(), c);
    }

    private static int storedWeight(double w, double unitsPerWeight, Plan p) {
        int k = WeightQuantizer.quantize(w * unitsPerWeight / p.granularity(), 1.0, p.levels());
        return k * p.granularity();
    }

    static HwLayer findLayer(HardwareConfig cfg, String name) {
        for (HwLayer l : cfg.getLayersList()) if (l.getName().equals(name)) return l;
        throw new IllegalStateException("lowered config lacks layer '" + name + "'");
    }

    private static boolean anyNonZero(double[] a) {
        for (double x : a) if (x != 0) return true;
        return false;
    }

    private static long clamp(long x, long lo, long hi) {
        return Math.max(lo, Math.min(hi, x));
    }
}
