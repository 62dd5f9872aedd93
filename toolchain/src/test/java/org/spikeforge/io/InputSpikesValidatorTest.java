package org.spikeforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeDataset;
import org.spikeforge.proto.SpikeTrain;

class InputSpikesValidatorTest {
  @TempDir Path dir;

  @Test
  void validInputsHaveNoProblems() {
    assertEquals(List.of(), InputSpikesValidator.problems(TestNetworks.inputs().build(), 3, ""));
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("channel count vs network", (Consumer<InputSpikes.Builder>) s -> s.setChannels(2).removeTrains(2),
            "channels: 2, expected the network's num_inputs = 3"),
        Arguments.of("trains vs channels", (Consumer<InputSpikes.Builder>) s -> s.removeTrains(1),
            "trains: 2 trains, expected one per channel = 3"),
        Arguments.of("NaN time", (Consumer<InputSpikes.Builder>) s -> s.getTrainsBuilder(2).setTimes(0, Double.NaN),
            "trains[2].times[0]: NaN, must be finite"),
        Arguments.of("infinite time", (Consumer<InputSpikes.Builder>) s -> s.getTrainsBuilder(0).addTimes(Double.POSITIVE_INFINITY),
            "trains[0].times[2]: Infinity, must be finite"),
        Arguments.of("negative time", (Consumer<InputSpikes.Builder>) s -> s.getTrainsBuilder(0).setTimes(0, -0.5),
            "trains[0].times[0]: -0.5, must be >= 0"),
        Arguments.of("descending times", (Consumer<InputSpikes.Builder>) s -> s.getTrainsBuilder(0).addTimes(0.5),
            "trains[0].times[2]: 0.5 < previous 0.7, times must be ascending"),
        Arguments.of("negative step", (Consumer<InputSpikes.Builder>) s -> s.getTrainsBuilder(1).addSteps(-1),
            "trains[1].steps[0]: -1, must be >= 0"),
        Arguments.of("bad label", (Consumer<InputSpikes.Builder>) s -> s.setLabel(-3),
            "label: -3, must be >= 0 or -1 (unknown)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputsAreOneLineNamingFileAndField(String what, Consumer<InputSpikes.Builder> breakIt, String expected) {
    InputSpikes.Builder spikes = TestNetworks.inputs();
    breakIt.accept(spikes);
    Path file = dir.resolve("sample.spikes.json");
    ProtoFiles.write(file, spikes.build());
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readInputSpikes(file, 3));
    assertEquals(file + ": " + expected, e.getMessage(), what);
  }

  @Test
  void datasetProblemsNameTheSample() {
    SpikeDataset dataset = SpikeDataset.newBuilder()
        .addSamples(TestNetworks.inputs())
        .addSamples(TestNetworks.inputs().setTrains(1, SpikeTrain.newBuilder().addTimes(Double.NaN)))
        .build();
    Path file = dir.resolve("test.dataset.pb");
    ProtoFiles.write(file, dataset);
    SpikeForgeIoException e = assertThrows(SpikeForgeIoException.class, () -> ProtoFiles.readDataset(file, 3));
    assertEquals(file + ": samples[1].trains[1].times[0]: NaN, must be finite", e.getMessage());
  }

  @Test
  void channelCheckCanBeSkipped() {
    InputSpikes spikes = TestNetworks.inputs().build();
    assertEquals(List.of(), InputSpikesValidator.problems(spikes, -1, ""));
    assertEquals(1, InputSpikesValidator.problems(spikes, 4, "").size());
  }
}
