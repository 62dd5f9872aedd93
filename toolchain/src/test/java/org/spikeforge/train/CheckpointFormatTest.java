package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written before the spikes-only metrics (format v1, 10 values per epoch) still resume. */
class CheckpointFormatTest {
  @Test
  void versionOneCheckpointLoadsWithNanSpikesOnlyAccuracies(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(0x5346434B50540001L); // v1 magic
      out.writeInt(1); // epochs done
      out.writeInt(2); // params
      out.writeLong(Double.doubleToRawLongBits(0.5));
      out.writeLong(Double.doubleToRawLongBits(-1.5));
      out.writeUTF("adam");
      out.writeLong(7); // optimizer steps
      out.writeInt(0); // no optimizer state arrays
      out.writeDouble(0.75); // best validation accuracy
      out.writeInt(1); // best epoch
      out.writeBoolean(false); // no best params
      out.writeInt(0); // epochs since best
      out.writeBoolean(false); // not stopped
      out.writeDouble(0.25); // silent fraction at start
      out.writeDouble(3.0); // seconds
      out.writeLong(100); // samples
      out.writeInt(1); // one epoch of history, 10 values
      for (double v : new double[] {1, 1e-3, 0.9, 0.6, 0.8, 0.75, 0.3, 0.4, 3.0, 33.3}) {
        out.writeDouble(v);
      }
    }
    byte[] body = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] all = new byte[body.length + 8];
    System.arraycopy(body, 0, all, 0, body.length);
    for (int i = 0; i < 8; i++) {
      all[body.length + i] = (byte) (crc.getValue() >>> (56 - 8 * i));
    }
    Files.write(Checkpoint.file(dir), all);

    TrainingState s = Checkpoint.load(dir);
    assertEquals(1, s.epochsDone());
    assertArrayEquals(new double[] {0.5, -1.5}, s.params(), 0.0);
    assertEquals(7, s.optimizerSteps());
    assertEquals(0.75, s.bestValidationAccuracy());
    assertNull(s.bestParams());
    EpochMetrics m = s.history().get(0);
    assertEquals(0.75, m.validationAccuracy());
    assertEquals(33.3, m.samplesPerSecond());
    assertTrue(Double.isNaN(m.trainAccuracySpikesOnly()) && Double.isNaN(m.validationAccuracySpikesOnly()));

    // Saved again it is a v2 checkpoint that round-trips every field, the spikes-only values included.
    TrainingState v2 = new TrainingState(2, s.params(), new TrainingState.OptimizerSnapshot("adam", 8, new double[0][]),
        new TrainingState.Selection(0.8, 2, null, 0, false), new TrainingState.Totals(0.25, 4.0, 200),
        List.of(m, new EpochMetrics(2, 1e-3, 0.5, 0.7, 0.6, 0.8, 0.3, 0.4, 1.0, 100, 0.65, 0.78)),
        TrainingState.Average.NONE);
    Checkpoint.save(dir, v2);
    TrainingState back = Checkpoint.load(dir);
    assertEquals(v2.history().get(1), back.history().get(1));
    assertEquals(0.78, back.history().get(1).validationAccuracySpikesOnly());
  }
}
