package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.LatencyEncoder;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.data.YinYang;

/**
 * {@code --shards N}: a batch cut into N contiguous shards whose gradient sums are added in shard order, and the
 * {@link TrainPass.Executor} hook through which a cluster computes the shards elsewhere (here: a second model replica
 * that plays the remote process and computes the odd shards).
 */
class TrainShardsTest {
  private static final SpikeDataset TRAIN =
      new SpikeDataset("yinyang", YinYang.generate(500, 42), LatencyEncoder.yinYangDefault());
  private static final SpikeDataset VAL =
      new SpikeDataset("yinyang", YinYang.generate(200, 41), LatencyEncoder.yinYangDefault());
  private static final TtfsCrossEntropy LOSS = new TtfsCrossEntropy(1, 2, 0.01);

  private static TrainerSettings settings(int epochs, int threads) {
    return new TrainerSettings(epochs, 64, 7, threads, 16, 5.0, 0, false, false, 0.9);
  }

  private static Trainer<SoftmaxRegression.Ws> trainer(SoftmaxRegression m, TrainerSettings s) {
    return new Trainer<>(m, LOSS, AdaBelief.standard(m.params().length),
        new LearningRateSchedule.Exponential(0.05, Math.exp(-1), 3), s);
  }

  @Test
  void shardStartsCutTheBatchIntoContiguousNearlyEqualPieces() {
    assertEquals(10, TrainPass.shardStart(10, 17, 3, 0));
    assertEquals(12, TrainPass.shardStart(10, 17, 3, 1));
    assertEquals(14, TrainPass.shardStart(10, 17, 3, 2));
    assertEquals(17, TrainPass.shardStart(10, 17, 3, 3));
  }

  @Test
  void shardedBatchGradientIsTheShardSumsAddedInShardOrder() {
    SoftmaxRegression m = new SoftmaxRegression(5, 3, 3);
    int[] order = SampleOrder.identity(40);
    double[] a = new double[m.params().length];
    double[] b = new double[a.length];
    double[] whole = new double[a.length];
    try (BatchEngine<SoftmaxRegression.Ws> e = new BatchEngine<>(m, LOSS, 1, 7)) {
      e.run(TRAIN, order, 0, 20, null, a, null);
      e.run(TRAIN, order, 20, 40, null, b, null);
      e.run(TRAIN, order, 0, 40, null, whole, null);
      double[][] grads = new double[2][a.length];
      BatchStats[] stats = new BatchStats[2];
      TrainPass.computeShards(e, TRAIN, order, 0, 40, null, s -> true, grads, stats);
      double[] sum = new double[a.length];
      BatchStats total = TrainPass.addShards(grads, stats, sum);
      for (int i = 0; i < a.length; i++) {
        assertEquals(0.0 + a[i] + b[i], sum[i], 0.0);
        assertEquals(whole[i], sum[i], 1e-12 * Math.max(1, Math.abs(whole[i])));
      }
      assertEquals(40, total.count());
    }
  }

  @Test
  void shardedTrainingIsBitIdenticalOnOneAndThreeThreadsAndShardsOneIsThePlainBatch() {
    SoftmaxRegression a = new SoftmaxRegression(5, 3, 1);
    SoftmaxRegression b = new SoftmaxRegression(5, 3, 1);
    SoftmaxRegression plain = new SoftmaxRegression(5, 3, 1);
    SoftmaxRegression one = new SoftmaxRegression(5, 3, 1);
    trainer(a, settings(3, 1)).shards(3).fit(TRAIN, VAL, null, false);
    trainer(b, settings(3, 3)).shards(3).fit(TRAIN, VAL, null, false);
    trainer(plain, settings(3, 2)).fit(TRAIN, VAL, null, false);
    trainer(one, settings(3, 1)).shards(1).fit(TRAIN, VAL, null, false);
    assertArrayEquals(a.params(), b.params(), 0.0);
    assertArrayEquals(plain.params(), one.params(), 0.0);
    assertFalse(Arrays.equals(a.params(), new SoftmaxRegression(5, 3, 1).params()), "weights moved");
    assertThrows(IllegalArgumentException.class, () -> trainer(a, settings(1, 1)).shards(0));
  }

  /** A pass executor whose odd shards come from a second replica of the model, as from another machine. */
  private static TrainPass.Executor twoReplicas(TrainerSettings s, int shards) {
    return (epoch, lr, start) -> {
      SoftmaxRegression remote = new SoftmaxRegression(5, 3, 77);
      SoftmaxRegression local = new SoftmaxRegression(5, 3, 78);
      System.arraycopy(start.params(), 0, remote.params(), 0, start.params().length);
      int[] order = SampleOrder.epoch(TRAIN.size(), s.seed(), epoch);
      BatchEngine.Augmentation aug = new BatchEngine.Augmentation(s.seed(), epoch);
      Optimizer remoteOpt = AdaBelief.standard(remote.params().length);
      remoteOpt.restore(start.optimizerSteps(), start.moments());
      try (BatchEngine<SoftmaxRegression.Ws> e = new BatchEngine<>(remote, LOSS, 1, s.chunkSize())) {
        return TrainPass.runRemote(local, LOSS, AdaBelief.standard(local.params().length), s, null, epoch, lr,
            start, TRAIN, shards, k -> k % 2 == 0, (batch, grads, stats) -> {
              int from = batch * s.batchSize();
              int to = Math.min(order.length, from + s.batchSize());
              TrainPass.computeShards(e, TRAIN, order, from, to, aug, k -> k % 2 == 1, grads, stats);
              // the remote replica takes the same step, so it holds the same weights for the next batch
              double[] g = new double[remote.params().length];
              BatchStats b = TrainPass.addShards(grads, stats, g);
              TrainPass.step(remote, remoteOpt, s.clipNorm(), null, g, b, epoch, batch, lr, null);
            });
      }
    };
  }

  @Test
  void passExecutorGivesTheSingleJvmWeightsAndResumesFromItsCheckpoints(@TempDir Path dir) {
    TrainerSettings s = settings(4, 1);
    SoftmaxRegression single = new SoftmaxRegression(5, 3, 1);
    Trainer.Result r1 = trainer(single, s).shards(4).fit(TRAIN, VAL, dir.resolve("single"), false);
    SoftmaxRegression spread = new SoftmaxRegression(5, 3, 1);
    Trainer.Result r2 = trainer(spread, s).shards(4).passExecutor(twoReplicas(s, 4))
        .fit(TRAIN, VAL, dir.resolve("spread"), false);
    assertArrayEquals(single.params(), spread.params(), 0.0);
    for (int i = 0; i < 4; i++) {
      assertEquals(r1.history().get(i).trainLoss(), r2.history().get(i).trainLoss(), 0.0);
    }
    // two epochs spread out, then resumed in a single JVM: still the same weights
    Path split = dir.resolve("split");
    trainer(new SoftmaxRegression(5, 3, 1), settings(2, 1)).shards(4).passExecutor(twoReplicas(s, 4))
        .fit(TRAIN, VAL, split, false);
    SoftmaxRegression resumed = new SoftmaxRegression(5, 3, 5);
    trainer(resumed, s).shards(4).fit(TRAIN, VAL, split, true);
    assertArrayEquals(single.params(), resumed.params(), 0.0);
    assertArrayEquals(Checkpoint.load(dir.resolve("single")).params(), Checkpoint.load(split).params(), 0.0);
  }
}
