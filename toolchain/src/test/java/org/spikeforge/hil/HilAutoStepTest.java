package org.spikeforge.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.verify.TinyNets;

/** hil-finetune without --dt lowers at the step compile would choose, not at the badly rounding T/200. */
class HilAutoStepTest {
  @Test
  void zeroStepMeansTheTargetsChoice() {
    Network net = TinyNets.lifConstantClass(); // LIF_EXP, tau 1, T 4: nominal 0.02
    HardwareConfig auto = HilRun.lower(net, TargetFamily.LOIHI2, 0);
    double chosen = Targets.byName("loihi2").chooseStep(net, 0.02).dt();
    assertEquals(chosen, auto.getDt(), 0.0);
    assertTrue(auto.getDt() >= 0.018 && auto.getDt() <= 0.02, "dt " + auto.getDt());
    assertEquals(0.0125, HilRun.lower(net, TargetFamily.LOIHI2, 0.0125).getDt(), 0.0); // an explicit step is kept
  }
}
