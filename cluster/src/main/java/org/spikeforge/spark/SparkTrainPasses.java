package org.spikeforge.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.Optimizer;
import org.spikeforge.train.SpikingClassifier;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainPass;
import org.spikeforge.train.TrainerSettings;
import org.spikeforge.train.TrainingDivergedException;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.train.TtfsCrossEntropy;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Data-parallel training passes on Spark: one barrier job per epoch with {@code tasks} tasks (at most the shard
 * count); task t computes the shards s with {@code s % tasks == t} of every batch, the tasks swap their shard sums with
 * {@link BarrierTaskContext#allGather} after every batch, and every task adds all shards in shard order and takes the
 * same optimizer step ({@link TrainPass#runRemote}), so all replicas hold the weights a single JVM with the same
 * {@code --shards} would. Task 0 returns the end state (parameters, optimizer moments, average) and the epoch's
 * statistics; the driver's trainer then validates and writes the checkpoint as in single-machine training. One
 * job per epoch pays Spark's job cost (tens of ms locally, ~200 ms on a standalone cluster) once per epoch instead of
 * once per batch; what remains per batch is one all-gather round trip through the driver.
 */
final class SparkTrainPasses implements TrainPass.Executor {
  private final JavaSparkContext sc;
  private final String configJson;
  private final int shards;
  private final int tasks;
  /** Wall seconds of the epochs' jobs, for figures. */
  final List<Double> jobSeconds = new ArrayList<>();

  SparkTrainPasses(JavaSparkContext sc, TrainConfig c, int tasks) {
    this.sc = sc;
    this.shards = c.shards();
    this.tasks = Math.max(1, Math.min(c.shards(), tasks));
    try {
      this.configJson = TrainConfig.jsonMapper().writeValueAsString(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int tasks() {
    return tasks;
  }

  @Override
  public TrainPass.Result run(int epoch, double lr, TrainPass.State start) {
    long t0 = System.nanoTime();
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      ids.add(t);
    }
    RDD<Integer> rdd = sc.parallelize(ids, tasks).rdd();
    EpochTask task = new EpochTask(configJson, shards, tasks, epoch, lr, serialize(start));
    Object collected = rdd.barrier().mapPartitions(task, false, ClassTag$.MODULE$.apply(byte[].class)).collect();
    byte[][] results = (byte[][]) collected;
    jobSeconds.add((System.nanoTime() - t0) * 1e-9);
    Object first = deserialize(results[0]);
    if (first instanceof String diverged) {
      throw new TrainingDivergedException(diverged);
    }
    return (TrainPass.Result) first;
  }

  static byte[] serialize(Serializable o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Object deserialize(byte[] b) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The loaded data of a config on this executor JVM, kept across epochs (a config's data never changes). */
  private static final Map<String, LoadedData> DATA = new ConcurrentHashMap<>();

  /** One barrier task: the epoch's pass over this task's shards of every batch. */
  static final class EpochTask extends AbstractFunction1<Iterator<Integer>, Iterator<byte[]>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String configJson;
    private final int shards;
    private final int tasks;
    private final int epoch;
    private final double lr;
    private final byte[] start;

    EpochTask(String configJson, int shards, int tasks, int epoch, double lr, byte[] start) {
      this.configJson = configJson;
      this.shards = shards;
      this.tasks = tasks;
      this.epoch = epoch;
      this.lr = lr;
      this.start = start;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<byte[]> apply(Iterator<Integer> ids) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      int task = ctx.partitionId();
      TrainConfig c;
      try {
        c = TrainConfig.defaults().with(TrainConfig.jsonMapper().readValue(configJson, LinkedHashMap.class),
            "spark task");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      LoadedData data = DATA.computeIfAbsent(configJson, k -> LoadedData.load(c));
      Object result;
      try {
        result = pass(c, data, ModelFactory.create(c, data), task, ctx);
      } catch (TrainingDivergedException e) { // every replica diverges at the same step
        result = e.getMessage();
      }
      byte[] out = task == 0 ? serialize((Serializable) result) : new byte[0];
      return CollectionConverters.asScala(List.of(out).iterator());
    }

    private <W> TrainPass.Result pass(TrainConfig c, LoadedData data, SpikingClassifier<W> model, int task,
        BarrierTaskContext ctx) {
      TrainerSettings settings = TrainingRun.settings(c).withThreads(1);
      Optimizer opt = TrainingRun.optimizer(c, model.params().length);
      TrainPass.State s = (TrainPass.State) deserialize(start);
      return TrainPass.runRemote(model, TtfsCrossEntropy.of(c), opt, settings, Path.of(c.out()), epoch, lr, s,
          data.train(), shards, k -> k % tasks == task, (batch, grads, stats) -> exchange(ctx, task, grads, stats));
    }

    /** Sends this task's shard sums to every task and takes theirs (one all-gather through the driver). */
    private void exchange(BarrierTaskContext ctx, int task, double[][] grads, BatchStats[] stats) {
      if (tasks == 1) {
        return;
      }
      int n = grads[0].length;
      int mine = 0;
      for (int s = task; s < shards; s += tasks) {
        mine++;
      }
      ByteBuffer b = ByteBuffer.allocate(4 + mine * (4 + 7 * 8 + n * 8));
      b.putInt(mine);
      for (int s = task; s < shards; s += tasks) {
        BatchStats st = stats[s];
        b.putInt(s).putDouble(st.lossSum()).putLong(st.correct()).putLong(st.correctSpikesOnly()).putLong(st.count())
            .putLong(st.silent()).putLong(st.spikes()).putLong(st.neuronTrials());
        b.asDoubleBuffer().put(grads[s]);
        b.position(b.position() + n * 8);
      }
      String[] all = ctx.allGather(Base64.getEncoder().encodeToString(b.array()));
      for (int t = 0; t < all.length; t++) {
        if (t == task) {
          continue;
        }
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(all[t]));
        int count = in.getInt();
        for (int k = 0; k < count; k++) {
          int s = in.getInt();
          stats[s] = new BatchStats(in.getDouble(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
              in.getLong(), in.getLong());
          in.asDoubleBuffer().get(grads[s]);
          in.position(in.position() + n * 8);
        }
      }
    }
  }
}
