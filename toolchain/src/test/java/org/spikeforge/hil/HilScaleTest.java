package org.spikeforge.hil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.Capabilities;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.JnaDevice;
import org.spikeforge.hw.device.LayerShape;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputEncoding;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.TrainingListener;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * The reproducers of issue 18 item 6 (HIL on a 785-120-10 net), shrunk: calibration inside {@code --train-limit},
 * a validation split (and no "NaN") on an image set, the incoming network handed back when the updates make it worse
 * on validation, progress after every batch, and one weight transfer per changed layer.
 */
class HilScaleTest {
  private static final Mismatch MISMATCH = new Mismatch(11, 0.02, 0.3, 0);
  private static Network proto;
  private static SpikeDataset[] data;

  @BeforeAll
  static void trainNetwork(@TempDir Path dir) {
    proto = TrainingRun.readNetwork(SmallLifNet.train(dir));
    data = HilRun.data(proto, "yinyang");
  }

  private static JnaDevice board(HardwareConfig cfg) {
    JnaDevice d = BoardLibrary.load(BoardLibrary.REFBOARD).open("refboard-" + cfg.getTarget());
    d.load(cfg);
    d.setMismatch(MISMATCH);
    return d;
  }

  private static HilSettings settings(int epochs) {
    return HilSettings.defaults().toBuilder().epochs(epochs).trainLimit(50).testLimit(60).batch(25).lr(5e-3)
        .gainCalibration(false).calibrationRounds(0).build();
  }

