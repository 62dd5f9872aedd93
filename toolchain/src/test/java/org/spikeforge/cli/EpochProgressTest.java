package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 18 item 7: in logs, training progress is a plain line at every 10 %, never a carriage-return bar. */
class EpochProgressTest {
  @Test
  void plainModeWritesTenLinesWithoutCarriageReturns() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (EpochProgress p = EpochProgress.of("epoch 1/3", 100, false, new PrintStream(buf, true, StandardCharsets.UTF_8))) {
      for (int i = 0; i < 25; i++) {
        p.stepBy(4, " loss 1.0");
      }
    }
    String s = buf.toString(StandardCharsets.UTF_8);
    assertFalse(s.contains("\r"), s);
    String[] lines = s.strip().split("\n");
    assertEquals(10, lines.length, s);
    assertEquals("epoch 1/3: 12/100 (12%) loss 1.0", lines[0]);
    assertEquals("epoch 1/3: 100/100 (100%) loss 1.0", lines[9]);
  }
}
