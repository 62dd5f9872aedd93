package org.spikeforge.hw.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.NeuronParams;
import org.spikeforge.proto.Population;
import org.spikeforge.proto.Projection;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/**
 * LIF_DELTA (NIR's plain LIF) on loihi2: du = 4095 makes Lava's current last one step, so an input
 * of weight w moves v by w S_v in the step it is delivered and v decays by s = exp(-dt/tau) after.
 * Every integer below is worked out by hand from docs/TARGET-SEMANTICS.md and the lowering formulas.
 */
class Loihi2LifDeltaTest {

  /** 1 input -> 1 neuron, tau 1, threshold 1, weight 0.6; dt 0.1 (s = 0.904837). */
  static Network oneNeuron(double w) {
    return Network.newBuilder().setName("delta").setModel(NeuronModel.LIF_DELTA)
        .setParams(NeuronParams.newBuilder().setTau(1.0).setThreshold(1.0)).setTrialEnd(2.0).setNumInputs(1)
        .addPopulations(Population.newBuilder().setName("n").setSize(1).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("n").setRows(1).setCols(1).addWeights(w))
        .build();
  }

  @Test
  void lowersToAnInstantaneousCurrentWithHandWorkedIntegers() {
    HardwareConfig cfg = new Loihi2Target().lower(oneNeuron(0.6), QuantSpec.defaults(0.1), Calibration.none());
    Loihi2Lif p = cfg.getLayers(0).getLoihi2();
    // du = 4095: the current decay factor 4096 - (du + 1) is 0.
    assertEquals(4095, p.getDu());
    // dv = round(4096 (1 - exp(-0.1))) = round(389.79) = 390.
    assertEquals(390, p.getDv());
    // EXCITATORY, 8 bits: M = 255; c = 1; S_v(e) = 255 2^(e+6) / 0.6; caps: (2^17 - 1) 64 / 1 = 8388544 and
    // (2^23 - 1) / 0.6; e = 7 gives 3481600 (under both), so weight_exp 7, stored weight 255 and
    // vth = round(3481600 / 64) = 54400.
    assertEquals(7, p.getWeightExp());
    assertEquals(3, p.getSignMode());
    assertEquals(List.of(255), cfg.getLayers(0).getWeightsList());
    assertEquals(54400, p.getVth());
    assertEquals(21, cfg.getNumSteps()); // ceil(2.0 / 0.1) + 1
  }

  @Test
  void twoCloseInputsFireAndTwoDistantOnesDoNot() {
    // Float model: inputs at t = 0 and 0.1 give V = 0.6 e^{-0.1} + 0.6 = 1.143 > 1, a spike at the second
    // input; at t = 0 and 1.0 V = 0.6 e^{-1} + 0.6 = 0.821, no spike.
    // Integers: u = 255 << 7 << 6 = 2088960 in the delivery step (input_delay 1), 0 the step after.
    // v after one input = 2088960; one step later trunc(2088960 * 3706 / 4096) = 1890060; with the second
    // input 1890060 + 2088960 = 3979020 > 54400 << 6 = 3481600 -> spike, reset to 0.
    HardwareConfig cfg = new Loihi2Target().lower(oneNeuron(0.6), QuantSpec.defaults(0.1), Calibration.none());
    RecordSpec probes = RecordSpec.of(new RecordSpec.Probe("n", 0, "v"), new RecordSpec.Probe("n", 0, "u"));
    Trace close = Emulator.run(cfg, input(0, 1), cfg.getNumSteps(), probes);
    assertEquals(List.of(2L), close.getPopulations(0).getSpikes(0).getStepsList());
    // probes hold v after the reset: the spike step reads 0
    assertEquals(List.of(0L, 2088960L, 0L, 0L), close.getProbes(0).getValuesList().subList(0, 4));
    assertEquals(List.of(0L, 2088960L, 2088960L, 0L), close.getProbes(1).getValuesList().subList(0, 4));

    Trace far = Emulator.run(cfg, input(0, 10), cfg.getNumSteps(), probes);
    assertEquals(0, far.getPopulations(0).getSpikes(0).getStepsCount());
    assertEquals(List.of(0L, 2088960L, 1890060L), far.getProbes(0).getValuesList().subList(0, 3));
    assertEquals(0L, far.getProbes(1).getValues(2)); // the current lasted one step
    // v over steps 1..11 is 2088960 decayed ten times by trunc(x * 3706 / 4096), then + 2088960 at step 11.
    long v = 2088960;
    for (int k = 0; k < 10; k++) {
      v = v * 3706 / 4096;
    }
    assertEquals(v + 2088960, far.getProbes(0).getValues(11));
    // ... which is S_v times the float closed form 0.6 e^{-1} + 0.6 within the dv rounding (390 vs 389.79).
    double floatV = (0.6 * Math.exp(-1.0) + 0.6) * 3481600;
    assertTrue(Math.abs((v + 2088960) - floatV) < 2e-3 * floatV, (v + 2088960) + " vs " + floatV);
  }

  @Test
  void aDriveIsRefusedUntilTheLoweringWritesABias() {
    Network driven = oneNeuron(0.6).toBuilder().setParams(NeuronParams.newBuilder().setTau(1.0).setThreshold(1.0)
        .setDrive(1.5)).build();
    List<Violation> v = new Loihi2Target().check(driven, QuantSpec.defaults(0.1));
    assertEquals(List.of(Violation.of("network", "LIF_DELTA drive", 1.5, "0 (the loihi2 lowering has no bias yet)")), v);
  }

  @Test
  void xyloRefusesItNamingTheModel() {
    List<Violation> v = new XyloTarget().check(oneNeuron(0.6), QuantSpec.defaults(0.1));
    assertTrue(v.stream().anyMatch(x -> x.toString().contains("LIF_DELTA")), v.toString());
  }

  @Test
  void layerSizeAboveTheEmulatorLimitIsAViolation() {
    assertEquals(org.spikeforge.emulator.CompiledConfig.MAX_LAYER_SIZE, Loihi2Target.MAX_LAYER_NEURONS);
    int n = Loihi2Target.MAX_LAYER_NEURONS + 1;
    Network big = Network.newBuilder().setName("big").setModel(NeuronModel.LIF_EXP)
        .setParams(NeuronParams.newBuilder().setTau(1.0).setThreshold(1.0)).setTrialEnd(1.0).setNumInputs(1)
        .addPopulations(Population.newBuilder().setName("wide").setSize(n).setOutput(true))
        .addProjections(Projection.newBuilder().setSource("input").setTarget("wide").setRows(n).setCols(1)
            .addAllWeights(java.util.Collections.nCopies(n, 0.5)))
        .build();
    List<Violation> v = new Loihi2Target().check(big, QuantSpec.defaults(0.01));
    assertTrue(v.stream().anyMatch(x -> x.toString().contains("wide") && x.toString().contains("neurons per layer")
        && x.toString().contains("65536")), v.toString());
  }

  private static InputSpikes input(long... steps) {
    SpikeTrain.Builder t = SpikeTrain.newBuilder();
    for (long s : steps) {
      t.addSteps(s);
    }
    return InputSpikes.newBuilder().setChannels(1).addTrains(t).build();
  }
}
