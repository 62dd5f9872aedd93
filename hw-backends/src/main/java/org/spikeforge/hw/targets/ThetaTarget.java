package org.spikeforge.hw.targets;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.hw.map.CoreMapper;
import org.spikeforge.hw.net.LayerView;
import org.spikeforge.hw.net.NetworkLayers;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.ThetaPhaseMap;
import org.spikeforge.hw.quant.ThetaTableBuilder;
import org.spikeforge.hw.quant.ThetaWeightScales;
import org.spikeforge.hw.quant.WeightQuantizer;
import org.spikeforge.hw.report.Activity;
import org.spikeforge.hw.report.CostModel;
import org.spikeforge.hw.report.LayerResources;
import org.spikeforge.hw.report.ResourceEstimator;
import org.spikeforge.hw.report.ResourceReport;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.ThetaTables;

/**
 * SpikeForge's own digital theta core (THETA networks; QIF_EXP is not lowered yet): one phase
 * counter per neuron and two shared lookup tables for H(phi, w) = Phi(Phi^-1(phi) + w).
 *
 * <p>Lowering, with Theta = tau pi / sqrt(I0 - 1/4) and P = 2^phase_bits standing for Theta:
 * <ul>
 * <li>phase_step = round(dt P / Theta); phase_bits (auto) is the smallest in [max(8, inv_index_bits), 30]
 *     with phase_step &gt;= 1 and |phase_step Theta / P - dt| &lt;= 1e-3 dt.</li>
 * <li>weights (auto v_frac_bits): b-bit mantissas times one unsigned 8-bit scale per layer, or per neuron with
 *     {@code perChannel} ({@link ThetaWeightScales}): clip c_i of each layer (calibrated percentile of the used
 *     synapses, else of all weights) or neuron (its row's percentile, at most the layer clip); v_frac_bits
 *     f = floor(log2(qmax 255 / max_i c_i)), at most 24 and such that the voltage range fits +-2^30;
 *     s_i = ceil(c_i 2^f / qmax); w_int = s_i clamp(round(w 2^f / s_i), +-qmax). The core applies s_i once to the
 *     accumulated mantissa sum, so the config's integer weights m s_i give the same update.</li>
 * <li>weights (fixed v_frac_bits f): plain integers w_int = clamp(round(w 2^f), +-qmax), no scales (the
 *     pre-scale lowering; a weight beyond qmax is a violation).</li>
 * <li>voltage range 1/2 +- span; span (auto) = min(Phi^-1 at the last inv_phi bin centre - 1/2,
 *     b 2^(phi_index_bits/2)). The first term is the most inv_phi can use; the second balances the two
 *     errors of a uniform phi table of 2^k bins over 2 span volts: the phase lost by saturating at
 *     +-span, about tau/span, against the half-bin error at V = 1/2, about (tau/b^2) span / 2^k;
 *     they are equal at span = b 2^(k/2). v_max is then trimmed by at most 2^-k of the range so that the phi
 *     table gets its full 2^k bins ({@link #fitPhiTable}). Tables from {@link ThetaTableBuilder}.</li>
 * <li>phase_init = clamp(round(phi0 P / Theta), 0, P - 1); input_delay 0 (the float network has no
 *     transmission delay). A spike at step n lies in (n dt, (n + 1) dt].</li>
 * </ul>
 * One voltage fraction f serves the whole network (the tables are shared); the per-layer or per-neuron
 * scales give each row its own weight step s_i 2^-f on that grid.
 *
 * <p>Conv2d and sum_pool2d layers are stored as shared kernels (our core reads a kernel per feature map): the
 * kernel values (pool: the one weight) are quantized with the layer's scale as dense weights; per-neuron scales
 * ({@code perChannel}) apply to dense layers only, a conv or pool layer keeps one scale, so its kernel stays
 * shared. Feature maps are placed whole on cores.
 *
 * <p>Design limits (ours, not a fabricated chip): 1024 neurons and 2^20 synapses per core, 64 cores.
 * Cost model: assumptions for a 28-nm-class SRAM design, 1 pJ and 1 cycle per synaptic op, 3 pJ and
 * 3 cycles per neuron update (counter add plus two table reads), 1 pJ and 1 cycle per spike, 100 MHz.
 */
public final class ThetaTarget implements Target {

    private static final TargetConstraints CONSTRAINTS = TargetConstraints.builder()
            .weightBits(8).stateBits(30)
            .decayEncoding("none: phase counter advances phase_step per step; the nonlinearity lives in inv_phi/phi tables")
            .core(1024, 1L << 20).maxFanIn(1 << 20).maxCores(64).maxNeurons(64 * 1024)
            .timeStep("phase_step counter units = QuantSpec.dt model time").inputDelay(0, 0)
            .models(NeuronModel.THETA)
            .build();

