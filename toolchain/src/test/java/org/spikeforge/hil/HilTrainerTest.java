package org.spikeforge.hil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardError;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.device.JnaDevice;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * The HIL loop on the reference board: frozen codecs reproduce the lowering, only changed weights are written, the
 * board improves under weight-gain mismatch, a transient fault is retried, and a board that fails mid-run resumes
 * from the last checkpoint to the very same result as an uninterrupted run.
 */
class HilTrainerTest {
  private static final Mismatch MISMATCH = new Mismatch(11, 0, 0.3, 0);
  private static final int TRAIN = 150;
  private static final int TEST = 100;
  private static Network proto;
  private static SpikeDataset[] data;

  @BeforeAll
  static void trainNetwork(@TempDir Path dir) {
    proto = TrainingRun.readNetwork(SmallLifNet.train(dir));
    data = HilRun.data(proto, "yinyang");
  }

  private static HilSettings settings(int epochs) {
    return HilSettings.defaults().withEpochs(epochs).withLimits(TRAIN, TEST).withBatch(25).withLearningRate(5e-3);
  }

  private static JnaDevice board(HardwareConfig cfg) {
    JnaDevice d = BoardLibrary.load(BoardLibrary.REFBOARD).open("refboard-" + cfg.getTarget());
    d.load(cfg);
    d.setMismatch(MISMATCH);
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"loihi2", "xylo"})
  void frozenCodecsReproduceTheLoweredWeights(String target) {
    TtfsNetwork net = TtfsNetwork.fromProto(proto);
    for (int l = 1; l <= net.numLayers(); l++) { // Xylo starts from rest: no initial states
      java.util.Arrays.fill(net.parameters(), net.initialStateOffset(l),
          net.initialStateOffset(l) + net.initialStateCount(l), 0.0);
    }
    HardwareConfig cfg = HilRun.lower(net.toProto("rest"), TargetFamily.parse(target), 0.01);
    List<LayerWeightCodec> codecs = WeightCodecs.of(cfg, net.neuron().tau(), net.neuron().threshold());
    for (int l = 1; l <= net.numLayers(); l++) {
      LayerWeightCodec c = codecs.get(l - 1);
      int cols = net.layerSize(l - 1);
      for (int i = 0; i < net.layerSize(l); i++) {
        for (int j = 0; j < cols; j++) {
          double w = net.parameters()[net.weightIndex(l, i, j)];
          assertEquals(cfg.getLayers(l - 1).getWeights(i * cols + j), c.encode(w, i),
              target + " layer " + l + " weight " + i + "," + j);
        }
      }
    }
  }

  @Test
  void floatAccuracyReadsOutLikeAChip() {
    // 5 inputs -> 3 outputs. Output 2 gets a sub-threshold drive: silent in the trial, but the earliest pseudospike.
    TtfsNetwork probe = TtfsNetwork.fromProto(proto);
    TtfsNetwork net = TtfsNetwork.lifUniformInit(new int[] {5, 3}, probe.neuron().tau(), probe.neuron().threshold(),
        probe.trialEnd(), 1.0, 1);
    java.util.Arrays.fill(net.parameters(), 0.0);
    for (int j = 0; j < 5; j++) {
      net.parameters()[net.weightIndex(1, 2, j)] = 0.01;
    }
    int[] count = new int[3];
    for (int i = 0; i < data[1].size(); i++) {
      count[data[1].label(i)]++;
    }
    double n = data[1].size();
    assertEquals(count[0] / n, HilTrainer.floatAccuracy(net, data[1], 0), 1e-12); // all silent: class 0
    assertEquals(count[2] / n, HilTrainer.floatAccuracyWithPseudospikes(net, data[1], 0), 1e-12);
    for (int j = 0; j < 5; j++) { // output 1 now fires in every trial: it wins on the chip read-out
      net.parameters()[net.weightIndex(1, 1, j)] = 5.0;
    }
    assertEquals(count[1] / n, HilTrainer.floatAccuracy(net, data[1], 0), 1e-12);
  }

  @Test
  void shadowFromBoardStartsEveryWeightInTheMiddleOfItsBin() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    HilSettings d = settings(1);
    HilSettings s = d.toBuilder().shadowFromBoard(true).build();
    TtfsNetwork net = TtfsNetwork.fromProto(proto);
    try (JnaDevice dev = board(cfg)) {
      HilTrainer t = new HilTrainer(dev, cfg, net, data[0], data[1], s);
      List<LayerWeightCodec> codecs = WeightCodecs.of(cfg, net.neuron().tau(), net.neuron().threshold());
      int moved = 0;
      for (int l = 1; l <= net.numLayers(); l++) {
        int cols = net.layerSize(l - 1);
        LayerWeightCodec c = codecs.get(l - 1);
        for (int i = 0; i < net.layerSize(l); i++) {
          for (int j = 0; j < cols; j++) {
            int q = cfg.getLayers(l - 1).getWeights(i * cols + j);
            double w = t.shadow().parameters()[net.weightIndex(l, i, j)];
            assertEquals(q * c.weightPerUnit()[i], w, 1e-15);
            // half a stored step either way stays in the bin
            double half = 0.49 * c.granularity() * c.weightPerUnit()[i];
            assertEquals(q, c.encode(w + half, i));
            assertEquals(q, c.encode(w - half, i));
            if (w != net.parameters()[net.weightIndex(l, i, j)]) {
              moved++;
            }
          }
        }
      }
      assertTrue(moved > 100, "only " + moved + " weights moved to their bin centre");
    }
  }

  @Test
  void writerWritesOnlyChangedRunsAndTheBoardHoldsThem() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    try (JnaDevice d = board(cfg)) {
      int[] held = cfg.getLayers(1).getWeightsList().stream().mapToInt(Integer::intValue).toArray();
      DeviceWeightWriter w = new DeviceWeightWriter(d, List.of("h1", "output"),
          new int[][] {cfg.getLayers(0).getWeightsList().stream().mapToInt(Integer::intValue).toArray(), held});
      int[] next = held.clone();
      next[3] = next[3] == 0 ? 2 : 0;
      next[4] = next[4] == 2 ? 4 : 2;
      next[10] = next[10] == 0 ? -2 : 0;
      assertEquals(3, w.update(1, next));
      assertEquals(0, w.update(1, next));
      assertArrayEquals(next, d.readWeights("output", WeightMatrix.FEEDFORWARD, 0, next.length));
    }
  }

  @Test
  void boardAccuracyImprovesAndBoardHoldsTheShadowQuantized(@TempDir Path dir) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    try (JnaDevice d = board(cfg)) {
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], settings(3));
      HilState s = t.run(dir, false, e -> { });
      assertEquals(4, s.history().size());
      double before = s.history().get(0).deviceAccuracy();
      double after = s.history().get(3).deviceAccuracy();
      assertTrue(after > before, "device accuracy " + before + " -> " + after);
      long total = 0;
      for (HilEpoch e : s.history().subList(1, 4)) {
        assertTrue(e.weightsWritten() > 0 && e.weightsWritten() < 1000, "written " + e.weightsWritten());
      }
      TtfsNetwork shadow = t.shadow();
      List<LayerWeightCodec> codecs = WeightCodecs.of(cfg, shadow.neuron().tau(), shadow.neuron().threshold());
      for (int l = 1; l <= shadow.numLayers(); l++) {
        int n = shadow.weightCount(l);
        int[] onBoard = d.readWeights(cfg.getLayers(l - 1).getName(), WeightMatrix.FEEDFORWARD, 0, n);
        assertArrayEquals(t.deviceWeights(l - 1), onBoard);
        int cols = shadow.layerSize(l - 1);
        for (int i = 0; i < shadow.layerSize(l); i++) {
          for (int j = 0; j < cols; j++) {
            assertEquals(codecs.get(l - 1).encode(shadow.parameters()[shadow.weightIndex(l, i, j)], i),
                onBoard[i * cols + j]);
            total++;
          }
        }
      }
      assertEquals(5 * 16 + 16 * 3, total);
    }
  }

  @Test
  void xyloBoardRunsTheLoopAndHoldsTheQuantizedShadow(@TempDir Path dir) {
    TtfsNetwork net = TtfsNetwork.fromProto(proto);
    for (int l = 1; l <= net.numLayers(); l++) { // Xylo starts from rest: no initial states
      java.util.Arrays.fill(net.parameters(), net.initialStateOffset(l),
          net.initialStateOffset(l) + net.initialStateCount(l), 0.0);
    }
    HardwareConfig cfg = HilRun.lower(net.toProto("rest"), TargetFamily.XYLO, 0.01);
    try (JnaDevice d = board(cfg)) {
      HilTrainer t = new HilTrainer(d, cfg, net, data[0], data[1], settings(2));
      HilState s = t.run(dir, false, e -> { });
      assertEquals(3, s.history().size());
      assertTrue(s.history().get(1).weightsWritten() > 0);
      for (int l = 0; l < cfg.getLayersCount(); l++) {
        int n = cfg.getLayers(l).getWeightsCount();
        assertArrayEquals(t.deviceWeights(l),
            d.readWeights(cfg.getLayers(l).getName(), WeightMatrix.FEEDFORWARD, 0, n));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0, false", "1, false", "0, true"})
  void failingBoardResumesFromLastCheckpointWithNoProgressLost(int averageFrom, boolean gainCalibration,
      @TempDir Path a, @TempDir Path b) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    HilSettings s3 = settings(3).toBuilder().averageFrom(averageFrom).gainCalibration(gainCalibration).build();
    HilState reference;
    long probeTrials;
    try (JnaDevice d = board(cfg)) {
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s3);
      reference = t.run(a, false, e -> { });
      probeTrials = gainCalibration ? t.synapseGains().trials() : 0;
    }
    // epoch 0 and epoch 1 take TEST + (probe calibration) + TRAIN + TEST trials; the board dies 20 trials into
    // epoch 2 for good (a resumed run measures the gains again before it goes on)
    try (JnaDevice d = board(cfg)) {
      d.injectFault(TEST + probeTrials + TRAIN + TEST + 20, 1000);
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s3);
      DeviceException e = assertThrows(DeviceException.class, () -> t.run(b, false, x -> { }));
      assertEquals(BoardError.DEVICE, e.error());
    }
    assertEquals(1, HilCheckpoint.load(b).epochsDone());
    HilState resumed;
    try (JnaDevice d = board(cfg)) {
      resumed = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s3)
          .run(b, true, x -> { });
    }
    assertArrayEquals(reference.params(), resumed.params());
    assertArrayEquals(reference.moment2(), resumed.moment2());
    assertArrayEquals(reference.average(), resumed.average());
    assertEquals(reference.finalDeviceAccuracy(), resumed.finalDeviceAccuracy());
    for (int k = 0; k < reference.history().size(); k++) {
      assertEquals(reference.history().get(k).deviceAccuracy(), resumed.history().get(k).deviceAccuracy());
      assertEquals(reference.history().get(k).weightsWritten(), resumed.history().get(k).weightsWritten());
    }
  }

  @Test
  void transientFaultIsRetried(@TempDir Path a, @TempDir Path b) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    HilState reference;
    try (JnaDevice d = board(cfg)) {
      reference = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], settings(1))
          .run(a, false, e -> { });
    }
    try (JnaDevice d = board(cfg)) {
      d.injectFault(TEST + 30, 2);
      HilState s = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], settings(1))
          .run(b, false, e -> { });
      assertArrayEquals(reference.params(), s.params());
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.08})
  void calibrationBringsTheBoardToTheModelInOneRound(double thresholdSigma, @TempDir Path dir) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    HilSettings s = settings(1).toBuilder().calibrationRounds(3).calibrationSamples(TRAIN).build();
    try (JnaDevice d = BoardLibrary.load(BoardLibrary.REFBOARD).open("refboard-loihi2")) {
      d.load(cfg);
      d.setMismatch(new Mismatch(5, thresholdSigma, 0, 0));
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s);
      t.run(dir, false, e -> { });
      List<CalibrationRound> rounds = t.calibrationRounds();
      assertEquals(3, rounds.size());
      assertEquals(TRAIN, rounds.get(0).trials());
      double first = rounds.get(0).largestDeviation();
      if (thresholdSigma == 0) { // measured against the emulator, an ideal board is the ideal chip: no change
        for (CalibrationRound r : rounds) {
          assertEquals(0.0, r.largestDeviation(), rounds.toString());
        }
      } else { // offsets of 8 % sigma: the first round removes them, the later ones only refine
        assertTrue(first > 0.05, "mismatched board: largest |r - 1| " + first);
        assertTrue(rounds.get(1).largestDeviation() < first / 3, rounds.toString());
        assertTrue(rounds.get(2).largestDeviation() < first / 3, rounds.toString());
      }
    }
  }

  @Test
  void averagingKeepsTheMeanOfTheIteratesOnTheBoard(@TempDir Path a, @TempDir Path b, @TempDir Path c) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    // one optimizer step per epoch: the mean after epoch 2 is the mean of the parameters after steps 1 and 2
    HilSettings one = settings(1).toBuilder().batch(TRAIN).restoreBest(false).build();
    double[] p1;
    double[] p2;
    try (JnaDevice d = board(cfg)) {
      p1 = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], one).run(a, false, e -> { })
          .params();
    }
    try (JnaDevice d = board(cfg)) {
      p2 = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], one.withEpochs(2))
          .run(b, false, e -> { }).params();
    }
    try (JnaDevice d = board(cfg)) {
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1],
          one.toBuilder().epochs(2).averageFrom(1).build());
      HilState s = t.run(c, false, e -> { });
      assertArrayEquals(p2, s.params(), "the updates go on from the raw weights");
      assertEquals(2, s.averagedSteps());
      TtfsNetwork net = t.shadow();
      List<LayerWeightCodec> codecs = WeightCodecs.of(cfg, net.neuron().tau(), net.neuron().threshold());
      boolean differs = false;
      for (int l = 1; l <= net.numLayers(); l++) {
        int cols = net.layerSize(l - 1);
        int[] onBoard = d.readWeights(cfg.getLayers(l - 1).getName(), WeightMatrix.FEEDFORWARD, 0,
            net.weightCount(l));
        for (int i = 0; i < net.layerSize(l); i++) {
          for (int j = 0; j < cols; j++) {
            int q = net.weightIndex(l, i, j);
            double mean = (p1[q] + p2[q]) / 2;
            assertEquals(mean, net.parameters()[q], 1e-12);
            assertEquals(codecs.get(l - 1).encode(mean, i), onBoard[i * cols + j]);
            differs |= codecs.get(l - 1).encode(mean, i) != codecs.get(l - 1).encode(p2[q], i);
          }
        }
      }
      assertTrue(differs, "the mean and the last iterate quantize alike everywhere: the test shows nothing");
      assertEquals(s.finalDeviceAccuracy(), t.deviceAccuracy(data[1], TEST), 0.0);
    }
  }
}
