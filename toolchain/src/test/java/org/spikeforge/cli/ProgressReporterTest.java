package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  @Test
  void plainModeLogsEachTenthOnceAndNeverGoesBack() {
    StringWriter log = new StringWriter();
    try (ProgressReporter p = ProgressReporter.plain("work", 20, new PrintWriter(log))) {
      for (int i = 1; i <= 20; i++) {
        p.accept(i);
        p.accept(i - 1);
      }
    }
    String[] lines = log.toString().strip().split("\\R");
    assertEquals(10, lines.length);
    assertEquals("work: 2/20 (10%)", lines[0]);
    assertEquals("work: 10/20 (50%)", lines[4]);
    assertEquals("work: 20/20 (100%)", lines[9]);
  }

  @Test
  void jumpsPastSeveralTenthsLogOneLine() {
    StringWriter log = new StringWriter();
    try (ProgressReporter p = ProgressReporter.plain("job", 3, new PrintWriter(log))) {
      p.stepTo(2);
      p.stepTo(3);
      p.stepTo(5);
    }
    assertEquals("job: 2/3 (66%)\njob: 3/3 (100%)", log.toString().strip().replace("\r", ""));
  }
}
