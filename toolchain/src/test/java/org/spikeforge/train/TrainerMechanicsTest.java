package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.LatencyEncoder;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.data.YinYang;

/** Trainer mechanics on a real (small) model: softmax regression on Yin-Yang input spike times. */
class TrainerMechanicsTest {
  private static final SpikeDataset TRAIN =
      new SpikeDataset("yinyang", YinYang.generate(600, 42), LatencyEncoder.yinYangDefault());
  private static final SpikeDataset VAL =
      new SpikeDataset("yinyang", YinYang.generate(300, 41), LatencyEncoder.yinYangDefault());

  private static Trainer<SoftmaxRegression.Ws> trainer(SoftmaxRegression m, TrainerSettings s, double lr) {
    return new Trainer<>(m, new TtfsCrossEntropy(1, 2, 0.01), AdaBelief.standard(m.params().length),
        new LearningRateSchedule.Exponential(lr, Math.exp(-1), 3), s);
  }

  private static TrainerSettings settings(int epochs, int threads) {
    return new TrainerSettings(epochs, 64, 7, threads, 16, 5.0, 0, false, false);
  }

  @Test
  void oneAndThreeThreadsGiveBitIdenticalWeights() {
    SoftmaxRegression a = new SoftmaxRegression(5, 3, 1);
    SoftmaxRegression b = new SoftmaxRegression(5, 3, 1);
    trainer(a, settings(3, 1), 0.05).fit(TRAIN, VAL, null, false);
    trainer(b, settings(3, 3), 0.05).fit(TRAIN, VAL, null, false);
    assertArrayEquals(a.params(), b.params(), 0.0);
    assertFalse(java.util.Arrays.equals(a.params(), new SoftmaxRegression(5, 3, 1).params()), "weights moved");
  }

