package org.spikeforge.cli;

import java.util.Locale;
import org.spikeforge.hw.quant.DecayErrors;
import org.spikeforge.hw.quant.DecayStepChooser;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.quant.StepChoice;
import org.spikeforge.hw.targets.Target;
import org.spikeforge.proto.Network;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The quantization options of {@code spikeforge compile}, in one block that turns into a {@link QuantSpec};
 * kept apart so that other commands that lower a network can offer exactly the same names and defaults.
 */
public final class QuantOptions {
  /** Model time per step when --dt is not given: the trial end over this many steps. */
  static final int DEFAULT_STEPS_PER_TRIAL = Target.NOMINAL_STEPS_PER_TRIAL;

  @Option(names = "--weight-bits", defaultValue = "8", description = "weight bits including sign, 2..8 (default ${DEFAULT-VALUE})")
  int weightBits;

  @Option(names = "--per-channel", description = "one weight scale per output neuron (xylo, theta)") boolean perChannel;

  @Option(names = "--dt", defaultValue = "0", description = "model time per step; 0 (default): chosen per target near trial end / " + DEFAULT_STEPS_PER_TRIAL
      + " so that the integer decays match the float ones (loihi2: dt in [0.9, 1] x that; xylo: tau/dt near a power of two)")
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

  @Option(names = "--threshold-headroom", defaultValue = "1", description = "xylo: keep thresholds at most 32767 /"
      + " this (>= 1; default ${DEFAULT-VALUE}: up to the 16-bit limit). A chip whose thresholds may come out higher"
      + " than programmed (analog mismatch) needs room, e.g. 1.08 for 4 sigma of 2 %% offsets")
  double thresholdHeadroom;

  /**
   * Refuses out-of-range values before any work, naming the option and its range (not the {@link QuantSpec} field
   * the value ends up in): {@code --dt} must be finite and >= 0 (0: auto), never NaN or negative.
   */
  void check(CommandSpec spec) {
    CommandLine cmd = spec.commandLine();
    if (!(dt >= 0) || !Double.isFinite(dt)) {
      throw new ParameterException(cmd, "--dt " + dt + " must be finite and > 0 (or 0, the default: chosen per target)");
    }
    if (numSteps < 0) {
      throw new ParameterException(cmd, "--num-steps " + numSteps + " must be >= 0 (0: ceil(trial end / dt) + 1)");
    }
    if (weightBits < 2 || weightBits > 8) {
      throw new ParameterException(cmd, "--weight-bits " + weightBits + " must be in 2..8");
    }
    if (!(clipPercentile > 0 && clipPercentile <= 100)) {
      throw new ParameterException(cmd, "--clip-percentile " + clipPercentile + " must be in (0, 100]");
    }
    if (weightExp != null && (weightExp < -8 || weightExp > 7)) {
      throw new ParameterException(cmd, "--weight-exp " + weightExp + " must be in -8..7");
    }
    if (thetaInvIndexBits < 1 || thetaInvIndexBits > 16) {
      throw new ParameterException(cmd, "--theta-inv-index-bits " + thetaInvIndexBits + " must be in 1..16");
    }
    if (thetaPhiIndexBits < 1 || thetaPhiIndexBits > 20) {
      throw new ParameterException(cmd, "--theta-phi-index-bits " + thetaPhiIndexBits + " must be in 1..20");
    }
    if (!(thresholdHeadroom >= 1 && thresholdHeadroom <= 100)) {
      throw new ParameterException(cmd, "--threshold-headroom " + thresholdHeadroom + " must be in [1, 100]");
    }
  }

  /** The nominal time step: --dt, or the trial end over {@value #DEFAULT_STEPS_PER_TRIAL} steps. */
  double step(double trialEnd) {
    return dt > 0 ? dt : trialEnd / DEFAULT_STEPS_PER_TRIAL;
  }

  /**
   * The time step for this target: --dt as given, else {@link Target#chooseStep} around the trial end over
   * {@value #DEFAULT_STEPS_PER_TRIAL} steps.
   */
  StepChoice choose(Target target, Network network) {
    if (dt > 0) {
      return StepChoice.fixed(dt, target.decayErrors(network, dt), "given (--dt)");
    }
    return target.chooseStep(network);
  }

  /** One line for the compile output: the step, how it was chosen and the decay errors it leaves. */
  static String describe(StepChoice c) {
    String errs = c.errors() == null ? "" : "; decay rate errors " + c.errors().describe();
    return String.format(Locale.ROOT, "dt %.8g (%s%s)%s", c.dt(), c.rule(),
        c.dt() == c.nominalDt() ? "" : String.format(Locale.ROOT, ", nominal %.6g", c.nominalDt()), errs);
  }

  /** A warning line when an explicitly given step leaves a decay more than 0.5 % off, else null. */
  String warning(StepChoice c) {
    DecayErrors e = c.errors();
    if (dt <= 0 || e == null || !(e.worst() > DecayStepChooser.WARN_ERROR)) {
      return null;
    }
    return String.format(Locale.ROOT, "warning: --dt %s leaves the integer decays off by up to %.2f %% (%s); omit --dt to let"
        + " compile choose a step that rounds better", dt, 100 * e.worst(), e.describe());
  }

  /** The spec for a network of the given trial end at the nominal step; an out-of-range value fails naming the QuantSpec field. */
  QuantSpec spec(double trialEnd) {
    return specAt(step(trialEnd));
  }

  /** The spec at the given time step. */
  QuantSpec specAt(double step) {
    return QuantSpec.defaults(step).withNumSteps(numSteps).withWeightBits(weightBits)
        .withPerChannel(perChannel).withClipPercentile(clipPercentile)
        .withTheta(0, thetaInvIndexBits, thetaPhiIndexBits, -1, Double.NaN)
        .withWeightExp(weightExp == null ? QuantSpec.AUTO_WEIGHT_EXP : weightExp)
        .withThresholdHeadroom(thresholdHeadroom);
  }
}
