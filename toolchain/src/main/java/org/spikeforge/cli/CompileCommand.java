package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.data.DatasetException;
import org.spikeforge.hw.net.NetworkFormatException;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.StepChoice;
import org.spikeforge.hw.targets.DesignRuleException;
import org.spikeforge.hw.targets.Target;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.hw.targets.Violation;
import org.spikeforge.io.Encoding;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.verify.CalibrationCollector;
import org.spikeforge.verify.EncodedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge compile}: quantizes and lowers a trained network to one target's {@link HardwareConfig},
 * writes it (plus a JSON twin next to a {@code .pb}) and prints the resource table. A network that breaks
 * the target's design rules gets every violation, one line each, and exit code 2.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Compile a trained network for loihi2, xylo or theta; prints the resource table.")
public final class CompileCommand implements Callable<Integer> {
  /** Model time per step when --dt is not given: the trial end over this many steps. */
  static final int DEFAULT_STEPS_PER_TRIAL = QuantOptions.DEFAULT_STEPS_PER_TRIAL;

  @Spec CommandSpec spec;

  @Mixin NetworkFileOption networkFile;

  @Option(names = "--target", required = true, converter = TargetFamilyConverter.class, description = "loihi2, xylo or theta")
  TargetFamily target;

  @Option(names = "--out", required = true, paramLabel = "CFG", description = "config file (.hwcfg.pb; a .json twin is written next to it)")
  Path out;

  @Mixin QuantOptions quant;

  @Option(names = "--calibrate", paramLabel = "DATASET", description = "run the float net on training samples of DATASET (yinyang, fashion-mnist, idx:DIR, mnist-json:DIR) to choose the scales")
  String calibrate;

  @Option(names = "--calibration-samples", defaultValue = "500", description = "samples used for calibration (default ${DEFAULT-VALUE})")
  int calibrationSamples;

  @Option(names = "--current-margin", defaultValue = "1.25", description = "factor on the largest calibrated LIF current (default ${DEFAULT-VALUE})")
  double currentMargin;

  @Option(names = "--xylo-bias-search", defaultValue = "true", arity = "1", description = "xylo with --calibrate: choose the input-fed"
      + " and output layer biases that maximise the float/emulator agreement on the calibration samples (default ${DEFAULT-VALUE})")
  boolean xyloBiasSearch;

  @Option(names = "--xylo-bias-search-samples", defaultValue = "3000", description = "training samples the xylo bias search"
      + " compares on (default ${DEFAULT-VALUE}; 500 left differences of 1 %% in agreement to chance)")
  int biasSearchSamples;

