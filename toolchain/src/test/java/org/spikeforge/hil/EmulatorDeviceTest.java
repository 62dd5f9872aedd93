package org.spikeforge.hil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardError;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.device.JnaDevice;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * The emulator-backed device against the reference board (an independent C implementation of the same integer
 * semantics) on an ideal chip: same traces, same weight programming, same continuation of runs, and the very same
 * hardware-in-the-loop epoch (shadow parameters, board weights, accuracies) on both, which is what makes
 * {@code --device emulator} quantization-aware fine-tuning of the network that the board runs.
 */
class EmulatorDeviceTest {
  private static Network proto;
  private static SpikeDataset[] data;

  @BeforeAll
  static void trainNetwork(@TempDir Path dir) {
    proto = TrainingRun.readNetwork(SmallLifNet.train(dir));
    data = HilRun.data(proto, "yinyang");
  }

  /** The config for a target; xylo starts from rest, so the initial states are zeroed for both. */
  private static TtfsNetwork network(String target) {
    TtfsNetwork net = TtfsNetwork.fromProto(proto);
    if (target.equals("xylo")) {
      for (int l = 1; l <= net.numLayers(); l++) {
        Arrays.fill(net.parameters(), net.initialStateOffset(l),
            net.initialStateOffset(l) + net.initialStateCount(l), 0.0);
      }
    }
    return net;
  }

  private static JnaDevice refboard(HardwareConfig cfg) {
    JnaDevice d = BoardLibrary.load(BoardLibrary.REFBOARD).open("refboard-" + cfg.getTarget());
    d.load(cfg);
    d.setMismatch(Mismatch.IDEAL);
    return d;
  }

  private static EmulatorDevice emulator(HardwareConfig cfg) {
    EmulatorDevice d = (EmulatorDevice) BoardSelector.open("emulator", TargetFamily.of(cfg));
    d.load(cfg);
    d.setMismatch(Mismatch.IDEAL);
    return d;
  }

  /** Spikes of every population; the source names differ by design. */
  private static void assertSameSpikes(Trace expected, Trace actual, String what) {
    assertEquals(expected.getPopulationsCount(), actual.getPopulationsCount(), what);
    for (int p = 0; p < expected.getPopulationsCount(); p++) {
      assertEquals(expected.getPopulations(p), actual.getPopulations(p), what + " population " + p);
    }
    assertEquals(expected.getSteps(), actual.getSteps(), what);
  }

  @ParameterizedTest
  @ValueSource(strings = {"loihi2", "xylo"})
  void tracesAndProbesMatchTheReferenceBoard(String target) {
    TtfsNetwork net = network(target);
    HardwareConfig cfg = HilRun.lower(net.toProto("n"), TargetFamily.parse(target), 0.01);
    TraceDecoder decoder = TraceDecoder.of(cfg);
    try (JnaDevice board = refboard(cfg); EmulatorDevice emu = emulator(cfg)) {
      assertEquals("emulator-" + target, emu.boardId());
      assertEquals(board.layers(), emu.layers());
      HilTrainer shaper = new HilTrainer(board, cfg, net, data[0], data[1], HilSettings.defaults());
      double[] in = new double[data[1].numInputs()];
      long spikes = 0;
      for (int i = 0; i < 60; i++) {
        data[1].inputTimes(i, in);
        InputSpikes s = shaper.toSpikes(in);
        Trace a = board.trial(s, decoder.steps());
        assertSameSpikes(a, emu.trial(s, decoder.steps()), target + " sample " + i);
        for (var p : a.getPopulationsList()) {
          for (var t : p.getSpikesList()) {
            spikes += t.getStepsCount();
          }
        }
      }
      assertTrue(spikes > 100, "too few spikes to compare: " + spikes);
      board.setProbing(true);
      emu.setProbing(true);
      data[1].inputTimes(0, in);
      Trace a = board.trial(shaper.toSpikes(in), 40);
      Trace b = emu.trial(shaper.toSpikes(in), 40);
      assertEquals(a.getProbesList(), b.getProbesList());
      assertTrue(a.getProbesCount() > 0);
    }
  }

