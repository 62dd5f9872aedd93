package org.spikeforge.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.train.ConfigException;
import org.spikeforge.train.TrainConfig;

/**
 * The options of one trial, typed: the training config and the settings of the compile, verify and optional export
 * stages. Option names are {@code STAGE.KEY}; the train keys are exactly {@code spikeforge train}'s (without
 * {@code out}, which is the trial's directory), the other stages' keys are {@link #COMPILE}, {@link #VERIFY} and
 * {@link #EXPORT}.
 *
 * @param train the training run (its {@code out} is the trial's {@code train/} folder)
 * @param target compile target
 * @param dt model time per hardware step (0: the target's automatic choice, as {@code compile} without --dt)
 * @param calibrationSamples training samples that calibrate the quantization
 * @param currentMargin headroom on the calibrated currents (as {@code compile --current-margin})
 * @param verifySamples test samples run in the emulator (0: all)
 * @param exportFormat {@code lava}, {@code netx}, {@code nir}, or null for no export stage
 */
public record PipelineOptions(TrainConfig train, TargetFamily target, double dt, int calibrationSamples,
    double currentMargin, int verifySamples, String exportFormat) {
  /** The stages a spec's {@code base} and option names may use. */
  public static final Set<String> STAGES = Set.of("train", "compile", "verify", "export");
  public static final List<String> COMPILE = List.of("target", "dt", "calibration-samples", "current-margin");
  public static final List<String> VERIFY = List.of("samples");
  public static final List<String> EXPORT = List.of("format");
  private static final List<String> FORMATS = List.of("lava", "netx", "nir");

  /** Refuses an option name whose stage or key is unknown; {@code field} names the place for the message. */
  public static void checkName(String option, String field) {
    int dot = option.indexOf('.');
    String stage = dot < 0 ? option : option.substring(0, dot);
    if (dot < 0 || !STAGES.contains(stage)) {
      throw new SweepSpecException(field + ": unknown option '" + option + "' (options are STAGE.KEY with STAGE one"
          + " of " + String.join(", ", new TreeSet<>(STAGES)) + ")");
    }
    String key = option.substring(dot + 1);
    List<String> known = keys(stage);
    if (!known.contains(key)) {
      throw new SweepSpecException(field + ": unknown option '" + key + "' of stage " + stage + " (known: "
          + String.join(", ", new TreeSet<>(known)) + ")");
    }
  }

  private static List<String> keys(String stage) {
    return switch (stage) {
      case "train" -> TrainConfig.keys().stream().filter(k -> !k.equals("out")).toList();
      case "compile" -> COMPILE;
      case "verify" -> VERIFY;
      default -> EXPORT;
    };
  }

  /**
   * Types and checks one trial's flat options; {@code trialDir} becomes the training output folder's parent.
   *
   * @throws SweepSpecException naming {@code source} and the option for a bad value
   */
  public static PipelineOptions of(Map<String, Object> options, Path trialDir, String source) {
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("threads", 1);
    train.put("progress", false);
    options.forEach((k, v) -> {
      if (k.startsWith("train.")) {
        train.put(k.substring(6), v);
      }
    });
    train.put("out", trialDir.resolve("train").toString());
    TrainConfig config;
    try {
      config = TrainConfig.defaults().with(train, source);
    } catch (ConfigException e) {
      throw new SweepSpecException(e.getMessage());
    }
    TargetFamily target;
    try {
      target = TargetFamily.parse(String.valueOf(options.getOrDefault("compile.target", "loihi2")));
    } catch (IllegalArgumentException e) {
      throw new SweepSpecException(source + ": compile.target: " + e.getMessage());
    }
    double dt = number(options, "compile.dt", 0, source);
    if (!(dt >= 0) || Double.isInfinite(dt)) {
      throw new SweepSpecException(source + ": compile.dt: " + dt + " must be finite and >= 0 (0: automatic)");
    }
    int calibration = (int) number(options, "compile.calibration-samples", 200, source);
    if (calibration < 1) {
      throw new SweepSpecException(source + ": compile.calibration-samples: " + calibration + " must be >= 1");
    }
    double margin = number(options, "compile.current-margin", 1.25, source);
    int verify = (int) number(options, "verify.samples", 0, source);
    if (verify < 0) {
      throw new SweepSpecException(source + ": verify.samples: " + verify + " must be >= 0 (0: all)");
    }
    Object format = options.get("export.format");
    if (format != null && !FORMATS.contains(String.valueOf(format))) {
      throw new SweepSpecException(source + ": export.format: unknown format '" + format + "' (choose "
          + String.join(", ", FORMATS) + ")");
    }
    if (format != null && !format.equals("nir") && target != TargetFamily.LOIHI2) {
      throw new SweepSpecException(source + ": export.format: " + format + " exports a loihi2 config, but"
          + " compile.target is " + target.wireName());
    }
    return new PipelineOptions(config, target, dt, calibration, margin, verify,
        format == null ? null : String.valueOf(format));
  }

  private static double number(Map<String, Object> options, String key, double fallback, String source) {
    Object v = options.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new SweepSpecException(source + ": " + key + ": expected a number, got '" + v + "'");
    }
    return n.doubleValue();
  }
}
