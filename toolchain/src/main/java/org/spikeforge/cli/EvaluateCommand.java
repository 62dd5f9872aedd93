package org.spikeforge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.data.DatasetException;
import org.spikeforge.train.ConfigException;
import org.spikeforge.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge evaluate}: runs a trained network on a dataset's test split with the input encoding stored in
 * the network, prints the accuracy and writes a confusion-matrix PNG. Two accuracies: silent outputs decoded by
 * their pseudospike times, and "spikes only" (every silent output loses, ties to the lowest index), which is what
 * a chip without pseudospike read-out gives for a LIF net.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a trained network on a dataset's test set; writes a confusion matrix PNG.")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--network", required = true, paramLabel = "NET", description = "model.net.pb or model.net.json")
  Path network;

  @Option(names = "--dataset", required = true, description = "yinyang, fashion-mnist, idx:DIR or mnist-json:DIR")
  String dataset;

  @Option(names = "--confusion", paramLabel = "PNG",
      description = "confusion matrix image (default: confusion.png next to the network)")
  Path confusion;

  @Option(names = "--threads", description = "worker threads (0: all cores)") int threads;

  /** Runs this command alone (until it is registered as a subcommand of {@code spikeforge}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new EvaluateCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path png = confusion != null ? confusion : network.toAbsolutePath().resolveSibling("confusion.png");
      Evaluation.Result r = Evaluation.run(network, dataset, threads, png);
      out.printf(Locale.ROOT, "%s on %s: accuracy %.2f%% (%d/%d), spikes only %.2f%% (%d/%d), mean loss %.4f;"
          + " figures: %s%n", network, dataset, 100 * r.accuracy(), r.correct(), r.count(),
          100 * r.accuracySpikesOnly(), r.correctSpikesOnly(), r.count(), r.meanLoss(),
          r.figures().stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
      out.flush();
      return 0;
    } catch (ConfigException | DatasetException | IllegalArgumentException | UncheckedIOException e) {
      err.println("spikeforge evaluate: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
