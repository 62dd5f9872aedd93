package org.spikeforge.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.data.DatasetException;
import org.spikeforge.hil.HilCheckpoint;
import org.spikeforge.hil.HilReport;
import org.spikeforge.hil.HilRequest;
import org.spikeforge.hil.HilRun;
import org.spikeforge.hil.HilSettings;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.device.Mismatch;
import org.spikeforge.io.SpikeForgeIoException;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.train.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge hil-finetune}: hardware-in-the-loop fine-tuning of a trained LIF network on a board (forward on
 * the board, exact gradients at the measured spike times, changed weights written back), with a checkpoint per
 * epoch; writes {@code hil.json} and {@code hil.png} into {@code --out}.
 *
 * <p>{@code --mismatch SEED} turns on the board's emulated non-idealities with the sigmas of {@code --threshold-sigma}
 * (relative per-neuron threshold offset, default 0.02), {@code --gain-sigma} (per-synapse weight gain, default 0.05)
 * and {@code --jitter} (default 0). A network trained from rest (V0 = I0 = 0, as the demo trains) is safe under
 * threshold offsets; one whose learned initial potentials sit within a few per cent of the threshold can fire at
 * step 0 whatever its weights when an offset lowers the threshold, and no weight update can undo that: use
 * {@code --threshold-sigma 0} for such nets. {@code --device emulator} runs the loop on the Java integer emulator
 * (quantization-aware fine-tuning; no mismatch).
 *
 * <p>{@code --calibration-rounds N} runs N rounds of per-neuron excitability calibration before the first update
 * ({@link org.spikeforge.hil.ExcitabilityCalibration}): from spike times alone it measures where each neuron of the
 * board crosses threshold relative to the float model (and to the integer emulator running the same program), and
 * scales the neuron's incoming weights to match; the in-the-loop updates then start from a board whose per-neuron
 * threshold offsets and mean weight gains are already compensated.
 *
 * <p>{@code --gain-calibration true} first measures every synapse's gain and every neuron's threshold factor through
 * the board's state probe ({@code sf_read_probe}; {@link org.spikeforge.hil.SynapseGainCalibration}) and programs
 * each weight divided by its measured factor, which leaves the excitability calibration and the updates with little
 * more than the integer rounding.
 *
 * <p>On Yin-Yang the kept epoch is chosen on 5000 fresh samples ({@code --validation-samples}), and
 * {@code --holdout N} also measures the float net and the kept board network on N more: the dataset's 1000-sample
 * splits have a standard error of about 0.5 points, as large as the differences this loop is judged by.
 */
@Command(name = "hil-finetune", mixinStandardHelpOptions = true,
    description = "Fine-tune a trained LIF network in the loop with a board (loihi2 or xylo); writes hil.json, hil.png.")
