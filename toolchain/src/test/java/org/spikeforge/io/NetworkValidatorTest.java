package org.spikeforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.proto.Population;

class NetworkValidatorTest {
  @TempDir Path dir;

  @Test
  void validNetworkHasNoProblems() {
    assertEquals(List.of(), NetworkValidator.problems(TestNetworks.theta().build()));
  }

  static Stream<Arguments> badNetworks() {
    return Stream.of(
        bad("unspecified model", n -> n.setModel(NeuronModel.NEURON_MODEL_UNSPECIFIED),
            "model: unspecified; expected QIF_EXP, THETA, LIF_EXP or LIF_DELTA"),
        bad("unknown model number", n -> n.setModelValue(7),
            "model: unknown value 7; expected QIF_EXP, THETA, LIF_EXP or LIF_DELTA"),
        bad("NaN tau", n -> n.getParamsBuilder().setTau(Double.NaN),
            "params.tau: NaN, must be finite and > 0"),
        bad("infinite tau", n -> n.getParamsBuilder().setTau(Double.POSITIVE_INFINITY),
            "params.tau: Infinity, must be finite and > 0"),
        bad("negative tau", n -> n.getParamsBuilder().setTau(-1.0),
            "params.tau: -1.0, must be finite and > 0"),
        bad("zero tau", n -> n.getParamsBuilder().setTau(0.0),
            "params.tau: 0.0, must be finite and > 0"),
        bad("theta drive at 1/4", n -> n.getParamsBuilder().setDrive(0.25),
            "params.drive: 0.25, THETA needs a finite drive I0 > 1/4"),
        bad("theta drive below 1/4", n -> n.getParamsBuilder().setDrive(0.1),
            "params.drive: 0.1, THETA needs a finite drive I0 > 1/4"),
        bad("LIF threshold zero", n -> n.setModel(NeuronModel.LIF_EXP).clearPopulations()
                .addPopulations(Population.newBuilder().setName("hidden").setSize(2))
                .addPopulations(Population.newBuilder().setName("out").setSize(2)),
            "params.threshold: 0.0, LIF_EXP needs a finite threshold > 0"),
        bad("LIF threshold negative", n -> {
              n.setModel(NeuronModel.LIF_EXP).getParamsBuilder().setThreshold(-0.5);
              n.getPopulationsBuilder(0).clearInitialV();
            },
            "params.threshold: -0.5, LIF_EXP needs a finite threshold > 0"),
        bad("zero trial end", n -> n.setTrialEnd(0), "trial_end: 0.0, must be finite and > 0"),
        bad("NaN weight", n -> n.getProjectionsBuilder(1).setWeights(2, Double.NaN),
            "projections[1].weights[2]: NaN, must be finite"),
        bad("too few weights", n -> n.setProjections(0, n.getProjections(0).toBuilder().clearWeights().addAllWeights(n.getProjections(0).getWeightsList().subList(0, 5))),
            "projections[0].weights: 5 values, expected rows*cols = 6"),
        bad("rows vs target size", n -> n.getPopulationsBuilder(1).setSize(3),
            "projections[1].rows: 2, expected target 'out' size = 3"),
        bad("cols vs num_inputs", n -> n.setNumInputs(4),
            "projections[0].cols: 3, expected num_inputs = 4"),
        bad("cols vs source population", n -> {
              n.getPopulationsBuilder(0).setSize(3).addInitialV(0.0);
              n.getProjectionsBuilder(0).setRows(3).addWeights(0).addWeights(0).addWeights(0);
            },
            "projections[1].cols: 2, expected source 'hidden' size = 3"),
        bad("unknown source", n -> n.getProjectionsBuilder(1).setSource("hiden"),
            "projections[1].source: 'hiden' is neither 'input' nor a population name"),
        bad("unknown target", n -> n.getProjectionsBuilder(0).setTarget("outt"),
            "projections[0].target: 'outt' is not a population name"),
        bad("populations out of order", n -> {
              Population hidden = n.getPopulations(0);
              n.setPopulations(0, n.getPopulations(1)).setPopulations(1, hidden);
            },
            "projections[1].source: 'hidden' (populations[1]) comes after its target 'out' (populations[0]);"
                + " populations must be in topological order"),
        bad("initial_v wrong length", n -> n.getPopulationsBuilder(0).addInitialV(1.0),
            "populations[0].initial_v: 3 values, expected 0 (all zero) or size = 2"),
        bad("initial_i wrong length", n -> n.getPopulationsBuilder(1).addInitialI(0.0),
            "populations[1].initial_i: 1 values, expected 0 (all zero) or size = 2"),
        bad("NaN initial state", n -> n.getPopulationsBuilder(0).setInitialV(1, Double.NaN),
            "populations[0].initial_v[1]: NaN, must be finite"),
        bad("theta phase above the period", n -> n.getPopulationsBuilder(0).setInitialV(0, 6.5),
            "populations[0].initial_v[0]: 6.5, a THETA phase must lie in [0, Theta = 6.0]"),
        bad("duplicate population", n -> n.getPopulationsBuilder(1).setName("hidden"),
            "populations[1].name: 'hidden' already names populations[0]"),
        bad("population named input", n -> n.getPopulationsBuilder(0).setName("input"),
            "populations[0].name: 'input', must be non-empty and not 'input'"));
  }

  private static Arguments bad(String what, Consumer<Network.Builder> breakIt, String expected) {
    return Arguments.of(what, breakIt, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badNetworks")
  void badNetworkIsOneLineNamingFileAndField(
      String what, Consumer<Network.Builder> breakIt, String expected) {
    Network.Builder net = TestNetworks.theta();
    breakIt.accept(net);
    for (String name : List.of("model.net.json", "model.net.pb")) {
      Path file = dir.resolve(name);
      ProtoFiles.write(file, net.build());
      SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readNetwork(file));
      String message = e.getMessage();
      assertTrue(message.startsWith(file + ": " + expected), what + ": " + message);
      assertEquals(-1, message.indexOf('\n'), "one line");
    }
  }

  @Test
  void severalProblemsAreCountedAndAllKept() {
    Network.Builder builder = TestNetworks.theta().setTrialEnd(-1).setNumInputs(-2);
    builder.getParamsBuilder().setTau(Double.NaN);
    Network net = builder.build();
    SpikeForgeIoException e =
        assertThrows(SpikeForgeIoException.class, () -> NetworkValidator.check(net, Path.of("x.net.pb")));
    assertEquals("x.net.pb: params.tau: NaN, must be finite and > 0 (and 2 more)", e.getMessage());
    assertEquals(
        List.of("x.net.pb: params.tau: NaN, must be finite and > 0",
            "x.net.pb: trial_end: -1.0, must be finite and > 0",
            "x.net.pb: num_inputs: -2, must be >= 0"),
        e.allProblems());
  }

  @Test
  void recurrentProjectionOntoItselfIsAllowed() {
    Network.Builder net = TestNetworks.theta();
    net.addProjections(net.getProjections(1).toBuilder().setSource("out").setTarget("out"));
    assertEquals(List.of(), NetworkValidator.problems(net.build()));
  }

  @Test
  void thetaPhaseExactlyAtThePeriodIsAllowed() {
    Network.Builder net = TestNetworks.theta();
    double period = net.getParams().getTau() * Math.PI / Math.sqrt(1.0);
    net.getPopulationsBuilder(0).setInitialV(0, period).setInitialV(1, 0.0);
    assertEquals(List.of(), NetworkValidator.problems(net.build()));
  }
}
