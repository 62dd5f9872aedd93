package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainReport;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.train.SpikingClassifier;

/**
 * Demo stage 3: trains a LIF_EXP network on Yin-Yang (the embedded dataset) with exact spike-time gradients
 * through {@link TrainingRun}, with the neurons starting every trial from rest ({@code from-rest}) so that the
 * same network fits loihi2 and xylo. Writes the trainer's usual files ({@code model.net.pb}, {@code report.json},
 * {@code curves.png}, {@code raster.png}) into {@code DIR/train}. Passes when the spikes-only test accuracy (silent
 * outputs lose, as on a chip) reaches the recipe's goal.
 */
final class TrainStage implements DemoStage {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String description() {
    return "train a LIF network on Yin-Yang with exact spike-time gradients (neurons start from rest)";
  }

  @Override
  public StageOutcome run(DemoContext context) {
    DemoRecipe recipe = context.recipe();
    Path dir = context.subdirectory("train");
    Map<String, Object> settings = new LinkedHashMap<>(recipe.train());
    settings.put("out", dir.toString());
    settings.put("threads", context.threads());
    TrainConfig config = TrainConfig.defaults().with(settings, "demo recipe");
    LoadedData data = LoadedData.load(config);
    SpikingClassifier<?> model = ModelFactory.create(config, data);
    int every = Math.max(1, config.epochs() / 6);
    StageLog log = new StageLog(context.err(), line -> showEpoch(line, every, config.epochs()));
    TrainReport report;
    try {
      report = TrainingRun.run(config, data, model, false, log.stream());
    } finally {
      log.writeTo(dir.resolve("train.log"));
    }
    Path net = dir.resolve("model.net.pb");
    context.putArtifact(DemoContext.TRAINED_NETWORK, net);
    String summary = String.format(Locale.ROOT,
        "test accuracy %.2f%% spikes only (goal >= %.0f%%; %.2f%% with pseudospikes), 4+1-%s-3 LIF, %d epochs"
            + " (best %d), %.1f s training", 100 * report.testAccuracySpikesOnly(), 100 * recipe.accuracyGoal(),
        100 * report.testAccuracy(), config.hidden(), report.epochs(), report.bestEpoch(), report.trainSeconds());
    return StageOutcome.goal(report.testAccuracySpikesOnly() >= recipe.accuracyGoal(), summary)
        .withFiles(net, dir.resolve("curves.png"), dir.resolve("raster.png"), dir.resolve("report.json"));
  }

  /** Every few epochs, the last one and the final test line. */
  private static boolean showEpoch(String line, int every, int epochs) {
    if (!line.startsWith("epoch ")) {
      return line.startsWith("test accuracy");
    }
    String[] parts = line.split("\\s+", 3);
    try {
      int epoch = Integer.parseInt(parts[1]);
      return epoch % every == 0 || epoch == epochs || epoch == 1;
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }
}
