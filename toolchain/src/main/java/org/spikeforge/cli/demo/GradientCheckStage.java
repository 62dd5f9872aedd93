package org.spikeforge.cli.demo;

import java.util.Locale;
import org.spikeforge.cli.ProgressReporter;
import org.spikeforge.grad.GradCheckResult;
import org.spikeforge.grad.GradientCheck;

/**
 * Demo stage 2: exact spike-time gradients of small random theta networks against central finite
 * differences.
 */
final class GradientCheckStage implements DemoStage {
  @Override
  public String name() {
    return "gradcheck";
  }

  @Override
  public String description() {
    return "exact gradients vs central finite differences on small random theta networks";
  }

  @Override
  public StageOutcome run(DemoContext context) {
    int seeds = context.quick() ? 1 : 3;
    GradCheckResult result;
    try (ProgressReporter progress = ProgressReporter.create("gradcheck", seeds, context.err())) {
      result = GradientCheck.run("theta", seeds, context.seed(), progress);
    }
    String summary = String.format(Locale.ROOT,
        "%d components over %d seeds, worst relative error %.3e (tolerance %.1e)",
        result.checkedComponents(), result.seeds(), result.worstRelativeError(), GradientCheck.TOLERANCE);
    return result.worstRelativeError() <= GradientCheck.TOLERANCE
        ? StageOutcome.passed(summary)
        : StageOutcome.failed(summary);
  }
}