  @Test
  void weightProgrammingMatchesTheBoardByHand() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    try (JnaDevice board = refboard(cfg); EmulatorDevice emu = emulator(cfg)) {
      int n = cfg.getLayers(1).getWeightsCount();
      assertArrayEquals(board.readWeights("output", WeightMatrix.FEEDFORWARD, 0, n),
          emu.readWeights("output", WeightMatrix.FEEDFORWARD, 0, n));
      // 8-bit MIXED sign mode keeps multiples of 2: 5 -> 4, -5 -> -6 (arithmetic shift floors), 255 -> 254
      int[] values = {5, -5, 255, -256};
      for (Device d : new Device[] {board, emu}) {
        d.writeWeights("output", WeightMatrix.FEEDFORWARD, 7, values);
        assertArrayEquals(new int[] {4, -6, 254, -256}, d.readWeights("output", WeightMatrix.FEEDFORWARD, 7, 4),
            d.boardId());
        DeviceException e = assertThrows(DeviceException.class,
            () -> d.writeWeights("output", WeightMatrix.FEEDFORWARD, 0, new int[] {256}));
        assertEquals(BoardError.INVALID_ARGUMENT, e.error(), d.boardId());
        DeviceException r = assertThrows(DeviceException.class,
            () -> d.writeWeights("output", WeightMatrix.FEEDFORWARD, n - 1, new int[] {0, 0}));
        assertEquals(BoardError.INVALID_ARGUMENT, r.error(), d.boardId());
      }
      assertArrayEquals(board.readWeights("output", WeightMatrix.FEEDFORWARD, 0, n),
          emu.readWeights("output", WeightMatrix.FEEDFORWARD, 0, n));
      SpikeTrain all = SpikeTrain.newBuilder().addSteps(0).addSteps(3).build();
      InputSpikes in = InputSpikes.newBuilder().setChannels(cfg.getNumInputs())
          .addAllTrains(java.util.Collections.nCopies(cfg.getNumInputs(), all)).build();
      assertSameSpikes(board.trial(in, 200), emu.trial(in, 200), "after writes");
    }
  }

  @Test
  void runContinuesFromTheCurrentStateLikeTheBoard() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    SplittableRandom rng = new SplittableRandom(5);
    try (JnaDevice board = refboard(cfg); EmulatorDevice emu = emulator(cfg)) {
      board.reset();
      emu.reset();
      for (int chunk = 0; chunk < 4; chunk++) {
        InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(cfg.getNumInputs());
        for (int c = 0; c < cfg.getNumInputs(); c++) {
          b.addTrains(SpikeTrain.newBuilder().addSteps(rng.nextInt(30)));
        }
        InputSpikes in = b.build();
        assertSameSpikes(board.run(in, 50), emu.run(in, 50), "chunk " + chunk);
      }
    }
  }

  @Test
  void oneHilEpochIsTheSameOnTheEmulatorAndTheBoard(@TempDir Path dir) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    HilSettings s = HilSettings.defaults().withEpochs(1).withLimits(100, 60).withBatch(20).withLearningRate(5e-3)
        .withRestoreBest(false);
    HilTrainer onBoard;
    HilTrainer onEmu;
    HilState a;
    HilState b;
    try (JnaDevice board = refboard(cfg); EmulatorDevice emu = emulator(cfg)) {
      onBoard = new HilTrainer(board, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s);
      a = onBoard.run(dir.resolve("board"), false, e -> { });
      onEmu = new HilTrainer(emu, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s);
      b = onEmu.run(dir.resolve("emu"), false, e -> { });
      for (int l = 0; l < cfg.getLayersCount(); l++) {
        String name = cfg.getLayers(l).getName();
        int n = cfg.getLayers(l).getWeightsCount();
        assertArrayEquals(board.readWeights(name, WeightMatrix.FEEDFORWARD, 0, n),
            emu.readWeights(name, WeightMatrix.FEEDFORWARD, 0, n), name);
        assertArrayEquals(onBoard.deviceWeights(l), onEmu.deviceWeights(l), name);
      }
    }
    assertTrue(a.history().get(1).weightsWritten() > 0, "the epoch wrote no weights");
    assertArrayEquals(a.params(), b.params(), 0.0);
    for (int e = 0; e < a.history().size(); e++) {
      assertEquals(a.history().get(e).deviceAccuracy(), b.history().get(e).deviceAccuracy(), "epoch " + e);
      assertEquals(a.history().get(e).trainLoss(), b.history().get(e).trainLoss(), "epoch " + e);
      assertEquals(a.history().get(e).weightsWritten(), b.history().get(e).weightsWritten(), "epoch " + e);
    }
  }

  @Test
  void refusesMismatchOtherTargetsAndUseAfterClose() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    EmulatorDevice xylo = new EmulatorDevice(TargetFamily.XYLO);
    DeviceException t = assertThrows(DeviceException.class, () -> xylo.load(cfg));
    assertEquals(BoardError.TARGET_MISMATCH, t.error());
    EmulatorDevice d = emulator(cfg);
    DeviceException m = assertThrows(DeviceException.class, () -> d.setMismatch(new Mismatch(1, 0.01, 0, 0)));
    assertEquals(BoardError.UNSUPPORTED, m.error());
    assertTrue(m.getMessage().contains("refboard"), m.getMessage());
    d.close();
    assertThrows(DeviceException.class, () -> d.readWeights("output", WeightMatrix.FEEDFORWARD, 0, 1));
    d.close();
    DeviceException n = assertThrows(DeviceException.class, () -> new EmulatorDevice(TargetFamily.LOIHI2).reset());
    assertEquals(BoardError.NOT_LOADED, n.error());
  }
}