public final class HilFinetuneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--network", required = true, paramLabel = "NET", description = "trained LIF model.net.pb/.json")
  Path network;

  @Option(names = "--target", required = true, converter = TargetFamilyConverter.class, description = "loihi2 or xylo")
  TargetFamily target;

  @Option(names = "--device", defaultValue = "refboard",
      description = "refboard, emulator (quantization-aware fine-tuning on the integer emulator), LIBRARY:BOARD or a "
          + "board id (default: ${DEFAULT-VALUE})") String device;

  @Option(names = "--mismatch", paramLabel = "SEED", description = "turn on the board's mismatch, drawn from SEED")
  Long mismatchSeed;

  @Option(names = "--threshold-sigma", defaultValue = "0.02",
      description = "relative threshold offset sigma with --mismatch (default: ${DEFAULT-VALUE})") double thresholdSigma;

  @Option(names = "--gain-sigma", defaultValue = "0.05",
      description = "relative weight gain sigma with --mismatch (default: ${DEFAULT-VALUE})") double gainSigma;

  @Option(names = "--jitter", defaultValue = "0",
      description = "probability that a spike is one step late, with --mismatch (default: ${DEFAULT-VALUE})")
  double jitter;

  @Option(names = "--dataset", required = true, description = "yinyang, fashion-mnist, idx:DIR or mnist-json:DIR")
  String dataset;

  @Option(names = "--dt", defaultValue = "0", description = "model time per hardware step; 0 (default): chosen by the"
      + " target near T/200 so that its integer decays round closest to the float ones, as compile does")
  double dt;

  @Option(names = "--epochs", defaultValue = "20") int epochs;
  @Option(names = "--batch", defaultValue = "10", description = "samples per Adam step (default: ${DEFAULT-VALUE})")
  int batch;
  @Option(names = "--lr", defaultValue = "0.0008", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
  double lr;
  @Option(names = "--min-slope", defaultValue = "0.1",
      description = "floor of dV/dt at a replayed spike, in V_th/tau (default: ${DEFAULT-VALUE})") double minSlope;
  @Option(names = "--seed", defaultValue = "0", description = "sample order seed") long seed;
  @Option(names = "--train-limit", defaultValue = "0", description = "training samples per epoch (0: all)")
  int trainLimit;
  @Option(names = "--test-limit", defaultValue = "0", description = "test samples for the accuracy (0: all)")
  int testLimit;
  @Option(names = "--tau0", defaultValue = "0.1",
      description = "softmax temperature of the TTFS cross-entropy, model time units (default: ${DEFAULT-VALUE})")
  double tau0;
  @Option(names = "--gamma", defaultValue = "0.01",
      description = "weight of the early-label-spike term of the loss (default: ${DEFAULT-VALUE})") double gamma;
  @Option(names = "--lr-decay", defaultValue = "0.8",
      description = "factor on the learning rate after every epoch (default: ${DEFAULT-VALUE})") double lrDecay;
  @Option(names = "--output-layer-only", arity = "1", defaultValue = "false",
      description = "update only the output layer's weights (default: ${DEFAULT-VALUE})") boolean outputLayerOnly;
  @Option(names = "--silent-offset", defaultValue = "0",
      description = "a silent output enters the loss at T + this (0: T + tau) (default: ${DEFAULT-VALUE})")
  double silentOffset;
  @Option(names = "--shadow-from-board", arity = "1", defaultValue = "false",
      description = "start the float shadow weights at the board's dequantized weights (default: ${DEFAULT-VALUE})")
  boolean shadowFromBoard;
  @Option(names = "--fire-weight", defaultValue = "0",
      description = "weight of the loss term that wants the label to fire before T - fire-margin (default: "
          + "${DEFAULT-VALUE})") double fireWeight;
  @Option(names = "--fire-margin", defaultValue = "0.2",
      description = "label deadline before the trial end, model time (default: ${DEFAULT-VALUE})") double fireMargin;
  @Option(names = "--calibration-rounds", defaultValue = "1",
      description = "rounds of per-neuron excitability calibration from spike times before the first update: each "
          + "scales a neuron's incoming weights so that the board crosses threshold where the float model does (0: "
          + "none) (default: ${DEFAULT-VALUE})") int calibrationRounds;
  @Option(names = "--calibration-samples", defaultValue = "1000",
      description = "training samples per calibration round (default: ${DEFAULT-VALUE})") int calibrationSamples;
  @Option(names = "--average-from", defaultValue = "0", paramLabel = "EPOCH",
      description = "from this epoch on, measure and keep the running mean of the shadow weights over the optimizer "
          + "steps (stochastic weight averaging), quantized, instead of the last iterate (0: off) (default: "
          + "${DEFAULT-VALUE})") int averageFrom;
  @Option(names = "--gain-calibration", arity = "1", defaultValue = "true", paramLabel = "true|false",
      description = "before the first update, measure every synapse's weight gain through the board's synaptic-current "
          + "probe and program target/gain from then on (default: ${DEFAULT-VALUE})") boolean gainCalibration;
  @Option(names = "--retries", defaultValue = "2", description = "retries of a trial the board fails") int retries;

  @Option(names = "--restore-best", arity = "1", defaultValue = "true",
      description = "leave the board with the weights of the epoch with the best validation accuracy (default: "
          + "${DEFAULT-VALUE})") boolean restoreBest;

  @Option(names = "--holdout", defaultValue = "0", paramLabel = "N",
      description = "yinyang: also evaluate the float network and the kept board network on N fresh samples at the "
          + "end (hil.json 'holdout'); 10000 tells a real gap to float from the noise of the 1000-sample test set "
          + "(0: off) (default: ${DEFAULT-VALUE})") int holdout;

  @Option(names = "--validation-samples", paramLabel = "N",
      description = "yinyang: choose the kept epoch on N fresh samples instead of the 1000-sample validation split, "
          + "whose 0.5-point standard error is as large as the differences between epochs (0: the split; default: "
          + HilRun.DEFAULT_VALIDATION_SAMPLES + " for yinyang, the split otherwise)") Integer validationSamples;

  @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

  @Option(names = "--progress", arity = "1", defaultValue = "true", paramLabel = "true|false",
      description = "show progress within each epoch's training pass on stderr (a bar on a terminal; a plain line "
          + "every 10 %% in logs and with CI=true) (default: ${DEFAULT-VALUE})") boolean progress;

  @Option(names = "--resume", description = "continue the run in --out from its last checkpoint") boolean resume;

  @Option(names = "--overwrite", description = "replace the results --out already holds (without it such a"
      + " directory is refused)")
  boolean overwrite;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter pout = spec.commandLine().getOut();
    if (!resume) {
      OutputDirectory.claim(spec, "--out", out, overwrite, "--resume", HilCheckpoint.FILE, "hil.json",
          "finetuned.hwcfg.pb", "finetuned.net.pb");
    }
    try {
      Mismatch mismatch = mismatchSeed == null ? Mismatch.IDEAL
          : new Mismatch(mismatchSeed, thresholdSigma, gainSigma, jitter);
      HilSettings s = settings();
      PrintStream log = System.out;
      HilReport r;
      try (TrainingProgressBar bar = new TrainingProgressBar()) {
        r = HilRun.run(new HilRequest(network, target, device, mismatch, dataset, dt, out, resume, s, holdout,
            validationSamples != null ? validationSamples : HilRun.defaultValidationSamples(dataset)), log,
            progress ? bar : org.spikeforge.train.TrainingListener.NONE);
      }
      String ideal = java.nio.file.Files.exists(out.resolve("finetuned-ideal.hwcfg.pb")) ? ",finetuned-ideal.hwcfg.pb"
          : "";
      pout.printf(Locale.ROOT, "wrote %s/{hil.json,hil.png,finetuned.hwcfg.pb%s,finetuned.net.pb}; device accuracy "
          + "%.2f%% -> %.2f%% (float %.2f%%)%n", out, ideal, 100 * r.deviceAccuracyBefore(),
          100 * r.deviceAccuracyAfter(), 100 * r.floatAccuracy());
      pout.flush();
      return 0;
    } catch (DeviceException e) {
      err.println("spikeforge hil-finetune: " + e.getMessage()
          + (out != null && HilCheckpoint.exists(out) ? " (resume with --resume; the checkpoint in " + out + " is intact)" : ""));
      err.flush();
      return ExitCodes.BAD_INPUT;
    } catch (ConfigException | DatasetException | SpikeForgeIoException | IllegalArgumentException
        | UncheckedIOException e) {
      err.println("spikeforge hil-finetune: " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
  }

  /** The settings given on the command line (with no options: {@link HilSettings#tuned()}). */
  HilSettings settings() {
    return HilSettings.tuned().toBuilder().epochs(epochs).batch(batch).lr(lr).minSlope(minSlope).seed(seed)
        .trainLimit(trainLimit).testLimit(testLimit).retries(retries).tau0(tau0).gamma(gamma).restoreBest(restoreBest)
        .fireWeight(fireWeight).fireMargin(fireMargin).lrDecay(lrDecay).outputLayerOnly(outputLayerOnly)
        .silentOffset(silentOffset).shadowFromBoard(shadowFromBoard).calibrationRounds(calibrationRounds)
        .calibrationSamples(calibrationSamples).averageFrom(averageFrom).gainCalibration(gainCalibration).build();
  }
}
