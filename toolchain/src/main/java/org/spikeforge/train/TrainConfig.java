package org.spikeforge.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every setting of a training run. The YAML keys ({@code --config FILE.yaml}) are the kebab-case names of the
 * components and equal the command-line options ({@code lr-decay-every:} is {@code --lr-decay-every}); unknown keys
 * are rejected. Values not given keep {@link #defaults()}. The whole record is written into report.json.
 *
 * @param dataset {@code yinyang}, {@code fashion-mnist}, {@code idx:DIR} or {@code mnist-json:DIR}
 * @param model {@code theta}, {@code lif}, {@code qif} or {@code lif-delta} (LIF_DELTA; refused without a drive above threshold)
 * @param hidden hidden layer sizes, comma separated (e.g. {@code 100,100})
 * @param lrSchedule {@code exponential} (lr · decay^(epoch/every)), {@code step} or {@code constant}
 * @param encoding {@code auto} (latency for Yin-Yang, threshold for images), {@code latency}, {@code log},
 *     {@code threshold}
 * @param flip images only: training-time augmentation probability per pixel; the threshold code flips a pixel on/off,
 *     the latency and log codes mirror its value x -> 1 - x (the reference code's level flip)
 * @param timeLevels latency and log codes: spike times rounded to this many evenly spaced times in [t-min, t-max]
 *     (0: continuous); a few levels keep the grey levels of images but make samples much cheaper to simulate
 * @param validation images held out of the training set for validation (-1: 10 %; Yin-Yang has its own set)
 * @param trainLimit use only the first N training samples (0: all), for quick runs
 * @param threads worker threads (0: all cores)
 * @param tau0 softmax temperature of the loss; {@code tau1} 0 means the trial end T
 * @param phi0 theta only: initial phase as a fraction of Θ (0.5 starts the network silent); negative: model default
 * @param weightMean added to every initial weight, in units of 1/√fan_in (a positive mean makes LIF nets fire
 *     at the start, which trains faster than learning only through pseudospikes)
 * @param weightScale initial weights U(±weightScale/√fan_in); 0: model default (theta 0.5 as in the paper, lif 1)
 * @param fromRest lif only: every neuron starts each trial from rest (V0 = I0 = 0) and the initial states are not
 *     trained; xylo and netx refuse non-zero initial states, so only such nets compile for every target
 * @param fireWeight weight λ of the loss term that makes the label output fire inside the trial, before
 *     T - fireMargin (0: off; see {@link TtfsCrossEntropy})
 * @param fireMargin how long before the trial end T the label output should have fired
 * @param fireSoftness width κ of the smooth hinges of the fire and gap terms (time units)
 * @param gapWeight weight μ of the loss term that keeps every wrong output at least gapMargin later than the label
 *     output (0: off; see {@link TtfsCrossEntropy})
 * @param gapMargin that time gap
 * @param selectOn validation accuracy that picks the best epoch and drives early stopping: {@code pseudospikes}
 *     (silent outputs decoded by their pseudospike times), {@code spikes-only} (silent outputs lose, as on a chip)
 *     or {@code auto} (spikes-only for lif, whose chips have no pseudospike read-out; pseudospikes for theta)
 * @param shift images only: training-time random translation of each image by up to this many pixels along each
 *     axis (uniform integer offsets in [-shift, shift], vacated pixels black; 0: none); never applied to validation
 *     or test images
 * @param ema per-step decay d of an exponential moving average of the parameters (0: off; e.g. 0.999 averages over
 *     roughly the last 1/(1 - d) = 1000 optimizer steps): validation, the best epoch, the test figures and the saved
 *     network all use the averaged parameters, while training continues from the raw ones ({@link ParameterAverage})
 * @param inputDropout images only: training-time probability that each pixel's input spike is removed (0: none);
 *     drawn per (seed, epoch, sample) like the other augmentations, never applied to validation or test images
 * @param mirror images only: training-time probability that an image is mirrored left to right (0: none), drawn
 *     per (seed, epoch, sample) from its own stream; clothes and shoes keep their class in a mirror, digits do not
 * @param arch the layers from input to output, e.g. {@code conv5x5x16,pool2,conv5x5x32,pool2,dense10}
 *     ({@link Architecture}); empty: dense layers {@link #hidden} and an output layer. With a conv or pool first
 *     layer the image is its 1×H×W input map and no bias channel is added
 * @param shards contiguous shards per batch whose exact gradient sums are added in shard order (1: the plain
 *     batch); the weights depend on the shard count, not on where the shards run ({@link TrainPass}), so
 *     {@code train --spark MASTER --shards N} gives the weights of a single-JVM {@code --shards N} run
 * @param poolWeight the fixed weight of every sum-pooling layer (0: auto, the weight with which one input spike
 *     fires a pool neuron from its initial state within 5 % of τ)
 */
public record TrainConfig(String dataset, String model, String hidden, int epochs, int batch, double lr,
    String optimizer, String lrSchedule, double lrDecay, int lrDecayEvery, long seed, String out, int threads,
    int chunk, double clip, int patience, boolean restoreBest, double gamma, double tau0, double tau1,
    String encoding, double tMin, double tMax, boolean bias, double flip, int timeLevels, double trialEnd,
    int validation, int trainLimit, double tau, double drive, double threshold, double phi0, double weightScale,
    double weightMean, boolean progress, boolean fromRest, double fireWeight, double fireMargin,
    double fireSoftness, String selectOn, double gapWeight, double gapMargin, int shift, double ema,
    double inputDropout, double mirror, String arch, double poolWeight, int shards) {

  /** The defaults: a theta network 4+1 -> 120 -> 3 on Yin-Yang ({@link #defaultsFor} for the LIF recipe). */
  public static TrainConfig defaults() {
    return new TrainConfig("yinyang", "theta", "120", 300, 50, 5e-3, "adabelief", "exponential", Math.exp(-1), 100,
        0, "runs/train", 0, 25, 0, 0, false, 0.01, 1, 0, "auto", 0.15, 2.0, true, 0.02, 0, 2.0, -1, 0, 6 / Math.PI,
        1.25, 1.0, -1, 0, 0, true, false, 0, 0.2, 0.05, "auto", 0, 0.2, 0, 0, 0, 0, "", 0, 1);
  }

  private static ObjectMapper mapper(ObjectMapper base) {
    return base.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** JSON mapper with the config's naming (used for report.json too). */
  public static ObjectMapper jsonMapper() {
    return mapper(new ObjectMapper());
  }

  /** The known keys, for error messages. */
  public static List<String> keys() {
    return List.copyOf(jsonMapper().convertValue(defaults(), LinkedHashMap.class).keySet());
  }

  /** This config as a key -> value map (kebab-case keys). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> toMap() {
    return jsonMapper().convertValue(this, LinkedHashMap.class);
  }

  /**
   * The tuned Yin-Yang recipe for {@code --model lif} (4+1 -> 120 -> 3 LIF_EXP, τ = 2, V_th = 1, T = 2, silent neurons
   * trained through LIF pseudospikes; docs/LIF-PSEUDOSPIKES.md): 150 epochs of Adam, lr 2e-3 decaying 1/e per 40
   * epochs, batch 20, gradients clipped at 1, softmax temperature τ0 = 1/2, weights U(±3/√fan_in) + 2/√fan_in,
   * every trial from rest (xylo and netx accept only that), hardware margins in the loss (label fires before
   * T - 0.15 with weight 0.5, wrong outputs at least 0.1 later with weight 0.5), best spikes-only validation epoch
   * restored. Seed 0: 98.4 % spikes-only test accuracy, 97.3 % on the loihi2 emulator (automatic dt; with chunks of
   * 25 it was 97.6 % and 97.1 %, the figures the HIL benchmarks started from). Chunks of 10
   * samples, so that a batch of 20 is two work units and {@code --threads 2} halves a step (with the theta default of
   * 25 a batch of 20 was one unit, run by one thread); the chunk, not the thread count, fixes the summation order.
   */
  private static final Map<String, Object> LIF_DEFAULTS = Map.ofEntries(Map.entry("model", "lif"),
      Map.entry("tau", 2.0), Map.entry("threshold", 1.0), Map.entry("epochs", 150), Map.entry("batch", 20),
      Map.entry("lr", 2e-3), Map.entry("optimizer", "adam"), Map.entry("lr-decay-every", 40),
      Map.entry("clip", 1.0), Map.entry("tau0", 0.5), Map.entry("weight-scale", 3.0),
      Map.entry("weight-mean", 2.0), Map.entry("restore-best", true), Map.entry("from-rest", true),
      Map.entry("fire-weight", 0.5), Map.entry("fire-margin", 0.15), Map.entry("gap-weight", 0.5),
      Map.entry("gap-margin", 0.1), Map.entry("chunk", 10));

  /**
   * {@code --model lif-delta} (LIF_DELTA, NIR's plain LIF): the theta defaults with tau = 2, V_th = 1 and no drive,
   * which {@link #validated} refuses with the reason (such a net fires only at input arrivals and cannot learn), so
   * that the user has to choose a drive above threshold explicitly.
   */
  private static final Map<String, Object> LIF_DELTA_DEFAULTS = Map.ofEntries(Map.entry("model", "lif-delta"),
      Map.entry("tau", 2.0), Map.entry("threshold", 1.0), Map.entry("drive", 0.0));

  /**
   * The defaults for a model: {@link #defaults()} for theta and qif, the tuned LIF recipe for {@code lif}
   * (only the keys that differ from the theta defaults change), no drive for {@code lif-delta}.
   */
  public static TrainConfig defaultsFor(String model) {
    if ("lif-delta".equals(model)) {
      return defaults().merge(LIF_DELTA_DEFAULTS, "lif-delta defaults", false);
    }
    return "lif".equals(model) ? defaults().merge(LIF_DEFAULTS, "lif defaults") : defaults();
  }

  /**
   * Applies {@code overrides} (kebab-case keys) on top of this config, then validates. When this config is the
   * plain {@link #defaults()} and the overrides pick another model, they apply on top of
   * {@link #defaultsFor(String) that model's defaults} instead, so {@code --model lif} alone gives the LIF recipe.
   */
  public TrainConfig with(Map<String, ?> overrides, String source) {
    Object requested = overrides.get("model");
    if (requested instanceof String m && !m.equals(model) && equals(defaults())) {
      return defaultsFor(m).merge(overrides, source);
    }
    return merge(overrides, source);
  }

  private TrainConfig merge(Map<String, ?> overrides, String source) {
    return merge(overrides, source, true);
  }

  private TrainConfig merge(Map<String, ?> overrides, String source, boolean validate) {
    Map<String, Object> merged = toMap();
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      if (!merged.containsKey(e.getKey())) {
        throw new ConfigException(source + ": unknown key '" + e.getKey() + "' (known: "
            + String.join(", ", new TreeSet<>(merged.keySet())) + ")");
      }
      merged.put(e.getKey(), e.getValue());
    }
    TrainConfig c;
    try {
      c = jsonMapper().convertValue(merged, TrainConfig.class);
    } catch (IllegalArgumentException e) {
      String key = e.getMessage() != null && e.getMessage().contains("[\"")
          ? e.getMessage().substring(e.getMessage().lastIndexOf("[\"") + 2, e.getMessage().lastIndexOf("\"]"))
          : "?";
      throw new ConfigException(source + ": key '" + key + "' has a value of the wrong type ("
          + String.valueOf(merged.get(key)) + ")");
    }
    return validate ? c.validated(source) : c;
  }

  /** Loads {@code file} (YAML) over the defaults. */
  @SuppressWarnings("unchecked")
  public static TrainConfig load(Path file) {
    Map<String, Object> yaml;
    try {
      String text = Files.readString(file);
      yaml = mapper(new ObjectMapper(new YAMLFactory())).readValue(text, LinkedHashMap.class);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found");
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": not valid YAML at line " + e.getLocation().getLineNr() + " ("
          + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
    }
    return defaults().with(yaml == null ? Map.of() : yaml, file.toString());
  }

  /** Hidden layer sizes parsed from {@link #hidden}. */
  public int[] hiddenSizes() {
    if (hidden == null || hidden.isBlank()) {
      return new int[0];
    }
    try {
      return Arrays.stream(hidden.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new ConfigException("hidden: '" + hidden + "' is not a comma-separated list of integers");
    }
  }

  /** The parsed {@link #arch}; call only when it is not blank. */
  public Architecture architecture(String source) {
    return Architecture.parse(arch, source);
  }

  /** Whether the layers come from {@link #arch} rather than {@link #hidden}. */
  public boolean hasArch() {
    return arch != null && !arch.isBlank();
  }

  /** The trial end T used for the loss's τ1 when {@code tau1} is 0. */
  public double effectiveTau1() {
    return tau1 > 0 ? tau1 : trialEnd;
  }

  /** Whether the best epoch and early stopping follow the spikes-only validation accuracy. */
  public boolean selectsOnSpikesOnly() {
    return "spikes-only".equals(selectOn) || ("auto".equals(selectOn) && ("lif".equals(model) || "lif-delta".equals(model)));
  }

  /** Worker threads to use (resolving 0 to all cores). */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** Whether {@code value} is one of {@code allowed}; a missing (null) value is not. */
  private static boolean oneOf(String value, String... allowed) {
    return value != null && List.of(allowed).contains(value);
  }

  /** Checks every value against its limit; returns this. */
  public TrainConfig validated(String source) {
    String p = source + ": ";
    require(dataset != null && (dataset.equals("yinyang") || dataset.equals("fashion-mnist")
        || dataset.startsWith("idx:") || dataset.startsWith("mnist-json:")),
        p + "dataset '" + dataset + "' is not yinyang, fashion-mnist, idx:DIR or mnist-json:DIR");
    require(oneOf(model, "theta", "lif", "qif", "lif-delta"),
        p + "model '" + model + "' is not one of theta, lif, qif, lif-delta");
    int[] h = hiddenSizes();
    require(arch != null, p + "arch must be a string (empty: use hidden)");
    if (!arch.isBlank()) {
      Architecture a = architecture(source);
      require(!a.shapedInput() || !"yinyang".equals(dataset), p + "arch '" + arch + "' starts with a "
          + a.layers().get(0).token() + " layer, which needs an image dataset (yinyang has 4+1 flat inputs)");
      require(!"lif-delta".equals(model) || a.allDense(),
          p + "arch '" + arch + "': conv and pool layers train with the lif and theta models, not lif-delta");
    }
    require(Double.isFinite(poolWeight) && poolWeight >= 0, p + "pool-weight " + poolWeight
        + " must be finite and >= 0 (0: auto)");
    require(h.length >= 1 || !arch.isBlank(), p + "hidden must list at least one layer size");
    for (int s : h) {
      require(s > 0, p + "hidden layer size " + s + " must be > 0");
    }
    require(epochs >= 1, p + "epochs " + epochs + " must be >= 1");
    require(batch >= 1, p + "batch " + batch + " must be >= 1");
    require(Double.isFinite(lr) && lr > 0, p + "lr " + lr + " must be finite and > 0");
    require(oneOf(optimizer, "adam", "adabelief"), p + "optimizer '" + optimizer
        + "' is not adam or adabelief");
    require(oneOf(lrSchedule, "exponential", "step", "constant"), p + "lr-schedule '" + lrSchedule
        + "' is not exponential, step or constant");
    require(Double.isFinite(lrDecay) && lrDecay > 0 && lrDecay <= 1, p + "lr-decay " + lrDecay
        + " must be in (0, 1]");
    require(lrDecayEvery >= 1, p + "lr-decay-every " + lrDecayEvery + " must be >= 1");
    require(threads >= 0, p + "threads " + threads + " must be >= 0");
    require(chunk >= 1, p + "chunk " + chunk + " must be >= 1");
    require(shards >= 1, p + "shards " + shards + " must be >= 1");
    require(shards <= batch, p + "shards " + shards + " must be <= batch " + batch);
    require(Double.isFinite(clip) && clip >= 0, p + "clip " + clip + " must be finite and >= 0");
    require(patience >= 0, p + "patience " + patience + " must be >= 0");
    require(Double.isFinite(gamma) && gamma >= 0, p + "gamma " + gamma + " must be finite and >= 0");
    require(Double.isFinite(tau0) && tau0 > 0, p + "tau0 " + tau0 + " must be finite and > 0");
    require(Double.isFinite(tau1) && tau1 >= 0, p + "tau1 " + tau1 + " must be finite and >= 0");
    require(oneOf(encoding, "auto", "latency", "log", "threshold"), p + "encoding '" + encoding
        + "' is not auto, latency, log or threshold");
    require(Double.isFinite(tMin) && Double.isFinite(tMax) && tMin >= 0 && tMin < tMax,
        p + "t-min " + tMin + " and t-max " + tMax + " must satisfy 0 <= t-min < t-max");
    require(flip >= 0 && flip < 1, p + "flip " + flip + " must be in [0, 1)");
    require(shift >= 0 && shift <= 8, p + "shift " + shift + " must be in [0, 8] pixels");
    require(shift == 0 || !"yinyang".equals(dataset), p + "shift " + shift + " needs an image dataset (dataset is "
        + dataset + ")");
    require(timeLevels == 0 || timeLevels >= 2, p + "time-levels " + timeLevels
        + " must be 0 (continuous) or >= 2");
    require(Double.isFinite(trialEnd) && trialEnd > 0, p + "trial-end " + trialEnd + " must be finite and > 0");
    require(validation >= -1, p + "validation " + validation + " must be >= -1");
    require(trainLimit >= 0, p + "train-limit " + trainLimit + " must be >= 0");
    require(Double.isFinite(tau) && tau > 0, p + "tau " + tau + " must be finite and > 0");
    require(!"theta".equals(model) || (Double.isFinite(drive) && drive > 0.25),
        p + "drive " + drive + " must be > 1/4 for the theta model");
    require(!"lif".equals(model) || (Double.isFinite(threshold) && threshold > 0),
        p + "threshold " + threshold + " must be > 0 for the lif model");
    require(!"lif-delta".equals(model) || (Double.isFinite(threshold) && threshold > 0 && Double.isFinite(drive)
        && drive > threshold), p + "model lif-delta with drive " + drive + " and threshold " + threshold
        + " cannot learn: without a drive above threshold every LIF_DELTA spike happens at an input's arrival, so"
        + " no spike time moves with the weights (gradient 0); pass --drive above --threshold, or use --model lif");
    require(Double.isFinite(phi0) && phi0 <= 1, p + "phi0 " + phi0 + " must be <= 1 (fraction of Θ; < 0: default)");
    require(Double.isFinite(weightScale) && weightScale >= 0, p + "weight-scale " + weightScale
        + " must be >= 0 (0: model default)");
    require(Double.isFinite(weightMean), p + "weight-mean " + weightMean + " must be finite");
    require(out != null && !out.isBlank(), p + "out must name a directory");
    require(!fromRest || "lif".equals(model), p + "from-rest is only for the lif model (model is " + model + ")");
    require(Double.isFinite(fireWeight) && fireWeight >= 0, p + "fire-weight " + fireWeight
        + " must be finite and >= 0");
    require(Double.isFinite(fireMargin) && fireMargin >= 0 && fireMargin < trialEnd, p + "fire-margin "
        + fireMargin + " must be in [0, trial-end " + trialEnd + ")");
    require(Double.isFinite(fireSoftness) && fireSoftness > 0, p + "fire-softness " + fireSoftness
        + " must be finite and > 0");
    require(Double.isFinite(gapWeight) && gapWeight >= 0, p + "gap-weight " + gapWeight
        + " must be finite and >= 0");
    require(Double.isFinite(gapMargin) && gapMargin >= 0, p + "gap-margin " + gapMargin
        + " must be finite and >= 0");
    require(Double.isFinite(ema) && ema >= 0 && ema < 1, p + "ema " + ema + " must be in [0, 1) (0: off)");
    require(inputDropout >= 0 && inputDropout < 1, p + "input-dropout " + inputDropout + " must be in [0, 1)");
    require(inputDropout == 0 || !"yinyang".equals(dataset), p + "input-dropout " + inputDropout
        + " needs an image dataset (dataset is yinyang)");
    require(mirror >= 0 && mirror <= 1, p + "mirror " + mirror + " must be in [0, 1]");
    require(mirror == 0 || !"yinyang".equals(dataset), p + "mirror " + mirror
        + " needs an image dataset (dataset is yinyang)");
    require(oneOf(selectOn, "auto", "pseudospikes", "spikes-only"), p + "select-on '" + selectOn
        + "' is not auto, pseudospikes or spikes-only");
    return this;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }
}
