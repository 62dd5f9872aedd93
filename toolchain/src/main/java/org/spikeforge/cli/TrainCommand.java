package org.spikeforge.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeforge.data.DatasetException;
import org.spikeforge.train.Checkpoint;
import org.spikeforge.train.ConfigException;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainReport;
import org.spikeforge.train.TrainingDivergedException;
import org.spikeforge.train.TrainingListener;
import org.spikeforge.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge train}: trains a feed-forward TTFS network on a dataset and writes the network, report.json and
 * figures into {@code --out}. Every option is also a key of {@code --config FILE.yaml}; options given on the command
 * line override the file. {@code --resume DIR} continues a killed run from its last checkpoint.
 */
@Command(name = "train", mixinStandardHelpOptions = true, resourceBundle = "org.spikeforge.cli.TrainHelp",
    description = {"Train a feed-forward time-to-first-spike network (theta or LIF) with exact gradients.",
      "The default model is theta, which only --target theta runs. For a LIF chip (loihi2, xylo) train with",
      "--model lif --from-rest true (the demo's recipe; --model lif alone implies from rest).",
      "A checkpoint is written after every epoch; --resume DIR continues a killed run bit for bit.",
      "Convolutional nets: --arch conv5x5x16,pool2,conv5x5x32,pool2,dense10 on an image dataset; the image is",
      "the 1xHxW input map (no bias channel); a conv layer is conv<KH>x<KW>x<C>[s<stride>][p<pad>], a pool",
      "pool<K>[x<K>] (sum pooling, window = stride, must divide its input), the last layer dense<classes>;",
      "an arch: key in --config FILE.yaml is the architecture file.",
      "Data parallel: --shards N cuts each batch into N shards added in shard order; './spikeforge train --spark",
      "MASTER --shards N ...' (the cluster jar; also --tasks, --exchange jobs|barrier, --conf K=V) computes the",
      "shards on Spark executors (local[N], spark://HOST:PORT, yarn, k8s://URL), bit for bit the same weights."})
