package org.spikeforge.train;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntPredicate;
import org.spikeforge.data.SpikeDataset;

/**
 * Data-parallel pieces of a training pass: a batch {@code order[from..to)} is cut into {@code shards} contiguous
 * shards ({@link #shardStart}), each shard's exact gradient sum is computed on its own (chunk by chunk by a
 * {@link BatchEngine}), and the shard sums are added in shard order, {@code ((0 + g_0) + g_1) + ...}
 * ({@link #addShards}). Since the order of every floating-point addition is fixed by the shard count alone, a pass
 * whose shards are computed on other machines ({@link #runRemote}: e.g. one Spark job per batch whose tasks each
 * compute some shards, or one barrier task per group of shards exchanging the sums after every batch) gives bit for
 * bit the weights of a single-JVM run with the same shard count. {@code --shards 1} is the plain batch (the engine's
 * own sum, no extra addition).
 */
public final class TrainPass {
  private TrainPass() {}

  /**
   * What a pass changes, as plain arrays (for a pass run elsewhere): the parameters, the optimizer's step counter
   * and moments, and the parameter average's accumulator (null: none) and step count.
   */
  public record State(double[] params, long optimizerSteps, double[][] moments, double[] averageAccumulator,
      long averageSteps) implements Serializable {}

  /** A pass's outcome: the state after its last step and the pass's statistics (summed in batch and shard order). */
  public record Result(State end, BatchStats stats) implements Serializable {}

  /**
   * Runs an epoch's training pass in place of the trainer's own loop (a cluster plugs in here through
   * {@link Trainer#passExecutor}); it must leave the state a single JVM with the same shard count would.
   */
  public interface Executor {
    Result run(int epoch, double lr, State start);
  }

  /**
   * Fills in the shards this process did not compute, after every batch: on entry {@code grads[s]} and
   * {@code stats[s]} hold this process's shards ({@code mine.test(s)}), on exit every shard's.
   */
  public interface ShardExchange {
    void exchange(int batch, double[][] grads, BatchStats[] stats);
  }

  /** First sample position of shard {@code s} of {@code shards} in the batch {@code [from, to)}. */
  public static int shardStart(int from, int to, int shards, int s) {
    return from + (int) ((long) (to - from) * s / shards);
  }

  /** {@code gradSum = ((0 + grads[0]) + grads[1]) + ...}; returns the statistics added in the same order. */
  public static BatchStats addShards(double[][] grads, BatchStats[] stats, double[] gradSum) {
    Arrays.fill(gradSum, 0);
    BatchStats total = BatchStats.EMPTY;
    for (int s = 0; s < grads.length; s++) {
      double[] g = grads[s];
      for (int i = 0; i < gradSum.length; i++) {
        gradSum[i] += g[i];
      }
      total = total.plus(stats[s]);
    }
    return total;
  }

  /** Computes the shards with {@code mine.test(s)} of batch {@code [from, to)} into {@code grads} and {@code stats}. */
  public static <W> void computeShards(BatchEngine<W> engine, SpikeDataset data, int[] order, int from, int to,
      BatchEngine.Augmentation aug, IntPredicate mine, double[][] grads, BatchStats[] stats) {
    int shards = grads.length;
    for (int s = 0; s < shards; s++) {
      if (mine.test(s)) {
        stats[s] = engine.run(data, order, shardStart(from, to, shards, s), shardStart(from, to, shards, s + 1), aug,
            grads[s], null);
      }
    }
  }

  /**
   * Computes the shards {@code mine} accepts of batch {@code batch} of epoch {@code epoch} (the epoch's shuffled
   * order, cut into batches of the settings' size) at the model's current parameters, into {@code grads} (arrays of
   * the parameter count for those shards) and {@code stats}: the work of one remote task for one batch.
   */
  public static <W> void computeShards(TrainableModel<W> model, ClassificationLoss loss, TrainerSettings settings,
      SpikeDataset train, int epoch, int batch, IntPredicate mine, double[][] grads, BatchStats[] stats) {
    int[] order = SampleOrder.epoch(train.size(), settings.seed(), epoch);
    int from = batch * settings.batchSize();
    if (from < 0 || from >= order.length) {
      throw new IllegalArgumentException("batch " + batch + " of an epoch of " + order.length + " samples");
    }
    int to = Math.min(order.length, from + settings.batchSize());
    try (BatchEngine<W> engine = new BatchEngine<>(model, loss, settings.threads(), settings.chunkSize())) {
      computeShards(engine, train, order, from, to, new BatchEngine.Augmentation(settings.seed(), epoch), mine, grads,
          stats);
    }
  }

