package org.spikeforge.hw.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.spikeforge.hw.map.CoreMapper;
import org.spikeforge.hw.net.LayerView;
import org.spikeforge.hw.net.NetworkLayers;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.ThetaPhaseMap;
import org.spikeforge.hw.quant.ThetaTableBuilder;
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
 * <li>v_frac_bits f (auto) = floor(log2((2^(b-1) - 1) / m)) over the network's clip weight m, in 0..24,
 *     so the largest weight uses the whole b-bit range; w_int = clamp(round(w 2^f), +-(2^(b-1) - 1)).</li>
 * <li>voltage range 1/2 +- span; span (auto) = min(Phi^-1 at the last inv_phi bin centre - 1/2,
 *     b 2^(phi_index_bits/2)). The first term is the most inv_phi can use; the second balances the two
 *     errors of a uniform phi table of 2^k bins over 2 span volts: the phase lost by saturating at
 *     +-span, about tau/span, against the half-bin error at V = 1/2, about (tau/b^2) span / 2^k;
 *     they are equal at span = b 2^(k/2). Tables from {@link ThetaTableBuilder}.</li>
 * <li>phase_init = clamp(round(phi0 P / Theta), 0, P - 1); input_delay 0 (the float network has no
 *     transmission delay). A spike at step n lies in (n dt, (n + 1) dt].</li>
 * </ul>
 * One voltage scale serves the whole network, so per-channel quantization is refused.
 *
 * <p>Design limits (ours, not a fabricated chip): 1024 neurons and 2^20 synapses per core, 64 cores.
 * Cost model: assumptions for a 28-nm-class SRAM design, 1 pJ and 1 cycle per synaptic op, 3 pJ and
 * 3 cycles per neuron update (counter add plus two table reads), 1 pJ and 1 cycle per spike, 100 MHz.
 */
public final class ThetaTarget implements Target {

    private static final TargetConstraints CONSTRAINTS = new TargetConstraints(8, 30,
            "none: phase counter advances phase_step per step; the nonlinearity lives in inv_phi/phi tables",
            1024, 1L << 20, 1 << 20, TargetConstraints.UNLIMITED, 64, TargetConstraints.UNLIMITED,
            TargetConstraints.UNLIMITED, 64 * 1024, "phase_step counter units = QuantSpec.dt model time", 0, 0,
            Set.of(NeuronModel.THETA));

    private static final CostModel COST = new CostModel(1e-12, 3e-12, 1e-12, 1, 3, 1, 100e6,
            "assumption (design estimate, no silicon): 1 pJ/syn-op, 3 pJ/update, 1 pJ/spike; 1/3/1 cycles at 100 MHz");

    private final CoreMapper mapper = new CoreMapper(CONSTRAINTS.neuronsPerCore(), CONSTRAINTS.synapsesPerCore());

    @Override
    public String name() {
        return "theta";
    }

    @Override
    public TargetConstraints constraints() {
        return CONSTRAINTS;
    }

    /** Network-wide fixed-point geometry. */
    record Plan(ThetaPhaseMap map, int phaseBits, int phaseStep, int vFracBits, long vMin, long vMax, int weightMax) {
    }

    @Override
    public List<Violation> check(Network network, QuantSpec spec) {
        NetworkLayers net = NetworkLayers.of(network);
        List<Violation> out = new ArrayList<>();
        boolean modelOk = LayerChecks.checkModel(net, CONSTRAINTS.models(), name(), out);
        if (spec.perChannel())
            out.add(Violation.of("network", "per-channel quantization", "on", "off (one voltage scale for the shared tables)"));
        LayerChecks.checkSizes(net, CONSTRAINTS, mapper, out);
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
        double scale = Math.scalb(1.0, p.vFracBits());
        long bigP = 1L << p.phaseBits();
        double theta = p.map().period();
        for (LayerView l : net.layers()) {
            HwLayer.Builder hl = HwLayer.newBuilder().setName(l.name()).setSize(l.size()).setSource(l.source())
                    .setFanIn(l.fanIn()).setOutput(l.output()).setInputDelay(0);
            for (double w : l.weights()) hl.addWeights(WeightQuantizer.quantize(w * scale, 1.0, p.weightMax()));
            if (l.hasRecurrent()) for (double w : l.recurrent()) hl.addRecurrentWeights(WeightQuantizer.quantize(w * scale, 1.0, p.weightMax()));
            ThetaPhase.Builder tp = ThetaPhase.newBuilder();
            for (double phi0 : l.initialV()) tp.addPhaseInit((int) Math.max(0, Math.min(bigP - 1, Math.round(phi0 * bigP / theta))));
            hl.setTheta(tp);
            cfg.addLayers(hl);
        }
        cfg.addAllCores(mapper.map(LayerChecks.shapes(net)));
        cfg.putMetadata("quant.weight_bits", Integer.toString(spec.weightBits()));
        cfg.putMetadata("quant.clip_percentile", Double.toString(spec.clipPercentile()));
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
        return new ResourceEstimator(CONSTRAINTS.weightBits(), t.getPhaseBits(), COST).estimate(config, activity, List.of(tables));
    }

    @Override
    public Network fakeQuantize(Network network, QuantSpec spec, Calibration calibration) {
        HardwareConfig cfg = lower(network, spec, calibration);
        double scale = Math.scalb(1.0, -cfg.getThetaTables().getVFracBits());
        Network.Builder b = network.toBuilder().clearProjections();
        for (Projection pr : network.getProjectionsList()) {
            HwLayer hl = Loihi2Target.findLayer(cfg, pr.getTarget());
            List<Integer> q = pr.getSource().equals(pr.getTarget()) ? hl.getRecurrentWeightsList() : hl.getWeightsList();
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
        int f = spec.thetaVFracBits();
        if (f < 0) {
            double m = 0;
            for (LayerView l : net.layers()) m = Math.max(m, LayerChecks.clipWeight(l, cal.of(l.name()).weightClip(), spec.clipPercentile()));
            f = m > 0 ? (int) Math.floor(Math.log(weightMax / m) / Math.log(2) + 1e-12) : 16;
            f = Math.max(0, Math.min(24, f));
        }
        double edgeSpan = map.invPhi((1.0 - 0.5 / (1 << spec.thetaInvIndexBits())) * theta) - 0.5;
        double balancedSpan = map.b() * Math.sqrt(Math.scalb(1.0, spec.thetaPhiIndexBits()));
        double span = spec.thetaVSpan() > 0 ? spec.thetaVSpan() : Math.min(edgeSpan, balancedSpan);
        double s = Math.scalb(1.0, f);
        return new Plan(map, phaseBits, phaseStep, f, Math.round((0.5 - span) * s), Math.round((0.5 + span) * s), weightMax);
    }
}
