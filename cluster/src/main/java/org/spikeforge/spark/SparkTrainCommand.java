package org.spikeforge.spark;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.spikeforge.cli.TrainCommand;
import org.spikeforge.sweep.SweepSpecException;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainReport;
import org.spikeforge.train.TrainingDivergedException;
import org.spikeforge.train.TrainingListener;
import org.spikeforge.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spikeforge train --spark MASTER --shards N ...}: the core {@code train} (same options, files, checkpoints and
 * {@code --resume}) with every batch's shards computed by Spark tasks ({@link SparkTrainPasses}: one job per batch, or
 * one barrier job per epoch with {@code --exchange barrier}). The
 * weights are bit for bit those of a single-JVM {@code train --shards N} with the same seed. Each task rebuilds the
 * data set from the config, so a file data set must be readable at the same path on every executor; the driver
 * validates, tests and writes the checkpoints and the run directory. Unless {@code --progress false}, a
 * line on stderr follows the batches ({@link SparkTrainProgress}; in job mode only, since in barrier mode the batches
 * run inside one job and the driver hears of none).
 */
@Command(name = "train", mixinStandardHelpOptions = true, resourceBundle = "org.spikeforge.cli.TrainHelp",
    description = {"Train a feed-forward time-to-first-spike network with exact gradients, each batch's --shards N",
      "shards computed on Spark executors (one job per batch; --exchange barrier: one barrier job per epoch).",
      "The weights are bit-identical to a single-JVM 'train --shards N' with the same seed."})
public final class SparkTrainCommand extends TrainCommand {
  @Option(names = "--spark", paramLabel = "MASTER", required = true,
      description = "Spark master: local[N], local[*], spark://HOST:PORT, yarn or k8s://URL.")
  String master;

  @Option(names = "--tasks", defaultValue = "0",
      description = "barrier tasks per epoch, each computing every tasks-th shard (0: min(shards, the context's"
          + " default parallelism))")
  int tasks;

  @Option(names = "--exchange", defaultValue = "jobs", paramLabel = "jobs|barrier",
      description = "jobs: one Spark job per batch, the driver adds the shards and steps (default); barrier: one"
          + " barrier job per epoch, the shard sums all-gathered after every batch and every task stepping (Spark's"
          + " all-gather polls about once a second, so this pays ~1 s per batch)")
  String exchange;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable).")
  Map<String, String> confs = new LinkedHashMap<>();

  @Override
  protected TrainReport train(TrainConfig c, boolean resume, PrintStream log, TrainingListener progress) {
    if (tasks < 0) {
      throw new IllegalArgumentException("--tasks " + tasks + " must be >= 0 (0: min(shards, Spark's default))");
    }
    if (!exchange.equals("jobs") && !exchange.equals("barrier")) {
      throw new IllegalArgumentException("--exchange " + exchange + ": not jobs or barrier");
    }
    JavaSparkContext sc;
    try {
      sc = SparkSessions.open("spikeforge train " + c.dataset(), master, confs);
    } catch (SweepSpecException e) {
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^--master ", "--spark "), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--spark " + master + ": " + e.getMessage(), e);
    }
    try (sc) {
      // the core bar would open each epoch and never move (the driver's trainer runs no batches); this one moves
      // as each batch's job comes back
      TrainingListener shown = c.progress() ? new SparkTrainProgress(System.err, c.batch(),
          org.spikeforge.io.Terminal.interactive()) : TrainingListener.NONE;
      SparkTrainPasses passes = new SparkTrainPasses(sc, c, tasks > 0 ? tasks : sc.defaultParallelism(),
          exchange.equals("barrier"), log, shown);
      log.printf(Locale.ROOT, "spark %s: %d shards per batch on %d tasks, %s%n", sc.master(), c.shards(),
          passes.tasks(), exchange.equals("barrier") ? "one barrier job per epoch" : "one job per batch");
      try {
        // the driver's trainer and the passes (and, in local mode, the tasks) share one copy of the data
        LoadedData data = passes.data();
        return TrainingRun.run(c, data, ModelFactory.create(c, data), resume, log, shown, passes);
      } catch (TrainingDivergedException | IllegalArgumentException | org.spikeforge.train.ConfigException
          | org.spikeforge.data.DatasetException e) {
        throw e;
      } catch (RuntimeException e) { // Spark rethrows a failed task as an undeclared SparkException
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        throw new IllegalArgumentException("--spark " + master + ": " + root.getClass().getSimpleName() + ": "
            + String.valueOf(root.getMessage()).lines().findFirst().orElse(""), e);
      }
    }
  }
}