  @Test
  void calibrationRunsOnNoMoreSamplesThanTheTrainLimit(@TempDir Path dir) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    // 1000 calibration samples asked for (the CLI default), 30 training samples allowed
    HilSettings s = settings(1).toBuilder().trainLimit(30).calibrationRounds(1).calibrationSamples(1000).build();
    try (JnaDevice d = board(cfg)) {
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s);
      t.run(dir, false, e -> { });
      assertEquals(1, t.calibrationRounds().size());
      assertEquals(30, t.calibrationRounds().get(0).trials());
    }
  }

  @Test
  void progressIsReportedAfterEveryBatch(@TempDir Path dir) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    List<String> calls = new ArrayList<>();
    TrainingListener l = new TrainingListener() {
      @Override
      public void epochStarted(int epoch, int epochs, int samples) {
        calls.add("start " + epoch + "/" + epochs + " " + samples);
      }

      @Override
      public void batchFinished(int epoch, BatchStats soFar, double seconds) {
        assertTrue(seconds > 0 && soFar.accuracy() >= 0 && soFar.accuracy() <= 1 && !Double.isNaN(soFar.meanLoss()));
        calls.add(epoch + ": " + soFar.count());
      }
    };
    try (JnaDevice d = board(cfg)) {
      new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], settings(2)).withProgress(l)
          .run(dir, false, e -> { });
    }
    assertEquals(List.of("start 1/2 50", "1: 25", "1: 50", "start 2/2 50", "2: 25", "2: 50"), calls);
  }

  /**
   * A learning rate 60 times too large wrecks the network. Whether or not the best epoch is restored, the board must
   * end with the program that came in (exactly the lowered weights, not re-encoded with the gains measured later)
   * and its accuracy.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theIncomingNetworkIsHandedBackWhenTheUpdatesMakeItWorse(boolean restoreBest, @TempDir Path dir) {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    HilSettings s = settings(1).toBuilder().lr(0.3).restoreBest(restoreBest).gainCalibration(true).build();
    try (JnaDevice d = board(cfg)) {
      HilTrainer t = new HilTrainer(d, cfg, TtfsNetwork.fromProto(proto), data[0], data[1], s)
          .validateOn(data[2]);
      HilState st = t.run(dir, false, e -> { });
      double before = st.history().get(0).validationAccuracy();
      for (HilEpoch e : st.history().subList(1, st.history().size())) {
        assertTrue(e.validationAccuracy() < before, "the updates did not make it worse: " + st.history());
      }
      assertEquals(0, t.keptEpoch());
      for (int l = 0; l < cfg.getLayersCount(); l++) {
        assertEquals(cfg.getLayers(l).getWeightsList(), t.programmed().getLayers(l).getWeightsList(), "layer " + l);
        int n = cfg.getLayers(l).getWeightsCount();
        assertArrayEquals(cfg.getLayers(l).getWeightsList().stream().mapToInt(Integer::intValue).toArray(),
            d.readWeights(cfg.getLayers(l).getName(), WeightMatrix.FEEDFORWARD, 0, n));
      }
      assertEquals(st.history().get(0).deviceAccuracy(), st.finalDeviceAccuracy(), 0.0);
    }
  }

  @Test
  void writerSendsOneTransferPerChangedLayer() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    try (JnaDevice real = board(cfg)) {
      Counting d = new Counting(real);
      int[][] held = new int[2][];
      for (int l = 0; l < 2; l++) {
        held[l] = cfg.getLayers(l).getWeightsList().stream().mapToInt(Integer::intValue).toArray();
      }
      DeviceWeightWriter w = new DeviceWeightWriter(d, List.of("h1", "output"), held);
      int[] next = held[0].clone();
      SplittableRandom r = new SplittableRandom(4);
      int changed = 0;
      for (int k = 0; k < next.length; k += 1 + r.nextInt(3)) { // scattered: many runs of neighbours
        next[k] = next[k] == 0 ? 2 : 0;
        changed++;
      }
      assertEquals(changed, w.update(0, next));
      assertEquals(1, d.transfers);
      assertEquals(0, w.update(0, next));
      assertEquals(1, d.transfers);
      assertArrayEquals(next, real.readWeights("h1", WeightMatrix.FEEDFORWARD, 0, next.length));
    }
  }

  @Test
  void emulatorTakesScatteredWritesAsPerWeightWrites() {
    HardwareConfig cfg = HilRun.lower(proto, TargetFamily.LOIHI2, 0.01);
    try (EmulatorDevice bulk = new EmulatorDevice(TargetFamily.LOIHI2);
        EmulatorDevice single = new EmulatorDevice(TargetFamily.LOIHI2)) {
      bulk.load(cfg);
      single.load(cfg);
      int n = cfg.getLayers(0).getWeightsCount();
      int[] idx = {0, 1, 7, n - 1};
      int[] val = {6, -6, 10, -2};
      bulk.writeWeightsAt("h1", WeightMatrix.FEEDFORWARD, idx, val);
      for (int i = 0; i < idx.length; i++) {
        single.writeWeights("h1", WeightMatrix.FEEDFORWARD, idx[i], new int[] {val[i]});
      }
      assertArrayEquals(single.readWeights("h1", WeightMatrix.FEEDFORWARD, 0, n),
          bulk.readWeights("h1", WeightMatrix.FEEDFORWARD, 0, n));
      BoardTrials trials = new BoardTrials(bulk, TraceDecoder.of(cfg), cfg.getDt(), 0);
      double[] in = new double[data[1].numInputs()];
      for (int k = 0; k < 20; k++) {
        data[1].inputTimes(k, in);
        InputSpikes spikes = trials.toSpikes(in);
        assertEquals(single.trial(spikes, cfg.getNumSteps()), bulk.trial(spikes, cfg.getNumSteps()));
      }
    }
  }

  @Test
  void imageSetsGetAValidationSplitAndNoEpochLineSaysNaN(@TempDir Path dir) throws Exception {
    Path idx = dir.resolve("idx");
    writeImages(idx, "train", 60, 1);
    writeImages(idx, "t10k", 20, 2);
    TtfsNetwork probe = TtfsNetwork.fromProto(proto);
    TtfsNetwork net = TtfsNetwork.lifUniformInit(new int[] {5, 12, 10}, probe.neuron().tau(),
        probe.neuron().threshold(), probe.trialEnd(), 3.0, 7);
    Path file = dir.resolve("tiny.net.pb");
    TrainingRun.writeNetwork(net.toProto("tiny").toBuilder().setEncoding(InputEncoding.newBuilder()
        .setKind(InputEncoding.Kind.THRESHOLD).setThreshold(0.5).setTMin(0.1).setBiasSpike(true).setBiasTime(0.2))
        .build(), file);
    SpikeDataset[] split = HilRun.data(TrainingRun.readNetwork(file), "idx:" + idx);
    assertNotNull(split[2], "no validation split");
    assertEquals(6, split[2].size());
    assertEquals(54, split[0].size());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    HilSettings s = HilSettings.tuned().toBuilder().epochs(2).trainLimit(20).testLimit(10).build();
    HilReport r = HilRun.run(new HilRequest(file, TargetFamily.LOIHI2, "refboard", new Mismatch(3, 0.02, 0.05, 0),
        "idx:" + idx, 0, dir.resolve("run"), false, s, 0, 0), new PrintStream(log, true, StandardCharsets.UTF_8));
    String text = log.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("NaN"), text);
    assertTrue(text.contains("epoch 0 (before any update)  device test "), text);
    assertTrue(text.matches("(?s).*epoch 2  device test [0-9.]+%  validation [0-9.]+%  device train [0-9.]+%.*"), text);
    assertEquals("the dataset's validation split (6 samples)", r.validation());
    assertEquals(20, r.calibration().get(0).trials());
  }

  @Test
  void anEpochLineSaysWhatIsMissing() {
    String e0 = HilRun.epochLine(new HilEpoch(0, 0.5, Double.NaN, Double.NaN, Double.NaN, 0, 900, 1.0));
    assertEquals("epoch 0 (before any update)  device test 50.00%  validation none  900 round-trips/s  1.0s", e0);
    String e1 = HilRun.epochLine(new HilEpoch(1, Double.NaN, 0.25, 0.75, 0.5, 12, Double.NaN, 2.0));
    assertEquals("epoch 1  device test no test samples  validation 25.00%  device train 75.00%  loss 0.5000  weights "
        + "written 12  no board trials  2.0s", e1);
  }

  /** IDX files of n 2x2 images whose label is the number of bright pixels times 2 (plus noise classes). */
  private static void writeImages(Path dir, String prefix, int n, long seed) throws Exception {
    Files.createDirectories(dir);
    SplittableRandom r = new SplittableRandom(seed);
    ByteBuffer img = ByteBuffer.allocate(16 + 4 * n).putInt(0x803).putInt(n).putInt(2).putInt(2);
    ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
    for (int i = 0; i < n; i++) {
      int bright = 0;
      for (int p = 0; p < 4; p++) {
        boolean on = r.nextBoolean();
        bright += on ? 1 : 0;
        img.put((byte) (on ? 230 : 10));
      }
      lab.put((byte) (2 * bright + r.nextInt(2)));
    }
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.array());
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
  }

  /** The real board, counting the weight transfers it is asked for. */
  private static final class Counting implements ForwardingDevice {
    private final Device board;
    int transfers;

    Counting(Device board) {
      this.board = board;
    }

    @Override
    public Device delegate() {
      return board;
    }

    @Override
    public void writeWeights(String layer, WeightMatrix matrix, int offset, int[] values) {
      transfers++;
      board.writeWeights(layer, matrix, offset, values);
    }

    @Override
    public void writeWeightsAt(String layer, WeightMatrix matrix, int[] indices, int[] values) {
      transfers++;
      board.writeWeightsAt(layer, matrix, indices, values);
    }
  }
}
