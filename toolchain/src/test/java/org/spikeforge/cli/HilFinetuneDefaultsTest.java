package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.hil.HilSettings;
import picocli.CommandLine;

/** The command's defaults and the demo's HIL stage use one set of tuned settings. */
class HilFinetuneDefaultsTest {
  @Test
  void commandLineDefaultsAreTheTunedSettings() {
    HilFinetuneCommand command = new HilFinetuneCommand();
    new CommandLine(command).parseArgs("--network", "n.net.pb", "--target", "loihi2", "--dataset", "yinyang",
        "--out", "dir");
    assertEquals(HilSettings.tuned(), command.settings());
  }

  @Test
  void tunedSettingsAreTheMeasuredRecipe() {
    HilSettings t = HilSettings.tuned();
    assertEquals(10, t.batch());
    assertEquals(8e-4, t.lr());
    assertEquals(0.1, t.tau0());
    assertEquals(8e-4 * 0.8 * 0.8, t.learningRate(3), 1e-18);
    assertEquals(1, t.calibrationRounds());
    assertEquals(1000, t.calibrationSamples());
    assertTrue(t.gainCalibration());
  }

  @Test
  void builderChangesOnlyTheNamedSettings() {
    HilSettings t = HilSettings.tuned();
    assertEquals(t, t.toBuilder().build());
    assertEquals(new HilSettings(20, 10, 8e-4, 0.1, 0, 0, 0, 2, 0.1, 0.01, true, 0, 0.2, 0.8, false, 0, false, 1, 1000, 0, true), t);
    assertEquals(new HilSettings(3, 10, 8e-4, 0.1, 5, 100, 60, 2, 0.1, 0.01, false, 0, 0.2, 0.8, false, 0, false, 1, 1000, 0, true),
        t.toBuilder().epochs(3).seed(5).trainLimit(100).testLimit(60).restoreBest(false).build());
    assertEquals(new HilSettings(20, 7, 1e-3, 0.1, 0, 0, 0, 2, 0.1, 0.01, true, 0, 0.2, 0.8, false, 0, false, 1, 1000, 0, true),
        t.toBuilder().batch(7).lr(1e-3).build());
  }
}
