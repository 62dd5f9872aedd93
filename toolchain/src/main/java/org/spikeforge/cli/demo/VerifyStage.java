package org.spikeforge.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.verify.EncodedData;
import org.spikeforge.verify.Verifier;
import org.spikeforge.verify.VerifyReport;

/**
 * Demo stage 5: runs the float network and each compiled config in the cycle-accurate emulator on the Yin-Yang
 * test samples through {@link Verifier}, writing {@code DIR/verify-TARGET/verify.json} and its spike-time
 * histogram. Passes when every target's float/emulator prediction agreement reaches the recipe's goal.
 */
final class VerifyStage implements DemoStage {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String description() {
    return "float network vs cycle-accurate emulator on the Yin-Yang test set, for each compiled target";
  }

  @Override
  public StageOutcome run(DemoContext context) {
    DemoRecipe recipe = context.recipe();
    Network net = ProtoFiles.readNetwork(context.requireArtifact(DemoContext.TRAINED_NETWORK, "train"));
    SpikeDataset test = EncodedData.test(net, "yinyang");
    boolean ok = true;
    List<String> parts = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (TargetFamily target : CompileStage.TARGETS) {
      HardwareConfig cfg = ProtoFiles.readHardwareConfig(
          context.requireArtifact(DemoContext.CONFIG_PREFIX + target, "compile"));
      VerifyReport report = new Verifier(net, cfg).run(test, recipe.verifySamples(), context.threads(), 10);
      Path dir = context.subdirectory("verify-" + target);
      report.write(dir);
      report.summary().lines().limit(1).forEach(line -> context.out().println("      " + line));
      ok &= report.predictionAgreement() >= recipe.agreementGoal();
      parts.add(String.format(Locale.ROOT, "%s: float %.2f%%, emulator %.2f%%, agree %.2f%%", target,
          100 * report.floatAccuracy(), 100 * report.emulatorAccuracy(), 100 * report.predictionAgreement()));
      files.add(dir.resolve("verify.json"));
    }
    String summary = String.join(" | ", parts) + String.format(Locale.ROOT, " (%d test samples, goal agree >= %.0f%%)",
        recipe.verifySamples() > 0 ? Math.min(recipe.verifySamples(), test.size()) : test.size(),
        100 * recipe.agreementGoal());
    return StageOutcome.goal(ok, summary).withFiles(files.toArray(Path[]::new));
  }
}