  /**
   * One epoch's training pass whose shards are shared out: this process computes the shards {@code mine} accepts,
   * {@code exchange} brings in the others after every batch, and every process then takes the same optimizer step.
   * {@code model}'s parameters and {@code optimizer} are set from {@code start} first. Returns the end state.
   */
  public static <W> Result runRemote(TrainableModel<W> model, ClassificationLoss loss, Optimizer optimizer,
      TrainerSettings settings, Path checkpointDir, int epoch, double lr, State start, SpikeDataset train,
      int shards, IntPredicate mine, ShardExchange exchange) {
    double[] params = model.params();
    if (start.params().length != params.length) {
      throw new IllegalArgumentException("pass state has " + start.params().length + " parameters, the model has "
          + params.length);
    }
    System.arraycopy(start.params(), 0, params, 0, params.length);
    optimizer.restore(start.optimizerSteps(), start.moments());
    ParameterAverage average = null;
    if (settings.averageDecay() > 0) {
      average = new ParameterAverage(settings.averageDecay(), params.length);
      if (start.averageAccumulator() != null) {
        average.restore(start.averageAccumulator(), start.averageSteps());
      }
    }
    double[] grad = new double[params.length];
    double[][] grads = new double[shards][params.length];
    BatchStats[] stats = new BatchStats[shards];
    int[] order = SampleOrder.epoch(train.size(), settings.seed(), epoch);
    BatchEngine.Augmentation aug = new BatchEngine.Augmentation(settings.seed(), epoch);
    BatchStats total = BatchStats.EMPTY;
    try (BatchEngine<W> engine = new BatchEngine<>(model, loss, settings.threads(), settings.chunkSize())) {
      for (int from = 0, batch = 0; from < order.length; from += settings.batchSize(), batch++) {
        int to = Math.min(order.length, from + settings.batchSize());
        computeShards(engine, train, order, from, to, aug, mine, grads, stats);
        exchange.exchange(batch, grads, stats);
        BatchStats b = addShards(grads, stats, grad);
        step(model, optimizer, settings.clipNorm(), average, grad, b, epoch, batch, lr, checkpointDir);
        total = total.plus(b);
      }
    }
    return new Result(state(params, optimizer, average), total);
  }

  /** A copy of the pass state now. */
  static State state(double[] params, Optimizer optimizer, ParameterAverage average) {
    TrainingState.OptimizerSnapshot o = TrainingState.OptimizerSnapshot.of(optimizer);
    return new State(params.clone(), o.steps(), o.moments(), average == null ? null : average.accumulator(),
        average == null ? 0 : average.steps());
  }

  /** Sets the live parameters, the optimizer and the average from {@code s}. */
  static void install(State s, double[] params, Optimizer optimizer, ParameterAverage average) {
    System.arraycopy(s.params(), 0, params, 0, params.length);
    optimizer.restore(s.optimizerSteps(), s.moments());
    if (average != null) {
      average.restore(s.averageAccumulator(), s.averageSteps());
    }
  }

  /**
   * The optimizer step after batch {@code batch}: mean gradient, clipping, update, projection, average; a
   * non-finite loss, gradient norm or parameter stops the run.
   */
  static void step(TrainableModel<?> model, Optimizer optimizer, double clipNorm, ParameterAverage average,
      double[] grad, BatchStats b, int epoch, int batch, double lr, Path checkpointDir) {
    double[] params = model.params();
    if (!Double.isFinite(b.lossSum())) {
      throw diverged(epoch, batch, "loss " + b.lossSum(), checkpointDir);
    }
    double inv = 1.0 / b.count();
    for (int i = 0; i < grad.length; i++) {
      grad[i] *= inv;
    }
    double norm = GradientClipping.clipGlobalNorm(grad, clipNorm);
    if (!Double.isFinite(norm)) {
      throw diverged(epoch, batch, "gradient norm " + norm, checkpointDir);
    }
    optimizer.step(params, grad, lr);
    model.project(params);
    for (double p : params) {
      if (!Double.isFinite(p)) {
        throw diverged(epoch, batch, "parameter " + p, checkpointDir);
      }
    }
    if (average != null) {
      average.update(params);
    }
  }

  static TrainingDivergedException diverged(int epoch, int batch, String what, Path dir) {
    String kept = dir == null ? "no checkpoint directory"
        : (Checkpoint.exists(dir) ? "last good checkpoint kept at " + Checkpoint.file(dir)
            : "no checkpoint written yet");
    return new TrainingDivergedException("training diverged in epoch " + (epoch + 1) + ", batch " + (batch + 1)
        + ": " + what + "; stopped (" + kept + ")");
  }
}