    private static final CostModel COST = new CostModel(1e-12, 3e-12, 1e-12, 1, 3, 1, 100e6,
            "assumption (design estimate, no silicon): 1 pJ/syn-op, 3 pJ/update, 1 pJ/spike; 1/3/1 cycles at 100 MHz");

    private final CoreMapper mapper = new CoreMapper(CONSTRAINTS.neuronsPerCore(), CONSTRAINTS.synapsesPerCore());

    @Override
    public TargetFamily family() {
        return TargetFamily.THETA;
    }

    @Override
    public TargetConstraints constraints() {
        return CONSTRAINTS;
    }

    /** Network-wide fixed-point geometry. */
    record Plan(ThetaPhaseMap map, int phaseBits, int phaseStep, int vFracBits, long vMin, long vMax, int weightMax,
                int[][] rowScales) {
    }

    /** Largest per-neuron (or per-layer) weight scale: an 8-bit unsigned register. */
    static final int WEIGHT_SCALE_MAX = 255;
    /** Config metadata naming how the weights were scaled: none, per-layer or per-neuron. */
    static final String WEIGHT_SCALES_KEY = "theta.weight_scales";
    /** Cap on the automatic voltage fraction bits. */
    static final int MAX_V_FRAC_BITS = 24;

    @Override
    public List<Violation> check(Network network, QuantSpec spec) {
        NetworkLayers net = NetworkLayers.of(network);
        List<Violation> out = new ArrayList<>();
        boolean modelOk = LayerChecks.checkModel(net, CONSTRAINTS.models(), name(), out);
        if (spec.perChannel() && spec.thetaVFracBits() >= 0)
            out.add(Violation.of("network", "per-channel quantization with fixed v_frac_bits " + spec.thetaVFracBits(), "on",
                    "off (fixed fraction bits mean unscaled integer weights)"));
        LayerChecks.checkSizes(net, CONSTRAINTS, mapper, true, out);
        if (!modelOk) return out;
        ThetaPhaseMap map = new ThetaPhaseMap(net.params().getTau(), net.params().getDrive());
        double theta = map.period();
        if (spec.dt() >= theta) {
            out.add(Violation.of("network", "dt", spec.dt(), "< Theta = " + theta));
            return out;
        }
        Plan p = plan(net, spec, Calibration.none());
        if (p.phaseStep() < 1) out.add(Violation.of("network", "phase_step = round(dt 2^phase_bits / Theta)", p.phaseStep(), ">= 1"));
        if (spec.thetaInvIndexBits() > p.phaseBits())
            out.add(Violation.of("network", "inv_index_bits", spec.thetaInvIndexBits(), "<= phase_bits " + p.phaseBits()));
        if (Math.max(Math.abs(p.vMin()), Math.abs(p.vMax())) > (1L << 30))
            out.add(Violation.of("network", "theta voltage range (integer)", p.vMin() + ".." + p.vMax(), "within +-2^30"));
        if (spec.thetaVFracBits() >= 0) {
            for (LayerView l : net.layers()) {
                double wInt = l.maxAbsWeight() * Math.scalb(1.0, p.vFracBits());
                if (Math.round(wInt) > p.weightMax())
                    out.add(Violation.of(l.name(), "max |w| * 2^v_frac_bits", Math.round(wInt), "<= " + p.weightMax()));
            }
        }
        return out;
    }

