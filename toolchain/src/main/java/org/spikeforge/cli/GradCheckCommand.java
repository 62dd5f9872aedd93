package org.spikeforge.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeforge.grad.GradCheckResult;
import org.spikeforge.grad.GradientCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spikeforge gradcheck}: compares the exact spike-time gradients with central finite
 * differences on random networks. The last line is always the worst relative error; the exit code
 * is non-zero when it exceeds the tolerance.
 */
@Command(
    name = "gradcheck",
    mixinStandardHelpOptions = true,
    description = {
      "Check exact gradients against central finite differences on random small networks.",
      "Prints progress, then as the last line the worst relative error; exits 1 above the tolerance."
    })
public final class GradCheckCommand implements Callable<Integer> {
  /** The neuron models that can be checked. */
  enum Model {
    QIF,
    THETA,
    LIF,
    /** LIF_DELTA reference nets without a drive: every spike at an input's arrival. */
    LIF_DELTA,
    /** LIF_DELTA reference nets with drive 1.4 above V_th = 1: also crossings between inputs. */
    LIF_DELTA_DRIVEN
  }

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Neuron model: qif, theta, lif, lif_delta or lif_delta_driven.")
  Model model;

  @Option(names = "--seeds", defaultValue = "10", paramLabel = "N", description = "Number of random networks (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "First seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (seeds < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds must be >= 1, got " + seeds);
    }
    PrintWriter out = spec.commandLine().getOut();
    String name = model.name().toLowerCase(Locale.ROOT).replace('_', '-');
    GradCheckResult result;
    try (ProgressReporter progress = ProgressReporter.create("gradcheck " + name, seeds, spec.commandLine().getErr())) {
      result = GradientCheck.run(name, seeds, seed, progress);
    }
    boolean ok = result.worstRelativeError() <= GradientCheck.TOLERANCE;
    out.println("model " + result.model() + ": " + result.seeds() + " seeds from seed " + seed + ", "
        + result.checkedComponents() + " gradient components checked, "
        + result.skippedNearBranch() + " skipped near branch points");
    out.println(String.format(Locale.ROOT, "worst relative error: %.3e (tolerance %.1e) %s",
        result.worstRelativeError(), GradientCheck.TOLERANCE, ok ? "OK" : "FAILED"));
    return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
