package org.spikeforge.hw.targets;

import java.util.List;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.DecayErrors;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.StepChoice;
import org.spikeforge.hw.report.Activity;
import org.spikeforge.hw.report.ResourceReport;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;

/**
 * One hardware family. The compile flow is {@code check} (all violations at once), then
 * {@code lower} (quantize and map to a {@link HardwareConfig} whose integer semantics are
 * docs/TARGET-SEMANTICS.md), then {@code report}. Malformed networks (NaN weights, wrong shapes)
 * are refused by every method with a one-line {@code NetworkFormatException}.
 */
public interface Target {

    /** The family this target lowers for; {@code HardwareConfig.target} is its wire name. */
    TargetFamily family();

    /** Wire name of the family: "loihi2", "xylo" or "theta". */
    default String name() {
        return family().wireName();
    }

    /** The limits the design-rule check enforces. */
    TargetConstraints constraints();

    /** Every design-rule violation of the network under this spec; empty when it fits. Never stops at the first. */
    List<Violation> check(Network network, QuantSpec spec);

    /**
     * Quantizes and maps the network. Calibration statistics sharpen the scales; with
     * {@link Calibration#none()} they come from the weights.
     *
     * @throws DesignRuleException listing every violation when {@link #check} is not empty
     */
    HardwareConfig lower(Network network, QuantSpec spec, Calibration calibration);

    /** Resources, cycles, latency and energy with one spike per input and per neuron per trial. */
    default ResourceReport report(HardwareConfig config) {
        return report(config, Activity.oneSpikeEach());
    }

    /** Resources, cycles, latency and energy under the given activity. */
    ResourceReport report(HardwareConfig config, Activity activity);

    /**
     * Fake quantization for quantization-aware training: a copy of the network whose weights are
     * the float values the lowered hardware effectively uses (integer weights mapped back to float
     * units relative to the lowered threshold / voltage scale). Other fields are unchanged.
     */
    Network fakeQuantize(Network network, QuantSpec spec, Calibration calibration);

    /**
     * The time step to compile with when the user gives none: targets whose integer decays depend on dt pick a step
     * near {@code nominalDt} at which they best match the float decays (see {@code DecayStepChooser}); the default
     * keeps {@code nominalDt}.
     */
    default StepChoice chooseStep(Network network, double nominalDt) {
        return StepChoice.fixed(nominalDt, decayErrors(network, nominalDt), "nominal");
    }

    /** Steps per trial around which {@link #chooseStep(Network)} looks when the user gives no time step. */
    int NOMINAL_STEPS_PER_TRIAL = 200;

    /**
     * The automatic time step: {@link #chooseStep(Network, double)} near the trial end over
     * {@value #NOMINAL_STEPS_PER_TRIAL} steps, the one rule that compile, the demo and HIL share.
     */
    default StepChoice chooseStep(Network network) {
        return chooseStep(network, network.getTrialEnd() / NOMINAL_STEPS_PER_TRIAL);
    }

    /** The relative decay rate errors of this target at dt, or null when it has no LIF decays (theta, other models). */
    default DecayErrors decayErrors(Network network, double dt) {
        return null;
    }
}
