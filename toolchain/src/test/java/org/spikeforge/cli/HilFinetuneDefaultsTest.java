package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
  }
}