    @Override
    public HardwareConfig lower(Network network, QuantSpec spec, Calibration calibration) {
        List<Violation> v = check(network, spec);
        NetworkLayers net = NetworkLayers.of(network);
        if (!v.isEmpty()) throw new DesignRuleException(name(), net.networkName(), v);
        Plan p = plan(net, spec, calibration);
        ThetaTables tables = ThetaTableBuilder.build(p.map(), p.phaseBits(), p.phaseStep(), spec.thetaInvIndexBits(),
                spec.thetaPhiIndexBits(), p.vFracBits(), (int) p.vMin(), (int) p.vMax());
        HardwareConfig.Builder cfg = HardwareConfig.newBuilder().setTarget(name()).setFormatVersion("1")
                .setNetworkName(net.networkName()).setNumInputs(net.numInputs()).setDt(spec.dt())
                .setNumSteps(spec.stepsFor(net.trialEnd())).setThetaTables(tables);
        long bigP = 1L << p.phaseBits();
        double theta = p.map().period();
        List<LayerView> layers = net.layers();
        for (int li = 0; li < layers.size(); li++) {
            LayerView l = layers.get(li);
            int[] rs = p.rowScales()[li];
            HwLayer.Builder hl = HwLayer.newBuilder().setName(l.name()).setSize(l.size()).setSource(l.source())
                    .setFanIn(l.fanIn()).setOutput(l.output()).setInputDelay(0);
            if (l.hasKernel()) {
                // shared kernels take one scale per layer (per-neuron scales would unshare them; see plan)
                KernelLowering.setFeedForward(hl, l.weights(), l.kernel(),
                        w -> ThetaWeightScales.quantize(w, p.vFracBits(), rs[0], p.weightMax()));
            } else {
                for (int k = 0; k < l.weights().length; k++)
                    hl.addWeights(ThetaWeightScales.quantize(l.weights()[k], p.vFracBits(), rs[k / l.fanIn()], p.weightMax()));
            }
            if (l.hasRecurrent())
                for (int k = 0; k < l.recurrent().length; k++)
                    hl.addRecurrentWeights(ThetaWeightScales.quantize(l.recurrent()[k], p.vFracBits(), rs[k / l.size()], p.weightMax()));
            ThetaPhase.Builder tp = ThetaPhase.newBuilder();
            for (double phi0 : l.initialV()) tp.addPhaseInit((int) Math.max(0, Math.min(bigP - 1, Math.round(phi0 * bigP / theta))));
            hl.setTheta(tp);
            cfg.addLayers(hl);
        }
        cfg.addAllCores(mapper.map(LayerChecks.shapes(net, true)));
        cfg.putMetadata("quant.weight_bits", Integer.toString(spec.weightBits()));
        cfg.putMetadata("quant.clip_percentile", Double.toString(spec.clipPercentile()));
        cfg.putMetadata(WEIGHT_SCALES_KEY, spec.thetaVFracBits() >= 0 ? "none" : spec.perChannel() ? "per-neuron" : "per-layer");
        cfg.putMetadata("theta.effective_dt", Double.toString(p.phaseStep() * theta / bigP));
        cfg.putMetadata("model", "THETA tau=" + net.params().getTau() + " drive=" + net.params().getDrive());
        return cfg.build();
    }

    @Override
    public ResourceReport report(HardwareConfig config, Activity activity) {
        ThetaTables t = config.getThetaTables();
        long vBits = 64 - Long.numberOfLeadingZeros(Math.max(Math.abs((long) t.getVMin()), Math.abs((long) t.getVMax()))) + 1L;
        long tableBits = t.getInvPhiCount() * vBits + (long) t.getPhiCount() * t.getPhaseBits();
        LayerResources tables = new LayerResources("theta_tables", 0, 0, 0, tableBits, 0, 0, 0, 0, 0);
        String scales = config.getMetadataOrDefault(WEIGHT_SCALES_KEY, "none");
        if (scales.equals("none")) return new ResourceEstimator(CONSTRAINTS.weightBits(), t.getPhaseBits(), COST).estimate(config, activity, List.of(tables));
        long registers = 0;
        for (HwLayer l : config.getLayersList())
            registers += scales.equals("per-neuron") && l.getConnectivityCase() == HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET ? l.getSize() : 1;
        int scaleBits = 32 - Integer.numberOfLeadingZeros(WEIGHT_SCALE_MAX);
        LayerResources scaleRow = new LayerResources("theta_weight_scales", 0, 0, 0, registers * scaleBits, 0, 0, 0, 0, 0);
        return new ResourceEstimator(CONSTRAINTS.weightBits(), t.getPhaseBits(), COST).estimate(config, activity, List.of(scaleRow, tables));
    }

    @Override
    public Network fakeQuantize(Network network, QuantSpec spec, Calibration calibration) {
        HardwareConfig cfg = lower(network, spec, calibration);
        double scale = Math.scalb(1.0, -cfg.getThetaTables().getVFracBits());
        Network.Builder b = network.toBuilder().clearProjections();
        for (Projection pr : network.getProjectionsList()) {
            HwLayer hl = Loihi2Target.findLayer(cfg, pr.getTarget());
            List<Integer> q = pr.getSource().equals(pr.getTarget()) ? hl.getRecurrentWeightsList() : KernelLowering.storedFeedForward(hl);
            Projection.Builder nb = pr.toBuilder().clearWeights();
            for (int x : q) nb.addWeights(x * scale);
            b.addProjections(nb);
        }
        return b.build();
    }