  @Option(names = "--threads", defaultValue = "1", description = "worker threads of the xylo bias search; 0: all cores (default ${DEFAULT-VALUE})")
  int threads;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    quant.check(spec);
    if (calibrationSamples < 1) {
      throw new ParameterException(spec.commandLine(), "--calibration-samples " + calibrationSamples + " must be >= 1");
    }
    try {
      Encoding.of(out);
      Path network = networkFile.path();
      Network net = ProtoFiles.readNetwork(network);
      Target t = Targets.of(target);
      StepChoice choice = quant.choose(t, net);
      double step = choice.dt();
      QuantSpec q = quant.specAt(step);
      List<Violation> violations = t.check(net, q);
      if (!violations.isEmpty()) {
        return designRuleFailure(err, net, t.name(), t.family(), violations);
      }
      Calibration cal = Calibration.none();
      if (calibrate != null) {
        if (calibrationSamples < 1) {
          throw new IllegalArgumentException("--calibration-samples " + calibrationSamples + " must be >= 1");
        }
        cal = CalibrationCollector.collect(net, EncodedData.train(net, calibrate), calibrationSamples, quant.clipPercentile,
            currentMargin);
      }
      HardwareConfig cfg;
      try {
        cfg = t.lower(net, q, cal);
      } catch (DesignRuleException e) {
        return designRuleFailure(err, net, t.name(), t.family(), e.violations());
      }
      if (xyloBiasSearch && calibrate != null && t.family() == TargetFamily.XYLO) {
        int biasChannel = net.hasEncoding() && net.getEncoding().getBiasSpike() ? net.getNumInputs() - 1 : -1;
        var tuned = XyloBiasSearch.tune(net, cfg, EncodedData.train(net, calibrate), biasSearchSamples, threads, biasChannel);
        cfg = tuned.getKey();
        XyloBiasSearch.Result r = tuned.getValue();
        o.printf(Locale.ROOT, "xylo bias search: input-fed bias %d, output bias %d, bias-channel jump %d, calibration agreement %.2f %%"
            + " (analytic bias: %.2f %%, %d evaluations)%n", r.inputBias(), r.outputBias(), r.biasJump(), 100 * r.agreement(), 100 * r.startAgreement(), r.evaluations());
      }
      HardwareConfig.Builder b = cfg.toBuilder().putMetadata("network_file", String.valueOf(network.getFileName()))
          .putMetadata("quant.dt", Double.toString(step)).putMetadata("quant.dt_rule", choice.rule())
          .putMetadata("quant.dt_nominal", Double.toString(choice.nominalDt()));
      if (calibrate != null) {
        b.putMetadata("calibration", calibrate + " (" + calibrationSamples + " training samples)");
      }
      cfg = b.build();
      ProtoFiles.write(out, cfg);
      Path twin = jsonTwin(out);
      if (twin != null) {
        ProtoFiles.write(twin, cfg);
      }
      o.print(t.report(cfg).toTable());
      o.println(QuantOptions.describe(choice));
      String warning = quant.warning(choice);
      if (warning != null) {
        err.println("spikeforge compile: " + warning);
        err.flush();
      }
      o.printf(Locale.ROOT, "wrote %s%s (%s, dt %.6g, %d steps)%n", out, twin == null ? "" : " and " + twin,
          t.name(), cfg.getDt(), cfg.getNumSteps());
      o.flush();
      return ExitCodes.OK;
    } catch (NetworkFormatException | DatasetException | org.spikeforge.train.ConfigException | UncheckedIOException e) {
      return fail(err, e.getMessage());
    } catch (IllegalArgumentException e) {
      return fail(err, e.getMessage());
    }
  }

  private int designRuleFailure(PrintWriter err, Network net, String targetName, TargetFamily family,
      List<Violation> violations) {
    err.println("spikeforge compile: " + networkFile.path() + ": network '" + net.getName() + "' does not fit target " + targetName
        + " (" + violations.size() + " violation" + (violations.size() == 1 ? "" : "s") + "):");
    for (Violation v : violations) {
      err.println("  " + v);
    }
    String hint = lifHint(net, family);
    if (hint != null) {
      err.println("  " + hint);
    }
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  /**
   * The way to a net that a LIF chip runs, for a theta or QIF net on loihi2 or xylo (train defaults to theta, which
   * only the theta target runs); null otherwise.
   */
  static String lifHint(Network net, TargetFamily family) {
    boolean lifChip = family == TargetFamily.LOIHI2 || family == TargetFamily.XYLO;
    boolean notLif = net.getModel() == org.spikeforge.proto.NeuronModel.THETA
        || net.getModel() == org.spikeforge.proto.NeuronModel.QIF_EXP;
    return lifChip && notLif ? "to run on " + family.wireName() + ", train a LIF net: spikeforge train --model lif"
        + " --from-rest true ... (the LIF recipe the demo uses; from rest, as xylo and netx need), or compile this"
        + " net for --target theta" : null;
  }

  private static int fail(PrintWriter err, String message) {
    err.println("spikeforge compile: " + oneLine(message));
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /** {@code x.hwcfg.pb} -> {@code x.hwcfg.json}; null for a file that is already JSON. */
  static Path jsonTwin(Path file) {
    if (Encoding.of(file) != Encoding.BINARY) {
      return null;
    }
    String name = file.getFileName().toString();
    String stem = name.endsWith(".pb") ? name.substring(0, name.length() - 3) : name;
    return file.resolveSibling(stem + ".json");
  }
}
