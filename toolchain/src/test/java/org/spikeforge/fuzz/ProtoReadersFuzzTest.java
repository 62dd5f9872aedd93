package org.spikeforge.fuzz;

import static org.spikeforge.fuzz.FuzzContract.IO;
import static org.spikeforge.fuzz.FuzzContract.check;
import static org.spikeforge.fuzz.FuzzContract.write;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.emulator.CompiledConfig;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.emulator.Emulator;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.sim.NetworkSimulator;
import org.spikeforge.sim.RunawaySimulationException;
import org.spikeforge.sim.SimulationOptions;

/**
 * Fuzzes the proto readers the CLI uses, in both encodings, each followed by what its command does
 * next with a file that passed: a network is simulated (as {@code simulate} does, so validation and
 * the engines must agree on what is valid), a hardware config is compiled by the emulator and run
 * for a few steps (as {@code emulate} does), spikes, datasets and traces are read and validated.
 */
class ProtoReadersFuzzTest {
  private static final FuzzContract.Typed RUNAWAY =
      new FuzzContract.Typed(RunawaySimulationException.class, false);
  /** The emulator's own error; the CLI prefixes the config's path (see EmulateCommand). */
  private static final FuzzContract.Typed EMULATOR = new FuzzContract.Typed(ConfigException.class, false);
  /** Few enough events that a run-away input stops well within the time limit. */
  private static final SimulationOptions OPTIONS = SimulationOptions.DEFAULT.withMaxEvents(200_000);

  @TempDir Path dir;

  @FuzzTest
  void networkBinary(byte[] data) {
    network(write(dir, "x.net.pb", data));
  }

  @FuzzTest
  void networkJson(byte[] data) {
    network(write(dir, "x.net.json", data));
  }

  @FuzzTest
  void hardwareConfigBinary(byte[] data) {
    hardwareConfig(write(dir, "x.hwcfg.pb", data));
  }

  @FuzzTest
  void hardwareConfigJson(byte[] data) {
    hardwareConfig(write(dir, "x.hwcfg.json", data));
  }

  @FuzzTest
  void inputSpikesBinary(byte[] data) {
    Path f = write(dir, "x.spikes.pb", data);
    check(f, () -> ProtoFiles.readInputSpikes(f, -1), IO);
    check(f, () -> ProtoFiles.readInputSpikes(f, 3), IO);
  }

  @FuzzTest
  void inputSpikesJson(byte[] data) {
    Path f = write(dir, "x.spikes.json", data);
    check(f, () -> ProtoFiles.readInputSpikes(f, -1), IO);
    check(f, () -> ProtoFiles.readInputSpikes(f, 3), IO);
  }

  @FuzzTest
  void datasetBinary(byte[] data) {
    Path f = write(dir, "x.dataset.pb", data);
    check(f, () -> ProtoFiles.readDataset(f, -1), IO);
  }

  @FuzzTest
  void datasetJson(byte[] data) {
    Path f = write(dir, "x.dataset.json", data);
    check(f, () -> ProtoFiles.readDataset(f, -1), IO);
  }

  @FuzzTest
  void traceBinary(byte[] data) {
    Path f = write(dir, "x.trace.pb", data);
    check(f, () -> ProtoFiles.readTrace(f), IO);
  }

  @FuzzTest
  void traceJson(byte[] data) {
    Path f = write(dir, "x.trace.json", data);
    check(f, () -> ProtoFiles.readTrace(f), IO);
  }

  private static void network(Path f) {
    check(f, () -> {
      Network net = ProtoFiles.readNetwork(f);
      NetworkSimulator.simulate(net, InputSpikes.getDefaultInstance(), OPTIONS);
    }, IO, RUNAWAY);
  }

  private static void hardwareConfig(Path f) {
    check(f, () -> {
      HardwareConfig cfg = ProtoFiles.readHardwareConfig(f);
      CompiledConfig compiled = Emulator.compile(cfg);
      compiled.newSession().run(InputSpikes.getDefaultInstance(), 16, RecordSpec.none());
    }, IO, EMULATOR);
  }
}