public class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE.yaml", description = "YAML file with the same keys as the options")
  Path config;

  @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its last checkpoint")
  Path resume;

  @Option(names = "--overwrite", description = "replace a run that --out already holds (without it such a directory"
      + " is refused)")
  boolean overwrite;

  @Option(names = "--dataset", description = "yinyang, fashion-mnist, idx:DIR or mnist-json:DIR") String dataset;
  @Option(names = "--model", description = "theta, lif, qif or lif-delta (needs --drive above --threshold)") String model;
  @Option(names = "--hidden", description = "hidden layer sizes, e.g. 120 or 100,100") String hidden;
  @Option(names = "--arch", paramLabel = "LAYERS", description = "layers from input to output, e.g."
      + " conv5x5x16,pool2,conv5x5x32,pool2,dense10 (replaces --hidden)") String arch;
  @Option(names = "--pool-weight", description = "fixed weight of every sum-pooling layer (0: auto)")
  Double poolWeight;
  @Option(names = "--epochs") Integer epochs;
  @Option(names = "--batch") Integer batch;
  @Option(names = "--lr") Double lr;
  @Option(names = "--seed") Long seed;
  @Option(names = "--out", paramLabel = "DIR") String out;
  @Option(names = "--optimizer", description = "adabelief or adam") String optimizer;
  @Option(names = "--lr-schedule", description = "exponential, step or constant") String lrSchedule;
  @Option(names = "--lr-decay") Double lrDecay;
  @Option(names = "--lr-decay-every") Integer lrDecayEvery;
  @Option(names = "--threads", description = "worker threads (0: all cores)") Integer threads;
  @Option(names = "--chunk", description = "samples per parallel work unit") Integer chunk;
  @Option(names = "--shards", description = "contiguous shards per batch, their gradient sums added in shard order")
  Integer shards;
  @Option(names = "--clip", description = "global gradient-norm clip (0: off)") Double clip;
  @Option(names = "--patience", description = "early stopping patience in epochs (0: off)") Integer patience;
  @Option(names = "--restore-best", arity = "1") Boolean restoreBest;
  @Option(names = "--gamma") Double gamma;
  @Option(names = "--tau0") Double tau0;
  @Option(names = "--tau1") Double tau1;
  @Option(names = "--encoding", description = "auto, latency, log or threshold") String encoding;
  @Option(names = "--t-min") Double tMin;
  @Option(names = "--t-max") Double tMax;
  @Option(names = "--bias", arity = "1") Boolean bias;
  @Option(names = "--flip") Double flip;
  @Option(names = "--shift", description = "images: random training-time translation by up to N pixels (0: none)")
  Integer shift;
  @Option(names = "--time-levels", description = "latency/log codes: round spike times to N levels (0: continuous)")
  Integer timeLevels;
  @Option(names = "--trial-end") Double trialEnd;
  @Option(names = "--validation") Integer validation;
  @Option(names = "--train-limit") Integer trainLimit;
  @Option(names = "--tau") Double tau;
  @Option(names = "--drive") Double drive;
  @Option(names = "--threshold") Double threshold;
  @Option(names = "--phi0") Double phi0;
  @Option(names = "--weight-scale") Double weightScale;
  @Option(names = "--weight-mean") Double weightMean;
  @Option(names = "--progress", arity = "1") Boolean progress;
  @Option(names = "--from-rest", arity = "1", description = "lif: start every trial from rest, initial states fixed at 0")
  Boolean fromRest;
  @Option(names = "--fire-weight", description = "weight of the label-fires-before-T-minus-margin loss term (0: off)")
  Double fireWeight;
  @Option(names = "--fire-margin", description = "margin before the trial end for that term") Double fireMargin;
  @Option(names = "--fire-softness", description = "width of that term's smooth hinge") Double fireSoftness;
  @Option(names = "--gap-weight", description = "weight of the wrong-outputs-at-least-gap-after-the-label term")
  Double gapWeight;
  @Option(names = "--gap-margin", description = "that gap") Double gapMargin;
  @Option(names = "--ema", description = "per-step decay of a moving average of the weights, used for validation,"
      + " test and the saved net (0: off; e.g. 0.999)")
  Double ema;
  @Option(names = "--input-dropout", description = "images: training-time probability that a pixel's input spike is"
      + " removed (0: none)")
  Double inputDropout;
  @Option(names = "--mirror", description = "images: training-time probability that an image is mirrored left to"
      + " right (0: none)")
  Double mirror;
  @Option(names = "--select-on", description = "best-epoch metric: auto, pseudospikes or spikes-only")
  String selectOn;

  /** The options given on the command line, as config keys. */
  Map<String, Object> overrides() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "dataset", dataset);
    put(m, "model", model);
    put(m, "hidden", hidden);
    put(m, "arch", arch);
    put(m, "pool-weight", poolWeight);
    put(m, "epochs", epochs);
    put(m, "batch", batch);
    put(m, "lr", lr);
    put(m, "seed", seed);
    put(m, "out", out);
    put(m, "optimizer", optimizer);
    put(m, "lr-schedule", lrSchedule);
    put(m, "lr-decay", lrDecay);
    put(m, "lr-decay-every", lrDecayEvery);
    put(m, "threads", threads);
    put(m, "chunk", chunk);
    put(m, "shards", shards);
    put(m, "clip", clip);
    put(m, "patience", patience);
    put(m, "restore-best", restoreBest);
    put(m, "gamma", gamma);
    put(m, "tau0", tau0);
    put(m, "tau1", tau1);
    put(m, "encoding", encoding);
    put(m, "t-min", tMin);
    put(m, "t-max", tMax);
    put(m, "bias", bias);
    put(m, "flip", flip);
    put(m, "shift", shift);
    put(m, "time-levels", timeLevels);
    put(m, "trial-end", trialEnd);
    put(m, "validation", validation);
    put(m, "train-limit", trainLimit);
    put(m, "tau", tau);
    put(m, "drive", drive);
    put(m, "threshold", threshold);
    put(m, "phi0", phi0);
    put(m, "weight-scale", weightScale);
    put(m, "weight-mean", weightMean);
    put(m, "progress", progress);
    put(m, "from-rest", fromRest);
    put(m, "fire-weight", fireWeight);
    put(m, "fire-margin", fireMargin);
    put(m, "fire-softness", fireSoftness);
    put(m, "select-on", selectOn);
    put(m, "gap-weight", gapWeight);
    put(m, "gap-margin", gapMargin);
    put(m, "ema", ema);
    put(m, "input-dropout", inputDropout);
    put(m, "mirror", mirror);
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  /** The effective configuration: defaults, then the file (or the resumed run's config), then the options. */
  TrainConfig resolve() {
    Map<String, Object> o = overrides();
    if (resume != null) {
      o.put("out", resume.toString());
      return TrainingRun.storedConfig(resume).with(o, "command line");
    }
    TrainConfig base = config != null ? TrainConfig.load(config) : TrainConfig.defaults();
    return base.with(o, "command line");
  }

  /** Runs this command alone (until it is registered as a subcommand of {@code spikeforge}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new TrainCommand()).execute(args));
  }

  /** The run itself; {@code train --spark} runs the training passes on Spark executors instead. */
  protected TrainReport train(TrainConfig c, boolean resume, PrintStream log, TrainingListener progress) {
    return TrainingRun.run(c, resume, log, progress);
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      TrainConfig c = resolve();
      if (resume == null) {
        OutputDirectory.claim(spec, "--out", Path.of(c.out()), overwrite, "--resume " + c.out(),
            TrainingRun.CONFIG_FILE, Checkpoint.FILE, "model.net.pb", "report.json");
      }
      PrintStream log = System.out;
      TrainReport r;
      try (TrainingProgressBar bar = new TrainingProgressBar()) {
        r = train(c, resume != null, log, c.progress() ? bar : TrainingListener.NONE);
      }
      boolean kernels = java.nio.file.Files.exists(Path.of(c.out()).resolve(
          org.spikeforge.train.TrainingPlots.KERNELS_FILE));
      spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s/{model.net.pb,model.net.json,report.json,curves.png,"
          + "raster.png%s}; test accuracy %.2f%%, spikes only %.2f%%%n", c.out(), kernels ? ",kernels.png" : "",
          100 * r.testAccuracy(), 100 * r.testAccuracySpikesOnly());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ConfigException | DatasetException | TrainingDivergedException | IllegalArgumentException
        | UncheckedIOException e) {
      err.println("spikeforge train: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
