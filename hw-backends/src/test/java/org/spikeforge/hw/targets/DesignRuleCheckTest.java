package org.spikeforge.hw.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.testing.NetBuilder;
import org.spikeforge.proto.Network;

class DesignRuleCheckTest {

    // tau = 1, dt = 1/16: dash_syn = log2(8) = 3, dash_mem = log2(16) = 4, both inside 0..15
    private static final QuantSpec SPEC = QuantSpec.defaults(1.0 / 16);

    @Test
    void xyloRefusesMnistSizeNetWithEveryViolationAtOnce() {
        Network mnist = NetBuilder.mnistLif(1.0);
        List<Violation> v = Targets.byName("xylo").check(mnist, SPEC);
        assertEquals(List.of(
                Violation.of("network", "input channels", 784, "<= 16"),
                Violation.of("network", "output neurons", 10, "<= 8"),
                Violation.of("h1", "fan-out (non-zero outgoing synapses per neuron)", 100, "<= 64")), v);
        DesignRuleException e = assertThrows(DesignRuleException.class,
                () -> Targets.byName("xylo").lower(mnist, SPEC, Calibration.none()));
        assertEquals(3, e.violations().size());
        assertTrue(e.getMessage().contains("3 violations"), e.getMessage());
        assertTrue(e.getMessage().contains("h1: fan-out (non-zero outgoing synapses per neuron) = 100 violates limit <= 64"), e.getMessage());
    }

    @Test
    void xyloReportsStructureAndDecayViolationsTogether() {
        // one layer that is an output fed straight from the input, recurrent, and tau/dt = 2^20
        Network n = NetBuilder.lif("bad-xylo", 1.0, 1.0).inputs(2)
                .layer("out", 2, "input", true, 0.1, 0.2, 0.3, 0.4).recurrent("out", 0, 0.1, 0.1, 0).build();
        List<Violation> v = new XyloTarget().check(n, QuantSpec.defaults(Math.scalb(1.0, -20)));
        assertEquals(List.of(
                Violation.of("network", "neuron layers", 1, ">= 2 (hidden and output)"),
                Violation.of("out", "source", "input", "a hidden layer (inputs reach hidden neurons only)"),
                Violation.of("out", "recurrent weights", "present", "none on output neurons"),
                Violation.of("network", "dash_syn = round(log2(tau/2/dt))", 19L, "0..15"),
                Violation.of("network", "dash_mem = round(log2(tau/dt))", 20L, "0..15")), v);
    }

    @Test
    void loihi2AcceptsTheMnistSizeLifNet() {
        assertEquals(List.of(), Targets.byName("loihi2").check(NetBuilder.mnistLif(1.0), SPEC));
    }

    @Test
    void loihi2ListsPerChannelAndDecayViolationsTogether() {
        // tau = 10000, dt = 0.1: 4096 (1 - exp(-2e-5)) = 0.082 -> du = round(0.082) - 1 = -1
        Network n = NetBuilder.lif("slow", 10000, 1.0).inputs(2).layer("o", 1, "input", true, 0.5, 0.5).build();
        List<Violation> v = Targets.byName("loihi2").check(n, QuantSpec.defaults(0.1).withPerChannel(true));
        assertEquals(2, v.size(), v.toString());
        assertEquals(Violation.of("network", "per-channel quantization", "on", "off (Lava Dense has one weight_exp and LIF one vth per layer)"), v.get(0));
        assertEquals("du (tau=10000.0, dt=0.1)", v.get(1).quantity());
        assertEquals("-1", v.get(1).value());
    }

    @Test
    void unsupportedModelNamesTheModelsTheTargetRuns() {
        List<Violation> toLoihi = Targets.byName("loihi2").check(NetBuilder.mnistTheta(), SPEC);
        assertEquals(List.of(Violation.of("network", "neuron model", "THETA", "target loihi2 runs only LIF_DELTA, LIF_EXP")), toLoihi);
        List<Violation> toTheta = Targets.byName("theta").check(NetBuilder.mnistLif(1.0), SPEC);
        assertEquals(List.of(Violation.of("network", "neuron model", "LIF_EXP", "target theta runs only THETA")), toTheta);
        DesignRuleException e = assertThrows(DesignRuleException.class,
                () -> Targets.byName("loihi2").lower(NetBuilder.mnistTheta(), SPEC, Calibration.none()));
        assertTrue(e.getMessage().contains("runs only LIF_DELTA, LIF_EXP"), e.getMessage());
    }

    @Test
    void thetaAcceptsMnistThetaNetAndRefusesBadGeometryAllAtOnce() {
        assertEquals(List.of(), Targets.byName("theta").check(NetBuilder.mnistTheta(), QuantSpec.defaults(0.01)));
        // Theta = 6; 2^4 counter units with dt = 0.1 give phase_step round(0.267) = 0; inv_index_bits 8 > 4;
        // per-channel scales with fixed v_frac_bits 0
        QuantSpec bad = QuantSpec.defaults(0.1).withPerChannel(true).withTheta(4, 8, 10, 0, Double.NaN);
        List<Violation> v = Targets.byName("theta").check(NetBuilder.mnistTheta(), bad);
        assertEquals(List.of(
                Violation.of("network", "per-channel quantization with fixed v_frac_bits 0", "on", "off (fixed fraction bits mean unscaled integer weights)"),
                Violation.of("network", "phase_step = round(dt 2^phase_bits / Theta)", 0, ">= 1"),
                Violation.of("network", "inv_index_bits", 8, "<= phase_bits 4")), v);
        assertEquals(List.of(Violation.of("network", "dt", 7.0, "< Theta = 6.0")),
                Targets.byName("theta").check(NetBuilder.mnistTheta(), QuantSpec.defaults(7.0)));
    }

    @Test
    void unknownTargetNameListsKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Targets.byName("spinnaker"));
        assertEquals("unknown target 'spinnaker' (choose loihi2, xylo, theta)", e.getMessage());
        for (String n : Targets.names()) assertEquals(n, Targets.byName(n).name());
    }

    @Test
    void loihi2OversizeNetListsFanInNeuronsCoresAndPerChannelTogether() {
        // a: 1 neuron with fan-in 131,073 (> 131,072 synapses per core); b: 2^20 neurons with fan-in 1 -> 128 cores of 8192;
        // a's core makes 129 > 128; neurons 2^20 + 1 > 128 * 8192; and the emulator's limits: 131,073 input
        // channels and b's 2^20 neurons are each > 65,536
        int bigIn = 131073;
        int bigN = 1 << 20;
        double[] wa = new double[bigIn];
        java.util.Arrays.fill(wa, 0.01);
        double[] wb = new double[bigN];
        java.util.Arrays.fill(wb, 2.0);
        Network n = NetBuilder.lif("huge", 1.0, 1.0).inputs(bigIn).layer("a", 1, "input", false, wa).layer("b", bigN, "a", true, wb).build();
        List<Violation> v = Targets.byName("loihi2").check(n, QuantSpec.defaults(0.1).withPerChannel(true));
        assertEquals(List.of(
                Violation.of("network", "per-channel quantization", "on", "off (Lava Dense has one weight_exp and LIF one vth per layer)"),
                Violation.of("network", "input channels", bigIn, "<= 65536"),
                Violation.of("a", "fan-in", bigIn, "<= 131072"),
                Violation.of("network", "neurons", bigN + 1L, "<= 1048576"),
                Violation.of("network", "cores", 129, "<= 128"),
                Violation.of("b", "neurons per layer", bigN, "<= 65536 (emulator config limit)")), v);
    }
}
