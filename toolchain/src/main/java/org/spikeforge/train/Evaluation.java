package org.spikeforge.train;

import java.nio.file.Path;
import java.util.Map;
import org.spikeforge.data.Encoders;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.proto.Network;

/** Test-set evaluation of a saved network with the encoding stored inside it, plus its confusion matrix. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Accuracy (silent outputs decoded by pseudospike time), spikes-only accuracy (silent outputs at T + tau, as a
   * chip decodes them), loss and confusion counts[true][predicted] of the pseudospike decoding.
   */
  public record Result(double accuracy, long correct, long count, double meanLoss, long[][] confusion,
      double accuracySpikesOnly, long correctSpikesOnly, java.util.List<Path> figures) {
    public Result {
      figures = java.util.List.copyOf(figures);
    }
  }

  /** File name, next to the confusion matrix, of the per-layer raster of the first test sample. */
  public static final String RASTER_FILE = "evaluate-raster.png";

  /**
   * Loads {@code networkFile}, evaluates it on the test split of {@code dataset} and writes the figures next to
   * {@code confusionPng}: the confusion matrix, the per-layer raster of the first test sample
   * ({@value #RASTER_FILE}) and, for a conv net, its first-layer kernels ({@code kernels.png}).
   */
  public static Result run(Path networkFile, String dataset, int threads, Path confusionPng) {
    Network net = TrainingRun.readNetwork(networkFile);
    if (!net.hasEncoding()) {
      throw new ConfigException(networkFile + ": network has no input encoding to apply");
    }
    TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", dataset, "validation", 0,
        "trial-end", net.getTrialEnd() > 0 ? net.getTrialEnd() : 2.0), "evaluate");
    LoadedData data = LoadedData.load(c);
    SpikeDataset test = new SpikeDataset(data.name(), data.test().table(), Encoders.fromProto(net.getEncoding()));
    SpikingClassifier<?> model = ModelFactory.fromNetwork(net);
    Result r = evaluate(model, test, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
        new TtfsCrossEntropy(1, c.effectiveTau1(), 0.01));
    TrainingPlots.confusion(r.confusion(), confusionPng, String.format(java.util.Locale.ROOT,
        "%s on %s: %.2f %% (spikes only %.2f %%)", networkFile.getFileName(), data.name(), 100 * r.accuracy(),
        100 * r.accuracySpikesOnly()));
    java.util.List<Path> figures = new java.util.ArrayList<>(java.util.List.of(confusionPng));
    Path raster = confusionPng.resolveSibling(RASTER_FILE);
    TrainingRun.raster(model, test, raster, net.getTrialEnd() > 0 ? net.getTrialEnd() : c.trialEnd());
    figures.add(raster);
    Path kernels = confusionPng.resolveSibling(TrainingPlots.KERNELS_FILE);
    if (TrainingPlots.firstLayerKernels(net, kernels)) {
      figures.add(kernels);
    }
    return new Result(r.accuracy(), r.correct(), r.count(), r.meanLoss(), r.confusion(), r.accuracySpikesOnly(),
        r.correctSpikesOnly(), figures);
  }

  /** Evaluates {@code model} on {@code data}. */
  public static <W> Result evaluate(SpikingClassifier<W> model, SpikeDataset data, int threads,
      ClassificationLoss loss) {
    if (data.numInputs() != model.numInputs()) {
      throw new ConfigException(data.name() + ": " + data.numInputs() + " input channels but the network has "
          + model.numInputs());
    }
    if (data.numClasses() != model.numOutputs()) {
      throw new ConfigException(data.name() + ": " + data.numClasses() + " classes but the network has "
          + model.numOutputs() + " outputs");
    }
    int[] pred = new int[data.size()];
    BatchStats s;
    try (BatchEngine<W> e = new BatchEngine<>(model, loss, threads, 25)) {
      s = e.run(data, SampleOrder.identity(data.size()), 0, data.size(), null, null, pred);
    }
    long[][] confusion = new long[data.numClasses()][data.numClasses()];
    for (int i = 0; i < pred.length; i++) {
      confusion[data.label(i)][pred[i]]++;
    }
    return new Result(s.accuracy(), s.correct(), s.count(), s.meanLoss(), confusion, s.accuracySpikesOnly(),
        s.correctSpikesOnly(), java.util.List.of());
  }
}
