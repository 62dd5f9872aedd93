package org.spikeforge.cli;

import org.spikeforge.hw.quant.QuantSpec;
import picocli.CommandLine.Option;

/**
 * The quantization options of {@code spikeforge compile}, in one block that turns into a {@link QuantSpec};
 * kept apart so that other commands that lower a network can offer exactly the same names and defaults.
 */
public final class QuantOptions {
  /** Model time per step when --dt is not given: the trial end over this many steps. */
  static final int DEFAULT_STEPS_PER_TRIAL = 200;

  @Option(names = "--weight-bits", defaultValue = "8", description = "weight bits including sign, 2..8 (default ${DEFAULT-VALUE})")
  int weightBits;

  @Option(names = "--per-channel", description = "one weight scale per output neuron (xylo, theta)") boolean perChannel;

  @Option(names = "--dt", defaultValue = "0", description = "model time per step; 0: trial end / " + DEFAULT_STEPS_PER_TRIAL)
  double dt;

  @Option(names = "--num-steps", defaultValue = "0", description = "steps per trial; 0: ceil(trial end / dt) + 1")
  long numSteps;

  @Option(names = "--clip-percentile", defaultValue = "100", description = "percentile of |w| mapped to the largest weight (default ${DEFAULT-VALUE})")
  double clipPercentile;

  @Option(names = "--weight-exp", paramLabel = "E", description = "loihi2: fix every layer's Dense weight_exp to E"
      + " (-8..7; default: chosen per layer for the finest voltage resolution). Use 0 for a config that"
      + " `export --format netx` can carry: netx derives only exponents <= 0 from its integer weights")
  Integer weightExp;

  @Option(names = "--theta-inv-index-bits", defaultValue = "12", description = "theta: log2 of the inv_phi table length, 1..16 (default ${DEFAULT-VALUE})")
  int thetaInvIndexBits;

  @Option(names = "--theta-phi-index-bits", defaultValue = "14", description = "theta: log2 of the largest phi table length, 1..20 (default ${DEFAULT-VALUE})")
  int thetaPhiIndexBits;

  /** The time step: --dt, or the trial end over {@value #DEFAULT_STEPS_PER_TRIAL} steps. */
  double step(double trialEnd) {
    return dt > 0 ? dt : trialEnd / DEFAULT_STEPS_PER_TRIAL;
  }

  /** The spec for a network of the given trial end; an out-of-range value fails naming the QuantSpec field. */
  QuantSpec spec(double trialEnd) {
    return QuantSpec.defaults(step(trialEnd)).withNumSteps(numSteps).withWeightBits(weightBits)
        .withPerChannel(perChannel).withClipPercentile(clipPercentile)
        .withTheta(0, thetaInvIndexBits, thetaPhiIndexBits, -1, Double.NaN)
        .withWeightExp(weightExp == null ? QuantSpec.AUTO_WEIGHT_EXP : weightExp);
  }
}
