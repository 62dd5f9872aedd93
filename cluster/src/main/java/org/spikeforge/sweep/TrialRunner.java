package org.spikeforge.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.hw.export.LavaGraphExporter;
import org.spikeforge.hw.export.LavaGraphFiles;
import org.spikeforge.hw.export.NetxExporter;
import org.spikeforge.hw.export.NirExporter;
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
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.ModelFactory;
import org.spikeforge.train.TrainReport;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.verify.CalibrationCollector;
import org.spikeforge.verify.EncodedData;
import org.spikeforge.verify.Verifier;
import org.spikeforge.verify.VerifyReport;

/**
 * Runs one trial's pipeline in this JVM, through the toolchain's Java API (no child process): train
 * ({@link TrainingRun}, as {@code spikeforge train}), compile (design rules, calibration on training samples,
 * lowering, resource table, as {@code spikeforge compile}), verify ({@link Verifier}, float against the emulator)
 * and the optional export. Files go to {@code SWEEP_DIR/trials/ID/}. Never throws for a failing stage: the result
 * records the error in one line, so a sweep goes on. The same code runs in a Spark task and in a serial loop.
 */
public final class TrialRunner {
  private static final String VERSION = "0.1.0-SNAPSHOT";

  private TrialRunner() {}

  /** The folder of trial {@code id} under the sweep's results directory. */
  public static Path trialDir(Path sweepDir, String id) {
    return sweepDir.resolve("trials").resolve(id);
  }

  /** Runs {@code trial}, writing under {@code sweepDir}. */
  public static TrialResult run(Trial trial, Path sweepDir) {
    Path dir = trialDir(sweepDir, trial.id());
    Map<String, Double> f = new LinkedHashMap<>();
    Map<String, String> a = new LinkedHashMap<>();
    TrialResult.FIGURES.forEach(k -> f.put(k, Double.NaN));
    TrialResult.ARTIFACTS.forEach(k -> a.put(k, ""));
    a.put("dir", dir.toString());
    long start = System.nanoTime();
    String stage = "options";
    try {
      Files.createDirectories(dir);
      PipelineOptions p = PipelineOptions.of(trial.options(), dir, "trial " + trial.id());
      stage = "train";
      long t0 = System.nanoTime();
      LoadedData data = LoadedData.load(p.train());
      TrainReport tr;
      try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve("train.log")), true,
          StandardCharsets.UTF_8)) {
        tr = TrainingRun.run(p.train(), data, ModelFactory.create(p.train(), data), false, log);
      }
      f.put("float_accuracy", tr.testAccuracy());
      f.put("float_accuracy_spikes", tr.testAccuracySpikesOnly());
      f.put("train_s", seconds(t0));
      Path netFile = dir.resolve("train").resolve("model.net.pb");
      a.put("network", netFile.toString());
      Network net = ProtoFiles.readNetwork(netFile);

      stage = "compile";
      t0 = System.nanoTime();
      Target target = Targets.of(p.target());
      double dt = p.dt() > 0 ? p.dt() : target.chooseStep(net).dt();
      QuantSpec spec = QuantSpec.defaults(dt);
      List<Violation> violations = target.check(net, spec);
      if (!violations.isEmpty()) {
        throw new IllegalArgumentException(p.target().wireName() + " refuses the network: " + violations.size()
            + " design-rule violation(s), first: " + violations.get(0));
      }
      Calibration calibration = CalibrationCollector.collect(net, EncodedData.train(net, p.train().dataset()),
          p.calibrationSamples(), spec.clipPercentile(), p.currentMargin());
      HardwareConfig cfg = target.lower(net, spec, calibration).toBuilder()
          .putMetadata("network_file", netFile.toString())
          .putMetadata("quant.dt", Double.toString(dt))
          .putMetadata("sweep_trial", trial.id())
          .build();
      Path cfgFile = dir.resolve(p.target().wireName() + ".hwcfg.pb");
      ProtoFiles.write(cfgFile, cfg);
      ResourceReport resources = target.report(cfg);
      AtomicFiles.write(dir.resolve(p.target().wireName() + ".resources.txt"),
          resources.toTable().getBytes(StandardCharsets.UTF_8));
      a.put("config", cfgFile.toString());
      f.put("neurons", (double) resources.totalNeurons());
      f.put("synapses", (double) resources.totalSynapses());
      f.put("cores", (double) resources.totalCores());
      f.put("steps", (double) cfg.getNumSteps());
      f.put("energy_j", resources.totalEnergyJoules());
      f.put("compile_s", seconds(t0));

      stage = "verify";
      t0 = System.nanoTime();
      VerifyReport vr = new Verifier(net, cfg).run(EncodedData.test(net, p.train().dataset()), p.verifySamples(), 1,
          10);
      Path verifyDir = dir.resolve("verify");
      vr.write(verifyDir);
      a.put("verify_report", verifyDir.resolve("verify.json").toString());
      f.put("verify_float_accuracy", vr.floatAccuracy());
      f.put("emulator_accuracy", vr.emulatorAccuracy());
      f.put("agreement", vr.predictionAgreement());
      f.put("verify_s", seconds(t0));

      if (p.exportFormat() != null) {
        stage = "export";
        t0 = System.nanoTime();
        Path out = switch (p.exportFormat()) {
          case "lava" -> {
            Path file = dir.resolve("model.lava.pb");
            LavaGraphFiles.write(new LavaGraphExporter(VERSION).export(cfg, Map.of("sweep_trial", trial.id())), file);
            yield file;
          }
          case "netx" -> {
            Path file = dir.resolve("model.net");
            NetxExporter.write(cfg, file);
            yield file;
          }
          default -> {
            Path file = dir.resolve("model.nir");
            NirExporter.write(net, dt, VERSION, file);
            yield file;
          }
        };
        a.put("export", out.toString());
        f.put("export_s", seconds(t0));
      }
      f.put("total_s", seconds(start));
      return new TrialResult(trial.id(), true, "", f, a);
    } catch (RuntimeException | IOException | Error e) {
      if (e instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
        throw vm;
      }
      f.put("total_s", seconds(start));
      return new TrialResult(trial.id(), false, stage + ": " + oneLine(e), f, a);
    }
  }

  /** The exception's message on one line (its class name when it has none). */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return text.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

}
