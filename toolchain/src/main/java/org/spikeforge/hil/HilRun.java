package org.spikeforge.hil;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeforge.data.Encoders;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.data.SpikeEncoder;
import org.spikeforge.data.YinYang;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.targets.Target;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.io.ProtoFiles;
import org.spikeforge.plot.LinePlot;
import org.spikeforge.plot.XySeries;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.train.ConfigException;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.TrainConfig;
import org.spikeforge.train.TrainingListener;
import org.spikeforge.train.TrainingRun;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * One complete {@code hil-finetune} run: lowers the network for the target (or, on resume, reads the config saved in
 * the run directory), opens and loads the board, sets its mismatch, runs {@link HilTrainer}, and writes
 * {@code hil.json}, {@code hil.png}, {@code finetuned.hwcfg.pb} (the config with the board's final weights; after a
 * probe calibration they have this board's gains divided out, and {@code finetuned-ideal.hwcfg.pb} holds the same
 * network for an ideal chip) and {@code finetuned.net.pb} (the float shadow network).
 */
public final class HilRun {
  /** The lowered config kept in the run directory, so that a resumed run talks to the same chip program. */
  public static final String INITIAL_CONFIG = "initial.hwcfg.pb";

  /** Fresh Yin-Yang validation samples that {@code hil-finetune} chooses the kept epoch on by default. */
  public static final int DEFAULT_VALIDATION_SAMPLES = 5000;

  /** Standard deviations of threshold offset that the xylo lowering leaves room for on a mismatched board. */
  static final double HEADROOM_SIGMAS = 4;

  private HilRun() {}

  /**
   * Lowers {@code net} for a LIF target with 8-bit weights at step {@code dt}; {@code dt <= 0} lets the target choose
   * the step near T/200 whose integer decays round closest to the float ones ({@link Target#chooseStep(Network)}), as
   * {@code compile} does without --dt. A badly rounded decay makes the chip systematically more or less excitable
   * than the float model the gradients are computed with.
   */
  public static HardwareConfig lower(Network net, TargetFamily target, double dt) {
    return lower(net, target, dt, 0);
  }

  /**
   * As {@link #lower(Network, TargetFamily, double)} for a board whose thresholds may come out up to a relative
   * {@code thresholdSigma} per standard deviation above the programmed ones: xylo keeps its thresholds
   * {@link #HEADROOM_SIGMAS} standard deviations below its 16-bit membrane limit, so that a raised threshold can still
   * be reached (Loihi 2's 24-bit membrane has that room already).
   */
  public static HardwareConfig lower(Network net, TargetFamily target, double dt, double thresholdSigma) {
    if (!target.isLif()) {
      throw new ConfigException("--target '" + target + "': hardware-in-the-loop training runs on the LIF targets "
          + "loihi2 and xylo");
    }
    Target t = Targets.of(target);
    double step = dt > 0 ? dt : t.chooseStep(net).dt();
    QuantSpec spec = QuantSpec.defaults(step).withThresholdHeadroom(1 + HEADROOM_SIGMAS * thresholdSigma);
    return t.lower(net, spec, Calibration.none());
  }