  /** 300 seeded random 6x6 images in 3 classes, seen through a flipping linear code with shifts up to 1 pixel. */
  private static SpikeDataset shiftedImages(int maxShift) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    byte[] px = new byte[300 * 36];
    int[] labels = new int[300];
    for (int i = 0; i < 300; i++) {
      labels[i] = rng.nextInt(3);
      for (int j = 0; j < 36; j++) {
        px[i * 36 + j] = (byte) (j % 3 == labels[i] ? 200 + rng.nextInt(56) : rng.nextInt(60));
      }
    }
    return new SpikeDataset("images", new org.spikeforge.data.ImageSet(px, labels, 6, 6, 3),
        new LatencyEncoder(LatencyEncoder.Kind.LINEAR, 0.15, 2, 0, LatencyEncoder.NO_BIAS, 0, 0.05), maxShift);
  }

  @Test
  void shiftedImageTrainingIsBitIdenticalOnOneAndThreeThreadsAndDiffersFromUnshifted() {
    SoftmaxRegression a = new SoftmaxRegression(36, 3, 1);
    SoftmaxRegression b = new SoftmaxRegression(36, 3, 1);
    SoftmaxRegression unshifted = new SoftmaxRegression(36, 3, 1);
    trainer(a, settings(2, 1), 0.05).fit(shiftedImages(1), null, null, false);
    trainer(b, settings(2, 3), 0.05).fit(shiftedImages(1), null, null, false);
    trainer(unshifted, settings(2, 1), 0.05).fit(shiftedImages(0), null, null, false);
    assertArrayEquals(a.params(), b.params(), 0.0);
    assertFalse(java.util.Arrays.equals(a.params(), unshifted.params()), "the shift changed the training inputs");
  }

  @Test
  void batchGradientIsTheSumOfPerSampleGradientsAndMatchesFiniteDifferences() {
    SoftmaxRegression m = new SoftmaxRegression(5, 3, 3);
    TtfsCrossEntropy loss = new TtfsCrossEntropy(1, 2, 0.01);
    int[] order = SampleOrder.identity(40);
    double[] grad = new double[m.params().length];
    try (BatchEngine<SoftmaxRegression.Ws> e = new BatchEngine<>(m, loss, 2, 7)) {
      e.run(TRAIN, order, 0, 40, null, grad, null);
      double h = 1e-6;
      for (int i = 0; i < grad.length; i++) {
        double keep = m.params()[i];
        m.params()[i] = keep + h;
        double lp = e.run(TRAIN, order, 0, 40, null, null, null).lossSum();
        m.params()[i] = keep - h;
        double lm = e.run(TRAIN, order, 0, 40, null, null, null).lossSum();
        m.params()[i] = keep;
        double fd = (lp - lm) / (2 * h);
        assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "parameter " + i);
      }
    }
  }

  @Test
  void resumeGivesTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
    SoftmaxRegression full = new SoftmaxRegression(5, 3, 1);
    Trainer.Result r = trainer(full, settings(4, 2), 0.05).fit(TRAIN, VAL, dir.resolve("full"), false);

    Path split = dir.resolve("split");
    SoftmaxRegression first = new SoftmaxRegression(5, 3, 1);
    trainer(first, settings(2, 1), 0.05).fit(TRAIN, VAL, split, false);
    SoftmaxRegression resumed = new SoftmaxRegression(5, 3, 99); // different init: must come from the checkpoint
    Trainer.Result r2 = trainer(resumed, settings(4, 3), 0.05).fit(TRAIN, VAL, split, true);

    assertArrayEquals(full.params(), resumed.params(), 0.0);
    assertEquals(4, r2.state().epochsDone());
    assertEquals(r.history().size(), r2.history().size());
    for (int i = 0; i < 4; i++) {
      assertEquals(r.history().get(i).trainLoss(), r2.history().get(i).trainLoss(), 0.0);
      assertEquals(r.history().get(i).validationAccuracy(), r2.history().get(i).validationAccuracy(), 0.0);
    }
    assertArrayEquals(Checkpoint.load(dir.resolve("full")).params(), Checkpoint.load(split).params(), 0.0);
  }

  @Test
  void softmaxRegressionLearnsAboveChanceAndReportsMetrics() {
    SoftmaxRegression m = new SoftmaxRegression(5, 3, 1);
    Trainer.Result r = trainer(m, settings(5, 2), 0.05).fit(TRAIN, VAL, null, false);
    EpochMetrics last = r.history().get(r.history().size() - 1);
    assertTrue(last.validationAccuracy() > 0.5, "validation accuracy " + last.validationAccuracy());
    assertTrue(last.trainLoss() < r.history().get(0).trainLoss());
    assertEquals(0.0, last.silentFraction());
    assertEquals(1.0, last.spikesPerNeuron());
  }

  @Test
  void divergenceStopsWithoutTouchingTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
    SoftmaxRegression m = new SoftmaxRegression(5, 3, 1);
    trainer(m, settings(1, 2), 0.05).fit(TRAIN, VAL, dir, false);
    byte[] good = Files.readAllBytes(dir.resolve(Checkpoint.FILE));
    // A learning rate of 1e308 overflows the parameters on the first step of epoch 2.
    Trainer<SoftmaxRegression.Ws> blowUp = new Trainer<>(m, new TtfsCrossEntropy(1, 2, 0.01),
        AdaBelief.standard(m.params().length), new LearningRateSchedule.Constant(1e308), settings(3, 2));
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> blowUp.fit(TRAIN, VAL, dir, true));
    assertTrue(e.getMessage().contains("epoch 2"), e.getMessage());
    assertTrue(e.getMessage().contains("last good checkpoint kept"), e.getMessage());
    assertArrayEquals(good, Files.readAllBytes(dir.resolve(Checkpoint.FILE)));
    assertEquals(1, Checkpoint.load(dir).epochsDone());
  }

  @Test
  void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
    SoftmaxRegression m = new SoftmaxRegression(5, 3, 1);
    // A learning rate of 1e-15 leaves predictions unchanged, so validation accuracy never improves after epoch 1.
    Trainer.Result r = new Trainer<>(m, new TtfsCrossEntropy(1, 2, 0.01), Adam.standard(m.params().length),
        new LearningRateSchedule.Constant(1e-15), settings(10, 2).withPatience(2, true))
        .fit(TRAIN, VAL, null, false);
    assertEquals(3, r.state().epochsDone());
    assertTrue(r.state().stoppedEarly());
    assertEquals(1, r.state().bestEpoch());
  }

  @Test
  void damagedCheckpointIsRejectedWithOneLine(@TempDir Path dir) throws Exception {
    SoftmaxRegression m = new SoftmaxRegression(5, 3, 1);
    trainer(m, settings(1, 1), 0.05).fit(TRAIN, VAL, dir, false);
    Path f = dir.resolve(Checkpoint.FILE);
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 20));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(dir));
    assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
