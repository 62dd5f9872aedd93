package org.spikeforge.verify;

import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.TargetFamily;

/**
 * Maps an emulator spike step back to model time (docs/TARGET-SEMANTICS.md). Input spike times become
 * steps by {@code round(t / dt)}, so input step n stands for time {@code n dt}. A neuron's spike reported
 * at step m means its float threshold crossing lies in the interval
 * {@code ((m + offset - 1) dt, (m + offset) dt]}; the point estimate is the interval's middle,
 * {@code (m + offset - 1/2) dt}.
 * <ul>
 * <li>loihi2 (offset 0): the Dense delay of one step makes v at step m equal the float V at time
 *     {@code m dt} (LifDiscretization: a u-jump entering at step n + 1 for an input at step n gives
 *     {@code v_m = S_v V((m - n) dt)}), so the crossing happened in {@code ((m - 1) dt, m dt]}.</li>
 * <li>theta and xylo (offset 1): inputs act in the step they arrive and the neuron then advances one step,
 *     so a spike at step m crossed in {@code (m dt, (m + 1) dt]} (ThetaTarget documents the same).</li>
 * </ul>
 * For theta, {@code dt} is the effective step {@code phase_step Theta / P} from the config metadata
 * ({@code theta.effective_dt}) when present, since the counter advances by that much model time per step.
 *
 * @param dt     model time per step
 * @param offset steps added before converting (0 or 1, see above)
 */
public record StepTimeMap(double dt, int offset) {

  public StepTimeMap {
    if (!(dt > 0) || Double.isInfinite(dt)) {
      throw new IllegalArgumentException("step time map: dt = " + dt + " must be finite and > 0");
    }
  }

  /**
   * The map for a compiled config, by its target.
   *
   * @throws IllegalArgumentException when the config's target is not a known family
   */
  public static StepTimeMap of(HardwareConfig cfg) {
    TargetFamily family = TargetFamily.of(cfg);
    double dt = cfg.getDt();
    if (family == TargetFamily.THETA) {
      String eff = cfg.getMetadataOrDefault("theta.effective_dt", "");
      if (!eff.isEmpty()) {
        try {
          double e = Double.parseDouble(eff);
          if (e > 0 && Double.isFinite(e)) {
            dt = e;
          }
        } catch (NumberFormatException ignored) {
          // fall back to the nominal dt
        }
      }
    }
    return new StepTimeMap(dt, family == TargetFamily.LOIHI2 ? 0 : 1);
  }

  /** Model time of a spike reported at {@code step}: the middle of its crossing interval. */
  public double time(long step) {
    return (step + offset - 0.5) * dt;
  }
}
