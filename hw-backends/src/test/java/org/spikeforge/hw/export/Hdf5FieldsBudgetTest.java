package org.spikeforge.hw.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading budget of {@link Hdf5Fields#read} is the reader thread's CPU time: a reader that keeps spinning (as jhdf
 * does on a damaged file whose object headers loop) is refused naming the file, while one that is merely slow on the
 * wall clock (a loaded machine: here a reader that sleeps past the budget) gets its file read.
 */
class Hdf5FieldsBudgetTest {
  @TempDir Path dir;

  private Path smallFile() {
    Path f = dir.resolve("small.h5");
    try (WritableHdfFile w = HdfFile.write(f)) {
      w.putDataset("x", new int[] {1, 2, 3});
    }
    return f;
  }

  @Test
  void aReaderThatSpinsPastTheBudgetIsRefusedNamingTheFile() {
    Path f = smallFile();
    long t0 = System.nanoTime();
    BadExchangeFileException e = assertThrows(BadExchangeFileException.class, () -> Hdf5Fields.read(f, h -> {
      long x = 0;
      while (!Thread.currentThread().isInterrupted()) {
        x += System.nanoTime() & 1;
      }
      return x;
    }));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("still unread after"),
        e.getMessage());
    assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "refused within the wall-clock backstop");
  }

  @Test
  void aReaderSlowOnlyOnTheWallClockIsNotRefused() {
    Path f = smallFile();
    // about 1 s of budget for a file this small; sleeping uses no CPU time
    long budgetMillis = 1000 + f.toFile().length() / 1000;
    int got = Hdf5Fields.read(f, h -> {
      try {
        Thread.sleep(budgetMillis + 700);
      } catch (InterruptedException e) {
        throw new AssertionError("interrupted: the wall clock was counted", e);
      }
      return 42;
    });
    assertEquals(42, got);
  }
}
