package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.grad.GradientCheck;

class GradCheckCommandTest {
  @ParameterizedTest
  @ValueSource(strings = {"qif", "theta", "lif"})
  void lastLineIsTheWorstRelativeErrorWithinTolerance(String model) {
    CliResult r = CliResult.run("gradcheck", "--model", model, "--seeds", "2", "--seed", "7");
    String last = r.lastOutLine();
    assertTrue(last.startsWith("worst relative error: "), r.out());
    double worst = Double.parseDouble(last.substring("worst relative error: ".length(), last.indexOf(' ', 22)));
    assertTrue(worst <= GradientCheck.TOLERANCE, last);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("gradcheck " + model + ": 2/2 (100%)"), r.err());
  }

  @Test
  void unknownModelIsBadInput() {
    CliResult r = CliResult.run("gradcheck", "--model", "hodgkin", "--seeds", "1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("spikeforge gradcheck: Invalid value for option '--model'"), r.err());
  }

  @Test
  void zeroSeedsIsBadInput() {
    CliResult r = CliResult.run("gradcheck", "--model", "qif", "--seeds", "0");
    assertEquals(2, r.exitCode());
    assertEquals("spikeforge gradcheck: --seeds must be >= 1, got 0 (see 'spikeforge gradcheck --help')", r.err().strip());
  }
}