    Plan plan(NetworkLayers net, QuantSpec spec, Calibration cal) {
        ThetaPhaseMap map = new ThetaPhaseMap(net.params().getTau(), net.params().getDrive());
        double theta = map.period();
        int phaseBits = spec.thetaPhaseBits();
        if (phaseBits == 0) {
            phaseBits = 30;
            for (int pb = Math.max(8, spec.thetaInvIndexBits()); pb <= 30; pb++) {
                long step = Math.round(spec.dt() * Math.scalb(1.0, pb) / theta);
                if (step >= 1 && Math.abs(step * theta / Math.scalb(1.0, pb) - spec.dt()) <= 1e-3 * spec.dt()) {
                    phaseBits = pb;
                    break;
                }
            }
        }
        int phaseStep = (int) Math.round(spec.dt() * Math.scalb(1.0, phaseBits) / theta);
        int weightMax = (1 << (spec.weightBits() - 1)) - 1;
        double edgeSpan = map.invPhi((1.0 - 0.5 / (1 << spec.thetaInvIndexBits())) * theta) - 0.5;
        double balancedSpan = map.b() * Math.sqrt(Math.scalb(1.0, spec.thetaPhiIndexBits()));
        double span = spec.thetaVSpan() > 0 ? spec.thetaVSpan() : Math.min(edgeSpan, balancedSpan);
        List<LayerView> layers = net.layers();
        int[][] scales = new int[layers.size()][];
        int f = spec.thetaVFracBits();
        if (f >= 0) {
            for (int i = 0; i < scales.length; i++) scales[i] = ones(layers.get(i).size());
        } else {
            double[][] clips = new double[layers.size()][];
            double maxClip = 0;
            for (int i = 0; i < clips.length; i++) {
                LayerView l = layers.get(i);
                double layerClip = LayerChecks.clipWeight(l, cal.of(l.name()).weightClip(), spec.clipPercentile());
                clips[i] = new double[l.size()];
                for (int r = 0; r < l.size(); r++) {
                    clips[i][r] = spec.perChannel() && !l.hasKernel() ? Math.min(layerClip, rowClip(l, r, spec.clipPercentile())) : layerClip;
                    maxClip = Math.max(maxClip, clips[i][r]);
                }
            }
            // the voltage range (1/2 +- span) 2^f must stay within +-2^30
            int maxFrac = Math.min(MAX_V_FRAC_BITS, (int) Math.floor(Math.log(Math.scalb(1.0, 30) / (span + 0.5)) / Math.log(2)));
            f = ThetaWeightScales.fracBits(maxClip, weightMax, WEIGHT_SCALE_MAX, Math.max(0, maxFrac));
            for (int i = 0; i < scales.length; i++) {
                scales[i] = new int[clips[i].length];
                for (int r = 0; r < clips[i].length; r++)
                    scales[i][r] = ThetaWeightScales.scale(clips[i][r], f, weightMax, WEIGHT_SCALE_MAX);
            }
        }
        double s = Math.scalb(1.0, f);
        long vMin = Math.round((0.5 - span) * s);
        long vMax = Math.round((0.5 + span) * s);
        if (!(spec.thetaVSpan() > 0)) vMax = fitPhiTable(vMin, vMax, spec.thetaPhiIndexBits());
        return new Plan(map, phaseBits, phaseStep, f, vMin, vMax, weightMax, scales);
    }

    /**
     * The balanced span makes v_max - v_min a power of two, 2^(k + s); the phi table then needs shift s + 1 for its
     * last entry and gets only 2^(k-1) + 1 bins. When v_max - v_min is at most 2^(k + s) + 2^s - 1 above such a
     * power, v_max is lowered to v_min + 2^(k + s) - 1 (giving up at most 2^-k of the range at its top), so that
     * the phi table has 2^k bins of 2^s units.
     */
    static long fitPhiTable(long vMin, long vMax, int phiIndexBits) {
        long range = vMax - vMin;
        int shift = 0;
        while ((range >> shift) >= (1L << phiIndexBits)) shift++;
        if (shift > 0 && (range >> (shift - 1)) == (1L << phiIndexBits)) return vMin + (1L << (phiIndexBits + shift - 1)) - 1;
        return vMax;
    }

    /** The clip percentile of |w| over neuron r's feed-forward and recurrent weights. */
    private static double rowClip(LayerView l, int r, double percentile) {
        int n = l.fanIn() + (l.hasRecurrent() ? l.size() : 0);
        double[] row = new double[n];
        System.arraycopy(l.weights(), r * l.fanIn(), row, 0, l.fanIn());
        if (l.hasRecurrent()) System.arraycopy(l.recurrent(), r * l.size(), row, l.fanIn(), l.size());
        return WeightQuantizer.absPercentile(row, 0, n, percentile);
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
