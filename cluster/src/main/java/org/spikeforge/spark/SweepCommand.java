package org.spikeforge.spark;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.spikeforge.sweep.ResultRow;
import org.spikeforge.sweep.ResultsTable;
import org.spikeforge.sweep.SerialExecutor;
import org.spikeforge.sweep.SweepRun;
import org.spikeforge.sweep.SweepSpec;
import org.spikeforge.sweep.SweepSpecException;
import org.spikeforge.sweep.SweepSpecReader;
import org.spikeforge.sweep.Trial;
import org.spikeforge.sweep.TrialPlan;
import org.spikeforge.sweep.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge sweep SPEC}: every trial of a sweep file as one Spark task (or, with {@code --serial}, a plain
 * loop in this JVM), into one results table with per-axis plots, printing the best trial. Rerunning the same spec
 * into the same directory skips the trials already done.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run a sweep of train -> compile -> verify (-> export) pipelines, one Spark task per trial.",
        "Writes DIR/results.csv (every trial's options, figures and files), its twin DIR/results.parquet,",
        "DIR/plots/OPTION.png and DIR/trials/ID/."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every trial ran", "1:some trial failed (its error is in the table)",
        "2:bad input (sweep file, option, master)"})
public final class SweepCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC", description = "Sweep file (YAML, or JSON ending in .json).")
  Path specFile;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master: local[N], local[*], spark://HOST:PORT, yarn, k8s://URL (default: the spec's,"
          + " spark-submit's, else local[*]).")
  String master;

  @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default: the spec's out, else"
      + " runs/sweep-NAME).")
  Path out;

  @Option(names = "--serial", description = "Run the trials one after another in this JVM, without Spark.")
  boolean serial;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable).")
  Map<String, String> confs = new LinkedHashMap<>();

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintStream err = System.err;
    SweepSpec sweep = SweepSpecReader.read(specFile);
    List<Trial> trials = TrialPlan.expand(sweep, specFile.toString());
    Path dir = out != null ? out : Path.of(sweep.out() != null ? sweep.out() : "runs/sweep-" + sweep.name());
    SweepRun.Outcome outcome;
    if (serial) {
      outcome = SweepRun.run(sweep, trials, dir, new SerialExecutor(), err);
    } else {
      String m = master != null ? master : sweep.master();
      try (JavaSparkContext sc = SparkSessions.open("spikeforge sweep " + sweep.name(), m, confs)) {
        outcome = SweepRun.run(sweep, trials, dir, new SparkTrialExecutor(sc), err);
      }
    }
    o.printf(Locale.ROOT, "sweep %s: %d trials (%d run now, %d skipped as done), %d failed; table %s (and %s)%n",
        sweep.name(), outcome.rows().size(), outcome.ran(), outcome.skipped(), outcome.failed(),
        dir.resolve(ResultsTable.FILE), ResultsTable.PARQUET_FILE);
    if (outcome.best().isPresent()) {
      ResultRow b = outcome.best().get();
      TrialResult r = b.result();
      Trial t = trials.get(b.index());
      o.printf(Locale.ROOT, "best trial %s (%s): emulator %.2f%%, float %.2f%% (spikes only %.2f%%), agreement"
          + " %.2f%%, %d neurons, %d synapses -> %s%n", b.id(), t.label(), 100 * r.figure("emulator_accuracy"),
          100 * r.figure("float_accuracy"), 100 * r.figure("float_accuracy_spikes"), 100 * r.figure("agreement"),
          (long) r.figure("neurons"), (long) r.figure("synapses"), r.artifacts().get("dir"));
    } else {
      o.println("no trial succeeded");
    }
    if (!outcome.plots().isEmpty()) {
      o.println("plots: " + outcome.plots().stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
    }
    o.flush();
    return outcome.failed() > 0 ? 1 : 0;
  }

  /** Bad input is one line and exit 2, whatever the command; other errors one line and exit 1. */
  static int handle(Exception e, CommandSpec cmd, boolean verbose) {
    PrintWriter err = cmd.commandLine().getErr();
    String name = cmd.qualifiedName();
    String m = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").trim();
    int code;
    if (e instanceof SweepSpecException || e instanceof org.spikeforge.io.SpikeForgeIoException) {
      err.println(name + ": " + m);
      code = 2;
    } else {
      err.println(name + ": internal error: " + e.getClass().getSimpleName() + ": " + m
          + (verbose ? "" : " (run with --verbose for the stack trace)"));
      code = 1;
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }
}