  /**
   * The training, test and validation splits of {@code dataset}, encoded with the network's stored encoding. Image
   * sets hold out a tenth of their training images for validation, as {@code train} does by default (the same
   * images for the same seed), so that the kept epoch is chosen on images neither the float training nor the
   * updates saw; validation is null only where that tenth is empty (fewer than 10 training images).
   */
  public static SpikeDataset[] data(Network net, String dataset) {
    SpikeEncoder enc = encoder(net, dataset);
    TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", dataset, "validation", -1, "trial-end",
        net.getTrialEnd() > 0 ? net.getTrialEnd() : 2.0), "hil-finetune");
    LoadedData d = LoadedData.load(c);
    return new SpikeDataset[] {new SpikeDataset(d.name(), d.train().table(), enc),
        new SpikeDataset(d.name(), d.test().table(), enc),
        d.validation() == null ? null : new SpikeDataset(d.name(), d.validation().table(), enc)};
  }

  /**
   * {@code n} fresh samples of {@code dataset} (seed {@link YinYang#HOLDOUT_SEED}), encoded with the network's
   * encoding: on a 1000-sample test set one sample is 0.1 points and the standard error of an accuracy near 97.5 % is
   * about 0.5 points, so a hold-out of 10,000 or more tells a real gap to float from sampling noise.
   */
  public static SpikeDataset holdout(Network net, String dataset, int n) {
    return fresh(net, dataset, n, YinYang.HOLDOUT_SEED, "--holdout");
  }

  /**
   * Fresh validation samples by default where the dataset can draw them (Yin-Yang), 0 (its validation split)
   * elsewhere: the kept epoch is chosen among epochs that differ by a few tenths of a point, below the 0.5-point
   * standard error of the 1000-sample split (bench/results/hil.md, session 5).
   */
  public static int defaultValidationSamples(String dataset) {
    return dataset.equals("yinyang") ? DEFAULT_VALIDATION_SAMPLES : 0;
  }

  /**
   * {@code n} fresh samples of {@code dataset} with seed {@code seed}, encoded with the network's encoding;
   * {@code option} names the flag that asked for them in the error for a dataset that has no generator.
   */
  static SpikeDataset fresh(Network net, String dataset, int n, long seed, String option) {
    if (!dataset.equals("yinyang")) {
      throw new ConfigException(option + " " + n + ": fresh samples can be drawn for yinyang only; '" + dataset
          + "' has fixed splits");
    }
    return new SpikeDataset(dataset, YinYang.generate(n, seed), encoder(net, dataset));
  }

  /** The network's stored input encoding, which every sample it is run on goes through. */
  private static SpikeEncoder encoder(Network net, String dataset) {
    if (!net.hasEncoding()) {
      throw new ConfigException("network has no input encoding to apply to '" + dataset + "'");
    }
    return Encoders.fromProto(net.getEncoding());
  }

  public static HilReport run(HilRequest r, PrintStream log) {
    return run(r, log, TrainingListener.NONE);
  }

  /**
   * Runs the request, logging a line per epoch to {@code log} and the progress within each epoch's training pass
   * to {@code progress} ({@link HilTrainer#withProgress}).
   */
  public static HilReport run(HilRequest r, PrintStream log, TrainingListener progress) {
    Network proto = TrainingRun.readNetwork(r.network());
    if (!proto.hasEncoding()) { // named here, with the file, before any data is loaded
      throw new ConfigException(r.network() + ": field encoding: absent, so there is no input encoding to apply to '"
          + r.dataset() + "'");
    }
    TtfsNetwork net = TtfsNetwork.fromProto(proto);
    if (!net.allDense() && r.target() == TargetFamily.XYLO) {
      throw new ConfigException("--target xylo: " + r.network() + " has conv or pool layers, which the xylo lowering"
          + " expands to dense matrices; fine-tune a conv net on loihi2, which keeps the shared kernels");
    }
    if (!net.allDense() && "emulator".equals(r.device())) {
      throw new ConfigException("--device emulator: " + r.network() + " has conv or pool layers, and hil-finetune's"
          + " emulator device programs dense weight matrices only; fine-tune a conv net on --device refboard");
    }
    SpikeDataset holdout = r.holdout() > 0 ? holdout(proto, r.dataset(), r.holdout()) : null;
    SpikeDataset validation = r.validationSamples() > 0 ? fresh(proto, r.dataset(), r.validationSamples(),
        YinYang.LARGE_VALIDATION_SEED, "--validation-samples") : null;
    Path out = r.out();
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(out + ": cannot create the run directory", e);
    }
    Path saved = out.resolve(INITIAL_CONFIG);
    HardwareConfig cfg;
    if (r.resume()) {
      if (!HilCheckpoint.exists(out)) {
        throw new ConfigException(HilCheckpoint.file(out) + ": no hil checkpoint to resume from");
      }
      cfg = ProtoFiles.readHardwareConfig(saved);
      if (!cfg.getTarget().equals(r.target().wireName())) {
        throw new ConfigException(saved + ": target '" + cfg.getTarget() + "' differs from --target " + r.target());
      }
    } else {
      cfg = lower(proto, r.target(), r.dt(), r.mismatch().thresholdOffsetSigma());
      ProtoFiles.write(saved, cfg);
    }
    SpikeDataset[] data = data(proto, r.dataset());
    HilSettings s = r.settings();
    try (Device device = BoardSelector.open(r.device(), TargetFamily.of(cfg))) {
      device.load(cfg);
      device.setMismatch(r.mismatch());
      HilTrainer trainer = new HilTrainer(device, cfg, net, data[0], data[1], s).withProgress(progress);
      if (validation != null || data[2] != null) {
        trainer.validateOn(validation != null ? validation : data[2]);
      }
      double floatAcc = FloatReadout.floatAccuracy(net, data[1], s.testLimit());
      double floatPseudo = FloatReadout.floatAccuracyWithPseudospikes(net, data[1], s.testLimit());
      log.printf(Locale.ROOT, "board %s, target %s, dt %.4g, %d steps/trial; float test accuracy %.2f%% (chip read-out:"
          + " in-trial spikes only; %.2f%% with pseudospikes)%n", device.boardId(), cfg.getTarget(), cfg.getDt(),
          cfg.getNumSteps(), 100 * floatAcc, 100 * floatPseudo);
      HilState st = trainer.run(out, r.resume(), e -> {
        if (e.epoch() == 1) { // the calibrations ran before epoch 1's updates
          SynapseGains g = trainer.synapseGains();
          if (trainer.gainCalibrationSkipped() != null) {
            log.printf(Locale.ROOT, "probe calibration skipped: %s%n", trainer.gainCalibrationSkipped()
                .equals(BoardCalibration.SHARED_KERNELS) ? BoardCalibration.SHARED_KERNELS
                : "the board cannot probe its state (" + trainer.gainCalibrationSkipped() + ")");
          } else if (g != null) {
            log.printf(Locale.ROOT, "probe calibration  %d trials  synapse gains: mean |g - 1| %.4f, largest %.4f, %d"
                + " unmeasured  thresholds: largest |factor - 1| %.4f, %d unmeasured%n", g.trials(), g.meanDeviation(),
                g.largestDeviation(), g.unmeasured(), g.largestThresholdDeviation(), g.unmeasuredThresholds());
          }
          if (trainer.excitabilityCalibrationSkipped() != null) {
            log.printf(Locale.ROOT, "excitability calibration skipped: %s%n", trainer.excitabilityCalibrationSkipped());
          }
          for (CalibrationRound c : trainer.calibrationRounds()) {
            log.printf(Locale.ROOT, "calibration round %d  %d trials  board accuracy on them %.2f%% (before the round)"
                + "  largest |r - 1| %.4f%n", c.round(), c.trials(), 100 * c.trainAccuracy(), c.largestDeviation());
          }
        }
        log.println(epochLine(e));
      });
      List<Double> acc = new ArrayList<>();
      List<Double> val = new ArrayList<>();
      List<Long> written = new ArrayList<>();
      for (HilEpoch e : st.history()) {
        acc.add(e.deviceAccuracy());
        val.add(e.validationAccuracy());
        written.add(e.weightsWritten());
      }
      long total = 0;
      for (HwLayer l : cfg.getLayersList()) {
        total += StoredLayer.stored(l).length;
      }
      Map<String, Object> ho = null;
      if (holdout != null) { // the board holds the kept weights now
        double floatHo = FloatReadout.floatAccuracy(net, holdout, 0);
        double deviceHo = trainer.deviceAccuracy(holdout, 0);
        ho = new LinkedHashMap<>();
        ho.put("samples", holdout.size());
        ho.put("seed", YinYang.HOLDOUT_SEED);
        ho.put("float_accuracy", floatHo);
        ho.put("device_accuracy_after", deviceHo);
        log.printf(Locale.ROOT, "hold-out: %d fresh samples (seed %d): float %.2f%%, device after %.2f%%%n",
            holdout.size(), YinYang.HOLDOUT_SEED, 100 * floatHo, 100 * deviceHo);
      }
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("seed", r.mismatch().seed());
      mm.put("threshold_offset_sigma", r.mismatch().thresholdOffsetSigma());
      mm.put("weight_gain_sigma", r.mismatch().weightGainSigma());
      mm.put("jitter_probability", r.mismatch().jitterProbability());
      int trainN = s.trainLimit() > 0 ? Math.min(s.trainLimit(), data[0].size()) : data[0].size();
      int testN = s.testLimit() > 0 ? Math.min(s.testLimit(), data[1].size()) : data[1].size();
      HilReport report = new HilReport(r.network().toString(), cfg.getTarget(), device.boardId(), mm, cfg.getDt(),
          cfg.getNumSteps(), trainN, testN, floatAcc, floatPseudo, acc.get(0), st.finalDeviceAccuracy(), acc.get(acc.size() - 1),
          st.bestEpoch(), acc, val, written, total, trainer.roundTripsPerSecond(), st.history(), s,
          trainer.calibrationRounds(), gainSummary(trainer), ho, validation != null
              ? validation.size() + " fresh samples (seed " + YinYang.LARGE_VALIDATION_SEED + ")"
              : data[2] != null ? "the dataset's validation split (" + data[2].size() + " samples)" : "none");
      report.write(out.resolve("hil.json"));
      plot(st.history(), floatAcc, out.resolve("hil.png"));
      ProtoFiles.write(out.resolve("finetuned.hwcfg.pb"), trainer.programmed()); // this board, gains divided out
      Path idealCfg = out.resolve("finetuned-ideal.hwcfg.pb");
      if (trainer.gainsProgrammed()) { // the same weights for an ideal chip of the family
        ProtoFiles.write(idealCfg, trainer.idealEquivalent());
      } else {
        deleteStale(idealCfg);
      }
      TrainingRun.writeNetwork(trainer.shadow().toProto(proto.getName()).toBuilder()
          .setEncoding(proto.getEncoding()).build(), out.resolve("finetuned.net.pb"));
      log.printf(Locale.ROOT, "device accuracy %.2f%% -> %.2f%% (last epoch %.2f%%, kept epoch %d; float %.2f%%);"
          + " %.0f device round-trips/s; wrote %s%n", 100 * report.deviceAccuracyBefore(),
          100 * report.deviceAccuracyAfter(), 100 * report.deviceAccuracyLastEpoch(),
          trainer.keptEpoch(), 100 * floatAcc,
          report.deviceRoundTripsPerSecond(), out.resolve("hil.json"));
      return report;
    }
  }

  /**
   * One epoch's log line. A measured split prints its accuracy; a missing one says so ("none"), and epoch 0, which
   * measures the board before any update, has no training pass to report: never "NaN%".
   */
  static String epochLine(HilEpoch e) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %d%s  device test %s  validation %s",
        e.epoch(), e.epoch() == 0 ? " (before any update)" : "", percent(e.deviceAccuracy(), "no test samples"),
        percent(e.validationAccuracy(), "none")));
    if (e.epoch() > 0) {
      b.append(String.format(Locale.ROOT, "  device train %s  loss %s  weights written %d",
          percent(e.trainDeviceAccuracy(), "no samples"),
          Double.isNaN(e.trainLoss()) ? "none" : String.format(Locale.ROOT, "%.4f", e.trainLoss()),
          e.weightsWritten()));
    }
    b.append(Double.isNaN(e.roundTripsPerSecond()) ? "  no board trials"
        : String.format(Locale.ROOT, "  %.0f round-trips/s", e.roundTripsPerSecond()));
    b.append(String.format(Locale.ROOT, "  %.1fs", e.seconds()));
    return b.toString();
  }

  private static String percent(double v, String missing) {
    return Double.isNaN(v) ? missing : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  /** Removes a file an earlier run in the same directory left, which this run's settings do not write. */
  private static void deleteStale(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot remove the file of an earlier run", e);
    }
  }

  private static Map<String, Object> gainSummary(HilTrainer trainer) {
    SynapseGains g = trainer.synapseGains();
    if (g == null) {
      return trainer.gainCalibrationSkipped() == null ? null : Map.of("skipped", trainer.gainCalibrationSkipped());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trials", g.trials());
    m.put("unmeasured", g.unmeasured());
    m.put("mean_deviation", g.meanDeviation());
    m.put("largest_deviation", g.largestDeviation());
    m.put("unmeasured_thresholds", g.unmeasuredThresholds());
    m.put("largest_threshold_deviation", g.largestThresholdDeviation());
    return m;
  }

  /** Device test, validation and (during the epoch) training accuracy per epoch against the float line. */
  static void plot(List<HilEpoch> history, double floatAcc, Path png) {
    int n = history.size();
    double[] x = new double[n];
    double[] test = new double[n];
    double[] train = new double[n];
    double[] val = new double[n];
    double[] flt = new double[n];
    for (int i = 0; i < n; i++) {
      HilEpoch e = history.get(i);
      x[i] = e.epoch();
      test[i] = 100 * e.deviceAccuracy();
      train[i] = 100 * e.trainDeviceAccuracy();
      val[i] = 100 * e.validationAccuracy();
      flt[i] = 100 * floatAcc;
    }
    LinePlot.write(png, "hardware-in-the-loop fine-tuning", "epoch", "accuracy (%)",
        List.of(new XySeries("device, test", x, test), new XySeries("device, validation", x, val),
            new XySeries("device, train (during epoch)", x, train),
            new XySeries("float, test", x, flt)));
  }
}
