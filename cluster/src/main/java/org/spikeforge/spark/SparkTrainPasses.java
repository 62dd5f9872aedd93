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
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.spikeforge.train.BatchEngine;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.SampleOrder;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.Optimizer;
import org.spikeforge.train.SpikingClassifier;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainPass;
import org.spikeforge.train.TrainerSettings;
import org.spikeforge.train.TrainingDivergedException;
import org.spikeforge.train.TrainingListener;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.train.TtfsCrossEntropy;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Data-parallel training passes on Spark, in one of two ways; both give the weights of a single JVM with the same
 * {@code --shards}, since each shard is computed by the same code and all shards are added in shard order.
 *
 * <p><b>jobs</b> (the default): one small Spark job per batch. Every task gets the current parameters (a broadcast
 * made for the step) and returns the sums of its shards ({@code s % tasks == t}); the driver adds them and takes the step, and
 * tells the progress listener about the batch. Each task also returns its own time, so the epoch line splits a step
 * into the slowest task's time and what Spark adds (scheduling, closure and result transfer).
 * Its cost per batch is one job (measured in BENCHMARKS.md).
 *
 * <p><b>barrier</b>: one barrier job per epoch with {@code tasks} tasks (at most the shard
 * count); task t computes the shards s with {@code s % tasks == t} of every batch, the tasks swap their shard sums with
 * {@link BarrierTaskContext#allGather} after every batch, and every task adds all shards in shard order and takes the
 * same optimizer step ({@link TrainPass#runRemote}), so all replicas hold the weights a single JVM with the same
 * {@code --shards} would. Task 0 returns the end state (parameters, optimizer moments, average) and the epoch's
 * statistics; the driver's trainer then validates and writes the checkpoint as in single-machine training. One
 * job per epoch pays Spark's job cost (tens of ms locally, ~200 ms on a standalone cluster) once per epoch instead of
 * once per batch; what remains per batch is one all-gather round trip through the driver, which Spark 4.0.1
 * answers in steps of about a second (BENCHMARKS.md), so this mode is the slower one here.
 */
final class SparkTrainPasses implements TrainPass.Executor {
  private final JavaSparkContext sc;
  private final String configJson;
  private final int shards;
  private final int tasks;
  private final java.io.PrintStream log;
  private final boolean barrier;
  private final TrainConfig config;
  private final TrainingListener progress;

  /** What task 0 sends back: the pass's result (or a divergence message) and where its time went. */
  record TaskOut(Serializable result, long taskNanos, long exchangeNanos, int batches) implements Serializable {}

  SparkTrainPasses(JavaSparkContext sc, TrainConfig c, int tasks, boolean barrier, java.io.PrintStream log,
      TrainingListener progress) {
    this.sc = sc;
    this.progress = progress;
    this.log = log;
    this.barrier = barrier;
    this.config = c;
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
    return barrier ? barrierPass(epoch, lr, start) : jobPass(epoch, lr, start);
  }

  /**
   * One Spark job per batch: the driver sends the current parameters with every task, task t computes the shards
   * {@code s % tasks == t}, and the driver adds all shards in shard order and takes the step.
   */
  /**
   * The training data of this run, loaded once per JVM: the driver's trainer, the driver side of each pass and, in
   * local mode, every task read this one copy.
   */
  public LoadedData data() {
    return DATA.computeIfAbsent(configJson, k -> LoadedData.load(config));
  }

  private TrainPass.Result jobPass(int epoch, double lr, TrainPass.State start) {
    LoadedData data = data();
    return jobPass(ModelFactory.create(config, data), data, epoch, lr, start);
  }

  private <W> TrainPass.Result jobPass(SpikingClassifier<W> model, LoadedData data, int epoch, double lr,
      TrainPass.State start) {
    long t0 = System.nanoTime();
    long[] jobs = new long[3]; // job nanos, jobs, slowest-task nanos
    BatchStats[] soFar = {BatchStats.EMPTY};
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      ids.add(t);
    }
    TrainerSettings settings = TrainingRun.settings(config).withThreads(1);
    TrainPass.Result r = TrainPass.runRemote(model, TtfsCrossEntropy.of(config), TrainingRun.optimizer(config,
        model.params().length), settings, Path.of(config.out()), epoch, lr, start, data.train(), shards, s -> false,
        (batch, grads, stats) -> {
          long j0 = System.nanoTime();
          // a copy: in local mode the tasks read the broadcast object itself, and the step changes the live array
          Broadcast<double[]> params = sc.broadcast(model.params().clone());
          ShardTask task = new ShardTask(configJson, shards, tasks, epoch, batch, params);
          long slowest = 0;
          try {
            for (byte[] piece : sc.parallelize(ids, tasks).map(task).collect()) {
              ByteBuffer in = ByteBuffer.wrap(piece);
              slowest = Math.max(slowest, in.getLong());
              readShards(in, grads, stats);
            }
          } finally {
            params.destroy(); // this step's only; the executors drop their copies in the background
          }
          jobs[2] += slowest;
          jobs[0] += System.nanoTime() - j0;
          jobs[1]++;
          BatchStats b = BatchStats.EMPTY;
          for (BatchStats st : stats) { // shard order, as the pass adds them
            b = b.plus(st);
          }
          soFar[0] = soFar[0].plus(b);
          // told when the shards are in, just before the pass takes the step (microseconds later)
          progress.batchFinished(epoch + 1, soFar[0], (System.nanoTime() - t0) * 1e-9);
        });
    double pass = (System.nanoTime() - t0) * 1e-9;
    double perJob = jobs[0] * 1e-6 / Math.max(1, jobs[1]);
    double perTask = jobs[2] * 1e-6 / Math.max(1, jobs[1]);
    log.printf(java.util.Locale.ROOT, "spark epoch %d: %d jobs (one per batch) in %.2f s, %.1f ms per job, of which"
        + " %.1f ms in its slowest task: %.1f ms of Spark per step%n", epoch + 1, jobs[1], pass, perJob, perTask,
        perJob - perTask);
    return r;
  }

  /**
   * One task of a batch's job: this task's shards of the batch at the step's parameters, which come as a broadcast
   * (fetched and deserialized once per executor JVM and step, shared by that executor's tasks) rather than inside
   * the task's closure (deserialized by every task).
   */
  record ShardTask(String configJson, int shards, int tasks, int epoch, int batch, Broadcast<double[]> broadcast)
      implements org.apache.spark.api.java.function.Function<Integer, byte[]> {
    @Override
    public byte[] call(Integer task) throws Exception {
      long t0 = System.nanoTime();
      Replica<?> r = REPLICA.get();
      if (r == null || !r.configJson().equals(configJson)) {
        TrainConfig c = config(configJson);
        LoadedData data = DATA.computeIfAbsent(configJson, k -> LoadedData.load(c));
        r = Replica.of(configJson, c, data, ModelFactory.create(c, data));
        REPLICA.set(r);
      }
      byte[] out = run(r, task);
      // this task's own time first (the driver's log splits a step into compute and Spark), then its shards
      ByteBuffer.wrap(out).putLong(0, System.nanoTime() - t0);
      return out;
    }

    private <W> byte[] run(Replica<W> r, int task) {
      double[] params = broadcast.value(); // shared: read only
      System.arraycopy(params, 0, r.model().params(), 0, params.length);
      TrainerSettings settings = r.settings();
      if (r.orderEpoch()[0] != epoch) {
        r.order()[0] = SampleOrder.epoch(r.data().train().size(), settings.seed(), epoch);
        r.orderEpoch()[0] = epoch;
      }
      int[] order = r.order()[0];
      int from = batch * settings.batchSize();
      int to = Math.min(order.length, from + settings.batchSize());
      double[][] grads = new double[shards][];
      BatchStats[] stats = new BatchStats[shards];
      for (int s = task; s < shards; s += tasks) {
        grads[s] = new double[params.length];
      }
      TrainPass.computeShards(r.engine(), r.data().train(), order, from, to,
          new BatchEngine.Augmentation(settings.seed(), epoch), k -> k % tasks == task, grads, stats);
      return writeShards(8, task, tasks, grads, stats);
    }
  }

  /**
   * An executor thread's model replica, batch engine and epoch order, kept from one batch's task to the next (a
   * task overwrites the parameters first, so nothing but speed depends on what it held before).
   */
  record Replica<W>(String configJson, LoadedData data, SpikingClassifier<W> model, BatchEngine<W> engine,
      TrainerSettings settings, int[][] order, int[] orderEpoch) {
    static <W> Replica<W> of(String json, TrainConfig c, LoadedData data, SpikingClassifier<W> model) {
      TrainerSettings s = TrainingRun.settings(c).withThreads(1);
      return new Replica<>(json, data, model, new BatchEngine<>(model, TtfsCrossEntropy.of(c), 1, s.chunkSize()), s,
          new int[1][], new int[] {-1});
    }
  }

  private static final ThreadLocal<Replica<?>> REPLICA = new ThreadLocal<>();

  static TrainConfig config(String json) {
    try {
      return TrainConfig.defaults().with(TrainConfig.jsonMapper().readValue(json, LinkedHashMap.class), "spark task");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This task's shards ({@code s % tasks == task}) of a batch as bytes: count, then (index, stats, sum) each. */
  static byte[] writeShards(int task, int tasks, double[][] grads, BatchStats[] stats) {
    return writeShards(0, task, tasks, grads, stats);
  }

  /** As {@link #writeShards(int, int, double[][], BatchStats[])} after {@code skip} bytes left for the caller. */
  static byte[] writeShards(int skip, int task, int tasks, double[][] grads, BatchStats[] stats) {
    int shards = grads.length;
    int n = grads[task].length;
    int mine = 0;
    for (int s = task; s < shards; s += tasks) {
      mine++;
    }
    ByteBuffer b = ByteBuffer.allocate(skip + 4 + mine * (4 + 7 * 8 + n * 8));
    b.position(skip);
    b.putInt(mine);
    for (int s = task; s < shards; s += tasks) {
      BatchStats st = stats[s];
      b.putInt(s).putDouble(st.lossSum()).putLong(st.correct()).putLong(st.correctSpikesOnly()).putLong(st.count())
          .putLong(st.silent()).putLong(st.spikes()).putLong(st.neuronTrials());
      b.asDoubleBuffer().put(grads[s]);
      b.position(b.position() + n * 8);
    }
    return b.array();
  }

  /** Reads {@link #writeShards}'s bytes into {@code grads} and {@code stats}. */
  static void readShards(ByteBuffer in, double[][] grads, BatchStats[] stats) {
    int count = in.getInt();
    for (int k = 0; k < count; k++) {
      int s = in.getInt();
      stats[s] = new BatchStats(in.getDouble(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
          in.getLong());
      in.asDoubleBuffer().get(grads[s]);
      in.position(in.position() + grads[s].length * 8);
    }
  }

  private TrainPass.Result barrierPass(int epoch, double lr, TrainPass.State start) {
    long t0 = System.nanoTime();
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      ids.add(t);
    }
    RDD<Integer> rdd = sc.parallelize(ids, tasks).rdd();
    EpochTask task = new EpochTask(configJson, shards, tasks, epoch, lr, serialize(start));
    Object collected = rdd.barrier().mapPartitions(task, false, ClassTag$.MODULE$.apply(byte[].class)).collect();
    byte[][] results = (byte[][]) collected;
    double job = (System.nanoTime() - t0) * 1e-9;
    TaskOut out = (TaskOut) deserialize(results[0]);
    log.printf(java.util.Locale.ROOT, "spark epoch %d: job %.2f s (task 0 %.2f s, so %.0f ms of job start and result),"
        + " %d batches, all-gather wait %.1f ms per batch%n", epoch + 1, job, out.taskNanos() * 1e-9,
        (job - out.taskNanos() * 1e-9) * 1e3, out.batches(), out.exchangeNanos() * 1e-6 / Math.max(1, out.batches()));
    Object first = out.result();
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
      long t0 = System.nanoTime();
      BarrierTaskContext ctx = BarrierTaskContext.get();
      int task = ctx.partitionId();
      TrainConfig c = config(configJson);
      LoadedData data = DATA.computeIfAbsent(configJson, k -> LoadedData.load(c));
      Serializable result;
      long[] exchange = new long[2];
      try {
        result = pass(c, data, ModelFactory.create(c, data), task, ctx, exchange);
      } catch (TrainingDivergedException e) { // every replica diverges at the same step
        result = e.getMessage();
      }
      byte[] out = task == 0 ? serialize(new TaskOut(result, System.nanoTime() - t0, exchange[0], (int) exchange[1]))
          : new byte[0];
      return CollectionConverters.asScala(List.of(out).iterator());
    }

    private <W> TrainPass.Result pass(TrainConfig c, LoadedData data, SpikingClassifier<W> model, int task,
        BarrierTaskContext ctx, long[] exchange) {
      TrainerSettings settings = TrainingRun.settings(c).withThreads(1);
      Optimizer opt = TrainingRun.optimizer(c, model.params().length);
      TrainPass.State s = (TrainPass.State) deserialize(start);
      return TrainPass.runRemote(model, TtfsCrossEntropy.of(c), opt, settings, Path.of(c.out()), epoch, lr, s,
          data.train(), shards, k -> k % tasks == task, (batch, grads, stats) -> {
            long e0 = System.nanoTime();
            exchange(ctx, task, grads, stats);
            exchange[0] += System.nanoTime() - e0;
            exchange[1]++;
          });
    }

    /** Sends this task's shard sums to every task and takes theirs (one all-gather through the driver). */
    private void exchange(BarrierTaskContext ctx, int task, double[][] grads, BatchStats[] stats) {
      if (tasks == 1) {
        return;
      }
      String[] all = ctx.allGather(Base64.getEncoder().encodeToString(writeShards(task, tasks, grads, stats)));
      for (int t = 0; t < all.length; t++) {
        if (t != task) {
          readShards(ByteBuffer.wrap(Base64.getDecoder().decode(all[t])), grads, stats);
        }
      }
    }
  }
}
