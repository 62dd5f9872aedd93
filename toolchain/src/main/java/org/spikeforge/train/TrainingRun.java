package org.spikeforge.train;

import org.spikeforge.io.AtomicFiles;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeforge.data.DatasetException;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.Provenance;

/**
 * One complete training run from a {@link TrainConfig}: loads and encodes the data, builds the model, trains with
 * checkpoints in the output directory, evaluates on the test set and writes {@code model.net.pb},
 * {@code model.net.json}, {@code report.json}, {@code curves.png}, {@code raster.png} (one band per layer),
 * {@code kernels.png} (conv nets: the first layer's kernels) and {@code config.json} (the latter lets
 * {@code --resume DIR} continue with the same settings).
 */
public final class TrainingRun {
  /** Config file kept in the run directory for resuming. */
  public static final String CONFIG_FILE = "config.json";

  private TrainingRun() {}

  /** Config stored in a run directory by an earlier run. */
  @SuppressWarnings("unchecked")
  public static TrainConfig storedConfig(Path dir) {
    Path f = dir.resolve(CONFIG_FILE);
    try {
      var map = TrainConfig.jsonMapper().readValue(Files.readString(f), java.util.LinkedHashMap.class);
      return TrainConfig.defaults().with(map, f.toString());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException(f + ": no config.json in the run directory to resume from");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var at = e.getLocation();
      throw new ConfigException(f + ": not a valid run config" + (at == null ? "" : " (line " + at.getLineNr()
          + ", column " + at.getColumnNr() + ")") + ": " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "));
    } catch (IOException e) {
      throw new ConfigException(f + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Runs training (or resumes it) and writes all outputs; returns the report. */
  public static TrainReport run(TrainConfig c, boolean resume, PrintStream log) {
    return run(c, resume, log, TrainingListener.NONE);
  }

  /**
   * As {@link #run(TrainConfig, boolean, PrintStream)}, telling {@code progress} about every epoch and batch (a
   * command line draws its progress bar from it when {@link TrainConfig#progress()} asks for one).
   */
  public static TrainReport run(TrainConfig c, boolean resume, PrintStream log, TrainingListener progress) {
    return run(c, resume, log, progress, null);
  }

  /**
   * As {@link #run(TrainConfig, boolean, PrintStream, TrainingListener)} with every epoch's training pass run by
   * {@code passes} (null: in this JVM), e.g. on a Spark cluster.
   */
  public static TrainReport run(TrainConfig c, boolean resume, PrintStream log, TrainingListener progress,
      TrainPass.Executor passes) {
    LoadedData data = LoadedData.load(c);
    return run(c, data, ModelFactory.create(c, data), resume, log, progress, passes);
  }

  /** The trainer settings of {@code c}. */
  public static TrainerSettings settings(TrainConfig c) {
    return new TrainerSettings(c.epochs(), c.batch(), c.seed(), c.effectiveThreads(), c.chunk(), c.clip(),
        c.patience(), c.restoreBest(), c.selectsOnSpikesOnly(), c.ema());
  }

  /** A fresh optimizer of {@code c} for {@code params} parameters. */
  public static Optimizer optimizer(TrainConfig c, int params) {
    return c.optimizer().equals("adam") ? Adam.standard(params) : AdaBelief.standard(params);
  }

  /** As {@link #run(TrainConfig, boolean, PrintStream)} with loaded data and a freshly initialised model. */
  public static <W> TrainReport run(TrainConfig c, LoadedData data, SpikingClassifier<W> model, boolean resume,
      PrintStream log) {
    return run(c, data, model, resume, log, TrainingListener.NONE);
  }

  /**
   * The run itself: {@code progress} hears every epoch and batch first, then the epoch's line goes to {@code log}.
   */
  public static <W> TrainReport run(TrainConfig c, LoadedData data, SpikingClassifier<W> model, boolean resume,
      PrintStream log, TrainingListener progress) {
    return run(c, data, model, resume, log, progress, null);
  }

  /**
   * As {@link #run(TrainConfig, LoadedData, SpikingClassifier, boolean, PrintStream, TrainingListener)} with every
   * epoch's training pass run by {@code passes} (null: in this JVM); a caller that already holds the data (a Spark
   * driver whose in-JVM tasks read the same copy) passes it here instead of having it loaded twice.
   */
  public static <W> TrainReport run(TrainConfig c, LoadedData data, SpikingClassifier<W> model, boolean resume,
      PrintStream log, TrainingListener progress, TrainPass.Executor passes) {
    Path out = Path.of(c.out());
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(out + ": cannot create output directory", e);
    }
    if (!resume) {
      try {
        AtomicFiles.write(out.resolve(CONFIG_FILE), TrainConfig.jsonMapper().writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(c));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    int params = model.params().length;
    Optimizer opt = optimizer(c, params);
    LearningRateSchedule schedule = switch (c.lrSchedule()) {
      case "exponential" -> new LearningRateSchedule.Exponential(c.lr(), c.lrDecay(), c.lrDecayEvery());
      case "step" -> new LearningRateSchedule.Step(c.lr(), c.lrDecay(), c.lrDecayEvery());
      default -> new LearningRateSchedule.Constant(c.lr());
    };
    TrainerSettings settings = settings(c);
    ClassificationLoss loss = TtfsCrossEntropy.of(c);
    Trainer<W> trainer = new Trainer<>(model, loss, opt, schedule, settings)
        .listener(progress.andThen(epochLines(log))).shards(c.shards()).passExecutor(passes);
    Trainer.Result result = trainer.fit(data.train(), data.validation(), out, resume);
    int[] predictions = new int[data.test().size()];
    BatchStats test = trainer.evaluate(data.test(), predictions);
    TrainingState s = result.state();
    TrainingState.Totals t = s.totals();
    EpochMetrics last = s.history().get(s.history().size() - 1);
    TrainReport report = new TrainReport(data.name(), c.model(), params, settings.threads(), test.accuracy(),
        test.accuracySpikesOnly(), test.meanLoss(), last.validationAccuracy(), last.validationAccuracySpikesOnly(),
        settings.selectOnSpikesOnly() ? "spikes-only" : "pseudospikes", s.bestValidationAccuracy(), s.bestEpoch(),
        s.epochsDone(), s.stoppedEarly(), t.trainSeconds(), t.trainSeconds() / s.epochsDone(),
        t.trainSamples() / t.trainSeconds(), t.silentFractionStart(), result.silentFractionEnd(),
        test.spikesPerNeuron(), s.history(), c.toMap());
    Network saved = saveNetwork(model, c, data, report, out);
    if (!TrainingPlots.firstLayerKernels(saved, out.resolve(TrainingPlots.KERNELS_FILE))) {
      try { // a dense run in a directory that held a conv run (--overwrite) must not show the old kernels
        Files.deleteIfExists(out.resolve(TrainingPlots.KERNELS_FILE));
      } catch (IOException e) {
        throw new UncheckedIOException(out.resolve(TrainingPlots.KERNELS_FILE) + ": cannot remove", e);
      }
    }
    report.write(out.resolve("report.json"));
    TrainingPlots.curves(s.history(), out.resolve("curves.png"));
    raster(model, data.test(), out.resolve("raster.png"), c.trialEnd());
    log.printf(Locale.ROOT, "test accuracy %.2f%%, spikes only %.2f%%  (validation %.2f%% / %.2f%% spikes only,"
        + " %s %s epoch %d, %d epochs, %.1f s, %.0f samples/s)%n", 100 * report.testAccuracy(),
        100 * report.testAccuracySpikesOnly(), 100 * report.validationAccuracy(),
        100 * report.validationAccuracySpikesOnly(),
        // what was saved: the best epoch only when restore-best put its weights back, else the last one
        c.restoreBest() ? "saved the best" : "saved the last epoch; best", report.selectOn(), report.bestEpoch(),
        report.epochs(),
        report.trainSeconds(), report.samplesPerSecond());
    return report;
  }

  /** One line per finished epoch on {@code log}. */
  static TrainingListener epochLines(PrintStream log) {
    return new TrainingListener() {
      @Override
      public void epochFinished(EpochMetrics m) {
        log.printf(Locale.ROOT, "epoch %d  lr %.2e  loss %.4f  train %.2f%%  val %.2f%%  val spikes-only %.2f%%"
            + "  silent %.1f%%  spikes/neuron %.3f  %.2fs  %.0f samples/s%n", m.epoch(), m.learningRate(),
            m.trainLoss(),
            100 * m.trainAccuracy(), 100 * m.validationAccuracy(), 100 * m.validationAccuracySpikesOnly(),
            100 * m.silentFraction(), m.spikesPerNeuron(), m.seconds(), m.samplesPerSecond());
      }
    };
  }

  private static <W> Network saveNetwork(SpikingClassifier<W> model, TrainConfig c, LoadedData data, TrainReport r,
      Path out) {
    Network net = model.toNetwork(c.model() + "-" + data.name()).toBuilder()
        .setEncoding(data.train().encoder().toProto(data.name()))
        .setProvenance(Provenance.newBuilder().setSpikeforgeVersion("0.1.0-SNAPSHOT")
            .setCreatedAt(Instant.now().toString()).setDataset(data.name()).setSeed(c.seed())
            .setEpochs(r.epochs()).setTestAccuracy(r.testAccuracy())
            .setValidationAccuracy(Double.isNaN(r.validationAccuracy()) ? 0 : r.validationAccuracy()))
        .build();
    writeNetwork(net, out.resolve("model.net.pb"));
    return net;
  }

  /** Writes {@code file} (binary) and the JSON twin next to it ({@code .pb} replaced by {@code .json}). */
  public static void writeNetwork(Network net, Path file) {
    AtomicFiles.write(file, net.toByteArray());
    String name = file.getFileName().toString();
    String json = name.endsWith(".pb") ? name.substring(0, name.length() - 3) + ".json" : name + ".json";
    try {
      AtomicFiles.write(file.resolveSibling(json),
          JsonFormat.printer().print(net).getBytes(StandardCharsets.UTF_8));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a network from {@code .pb} (binary) or {@code .json} (protobuf JSON). */
  public static Network readNetwork(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (file.getFileName().toString().endsWith(".json")) {
        Network.Builder b = Network.newBuilder();
        JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), b);
        return b.build();
      }
      return Network.parseFrom(bytes);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DatasetException(file + ": network file not found");
    } catch (InvalidProtocolBufferException e) {
      throw new DatasetException(file + ": not a valid Network (" + e.getMessage().lines().findFirst().orElse("")
          + ")");
    } catch (IOException e) {
      throw new DatasetException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** The spike raster of the first sample of {@code test}, one band per layer from the input up. */
  static <W> void raster(SpikingClassifier<W> model, SpikeDataset test, Path file, double trialEnd) {
    W ws = model.newWorkspace();
    double[] in = new double[test.numInputs()];
    test.inputTimes(0, in);
    model.forward(in, ws);
    List<double[]> times = new ArrayList<>();
    List<int[]> neurons = new ArrayList<>();
    int[] sizes = new int[model.numLayers() + 1];
    sizes[0] = in.length;
    List<Double> it = new ArrayList<>();
    List<Integer> in0 = new ArrayList<>();
    for (int j = 0; j < in.length; j++) {
      if (in[j] <= trialEnd) {
        it.add(in[j]);
        in0.add(j);
      }
    }
    times.add(it.stream().mapToDouble(Double::doubleValue).toArray());
    neurons.add(in0.stream().mapToInt(Integer::intValue).toArray());
    for (int l = 1; l <= model.numLayers(); l++) {
      sizes[l] = model.layerSize(l);
      int n = model.layerSpikeCount(ws, l);
      double[] t = new double[n];
      int[] k = new int[n];
      for (int s = 0; s < n; s++) {
        t[s] = model.layerSpikeTime(ws, l, s);
        k[s] = model.layerSpikeNeuron(ws, l, s);
      }
      times.add(t);
      neurons.add(k);
    }
    TrainingPlots.raster(times, neurons, sizes, trialEnd, file);
  }
}
