package org.spikeforge.cli.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.report.ResourceReport;
import org.spikeforge.hw.targets.Target;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.hw.targets.Violation;
import org.spikeforge.io.AtomicFiles;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.verify.CalibrationCollector;
import org.spikeforge.verify.EncodedData;

/**
 * Demo stage 4: compiles the trained network for {@code loihi2} and {@code xylo} as {@code spikeforge compile}
 * does (design-rule check, calibration on training samples, 8-bit weights, lowering), writes
 * {@code DIR/compile/TARGET.hwcfg.pb} with its JSON twin and the resource table, and prints each table.
 * Fails when a target's design rules refuse the network, listing the violations.
 */
final class CompileStage implements DemoStage {
  /** The targets the demo compiles for, in order. */
  static final List<TargetFamily> TARGETS = List.of(TargetFamily.LOIHI2, TargetFamily.XYLO);

  @Override
  public String name() {
    return "compile";
  }

  @Override
  public String description() {
    return "quantize and compile the trained network for loihi2 and xylo (resource tables)";
  }

  @Override
  public StageOutcome run(DemoContext context) {
    DemoRecipe recipe = context.recipe();
    Path netFile = context.requireArtifact(DemoContext.TRAINED_NETWORK, "train");
    Network net = ProtoFiles.readNetwork(netFile);
    Path dir = context.subdirectory("compile");
    Calibration calibration = null;
    List<String> parts = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (TargetFamily family : TARGETS) {
      Target target = Targets.of(family);
      String name = family.wireName();
      double fixed = family == TargetFamily.XYLO ? recipe.xyloDt() : recipe.loihi2Dt();
      double dt = fixed > 0 ? fixed : target.chooseStep(net).dt();
      QuantSpec spec = QuantSpec.defaults(dt);
      List<Violation> violations = target.check(net, spec);
      if (!violations.isEmpty()) {
        violations.forEach(v -> context.out().println("      " + name + ": " + v));
        return StageOutcome.failed(name + " refuses the network: " + violations.size() + " design-rule violation(s),"
            + " first: " + violations.get(0));
      }
      if (calibration == null) {
        calibration = CalibrationCollector.collect(net, EncodedData.train(net, "yinyang"),
            recipe.calibrationSamples(), spec.clipPercentile(), 1.25);
      }
      HardwareConfig cfg = target.lower(net, spec, calibration).toBuilder()
          .putMetadata("network_file", String.valueOf(netFile.getFileName()))
          .putMetadata("quant.dt", Double.toString(dt))
          .putMetadata("calibration", "yinyang (" + recipe.calibrationSamples() + " training samples)")
          .build();
      Path cfgFile = dir.resolve(name + ".hwcfg.pb");
      ProtoFiles.write(cfgFile, cfg);
      ProtoFiles.write(dir.resolve(name + ".hwcfg.json"), cfg);
      ResourceReport report = target.report(cfg);
      String table = report.toTable();
      Path tableFile = dir.resolve(name + ".resources.txt");
      AtomicFiles.write(tableFile, table.getBytes(StandardCharsets.UTF_8));
      table.lines().forEach(line -> context.out().println("      " + line));
      context.putArtifact(DemoContext.CONFIG_PREFIX + name, cfgFile);
      parts.add(String.format(Locale.ROOT, "%s: %d neurons, %d synapses, %d cores, %d steps, %.2g J/trial", name,
          report.totalNeurons(), report.totalSynapses(), report.totalCores(), cfg.getNumSteps(),
          report.totalEnergyJoules()));
      files.add(cfgFile);
      files.add(tableFile);
    }
    return StageOutcome.passed(String.join(" | ", parts)).withFiles(files.toArray(Path[]::new));
  }
}
