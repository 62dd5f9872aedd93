package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.train.ConfigException;
import org.spikeforge.train.SpikePatternRun;
import org.spikeforge.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge train-spikes}: learns precise spike times with the general QIF event simulator and exact
 * gradients (single neuron or recurrent network), writing report.json, curves.png and the trained network.
 */
@Command(name = "train-spikes", mixinStandardHelpOptions = true,
    description = "Learn target spike times with exact gradients (QIF single neuron or recurrent network).")
public final class TrainSpikesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--task", required = true, description = "single-neuron or recurrent") String task;
  @Option(names = "--seed", description = "seed of the fixed inputs and weights (default 0)") long seed;
  @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
  @Option(names = "--overwrite", description = "replace the results --out already holds (without it such a"
      + " directory is refused)")
  boolean overwrite;
  @Option(names = "--trials", description = "learning steps (default: 1000 single-neuron, 2000 recurrent)")
  Integer trials;
  @Option(names = "--lr", description = "learning rate (default: 1 with sgd, 0.01 with adam)") Double lr;
  @Option(names = "--optimizer", description = "sgd (single-neuron default) or adam (recurrent default)")
  String optimizer;
  @Option(names = "--clip", description = "per-component gradient clip (default 0.02, 0: off)") Double clip;

  /** Runs this command alone (until it is registered as a subcommand of {@code spikeforge}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new TrainSpikesCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    OutputDirectory.claim(spec, "--out", out, overwrite, null, "report.json", "model.net.pb", "curves.png");
    try {
      SpikePatternRun.Settings s = SpikePatternRun.Settings.of(task, seed, trials, lr, optimizer, clip);
      SpikePatternRun.Report r = SpikePatternRun.run(s, out);
      o.printf(Locale.ROOT, "%s: loss %.4g -> %.4g after %d trials; spike times %s (targets %s); wrote %s%n",
          task, r.initialLoss(), r.finalLoss(), r.trials(), java.util.Arrays.toString(r.finalTimes()),
          java.util.Arrays.toString(r.targets()), out);
      o.flush();
      return 0;
    } catch (ConfigException | IllegalArgumentException | TrainingDivergedException | UncheckedIOException e) {
      err.println("spikeforge train-spikes: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
