package org.spikeforge.grad;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reverse-mode gradients of the theta reference net against fourth-order central differences, 100 seeds. */
class ThetaGradientCheckTest {
  @Test
  void gradientsMatchFiniteDifferences() {
    GradientCheck.Detailed d = GradientCheck.runDetailed("theta", 100, 1000, null);
    GradCheckResult r = d.result();
    System.out.println(r + " structure skips " + d.structureSkips() + ", unconverged-fd skips "
        + d.unconvergedSkips());
    assertTrue(r.worstRelativeError() <= GradientCheck.TOLERANCE, r.toString());
    assertTrue(r.checkedComponents() > 90L * r.seeds(), r.toString());
    assertTrue(r.skippedNearBranch() <= 0.002 * r.checkedComponents(), "too many skips: " + r);
  }
}
