package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.util.Locale;
import org.spikeforge.hil.HilReport;
import org.spikeforge.hil.HilRequest;
import org.spikeforge.hil.HilRun;
import org.spikeforge.hil.HilSettings;
import org.spikeforge.hw.device.BoardLibrary;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.proto.TargetFamily;

/**
 * Demo stage 7: a short hardware-in-the-loop fine-tuning run ({@link HilRun}, as {@code spikeforge hil-finetune})
 * of the trained network on the reference loihi2 board with mismatch turned on (per-neuron threshold offsets and
 * per-synapse weight gains drawn from the demo seed): forward passes on the board, exact gradients at the
 * measured spike times, changed weights written back. Writes {@code DIR/hil/hil.json}, {@code hil.png} and the
 * fine-tuned config. Passes when the board's test accuracy after the run is at least what it was before.
 */
final class HilStage implements DemoStage {
  static final TargetFamily TARGET = TargetFamily.LOIHI2;

  @Override
  public String name() {
    return "hil";
  }

  @Override
  public String description() {
    return "hardware-in-the-loop fine-tuning on the reference loihi2 board with mismatch";
  }

  @Override
  public StageOutcome run(DemoContext context) {
    DemoRecipe recipe = context.recipe();
    Path net = context.requireArtifact(DemoContext.TRAINED_NETWORK, "train");
    Path dir = context.subdirectory("hil");
    Mismatch mismatch = new Mismatch(context.seed(), recipe.thresholdSigma(), recipe.gainSigma(), 0);
    HilSettings settings = HilSettings.tuned().toBuilder().epochs(recipe.hilEpochs())
        .trainLimit(recipe.hilTrainLimit()).testLimit(recipe.hilTestLimit()).lr(recipe.hilLearningRate())
        .seed(context.seed()).build();
    StageLog log = new StageLog(context.err(), line -> true);
    HilReport report;
    try {
      report = HilRun.run(new HilRequest(net, TARGET, BoardLibrary.REFBOARD, mismatch, "yinyang",
          recipe.loihi2Dt(), dir, false, settings, 0, 0), log.stream());
    } finally {
      log.writeTo(dir.resolve("hil.log"));
    }
    String summary = String.format(Locale.ROOT,
        "device accuracy %.2f%% -> %.2f%% (float %.2f%%) on %s, mismatch sigma threshold %.2f / gain %.2f, "
            + "%d epoch(s) x %d samples, %d test samples",
        100 * report.deviceAccuracyBefore(), 100 * report.deviceAccuracyAfter(), 100 * report.floatAccuracy(),
        report.board(), recipe.thresholdSigma(), recipe.gainSigma(), recipe.hilEpochs(), report.trainSamples(),
        report.testSamples());
    return StageOutcome.goal(report.deviceAccuracyAfter() >= report.deviceAccuracyBefore(), summary)
        .withFiles(dir.resolve("hil.json"), dir.resolve("hil.png"), dir.resolve("finetuned.hwcfg.pb"));
  }
}
