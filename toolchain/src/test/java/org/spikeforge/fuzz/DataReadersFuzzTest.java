package org.spikeforge.fuzz;

import static org.spikeforge.fuzz.FuzzContract.check;
import static org.spikeforge.fuzz.FuzzContract.write;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.DatasetException;
import org.spikeforge.data.IdxReader;
import org.spikeforge.hil.HilCheckpoint;
import org.spikeforge.train.Checkpoint;
import org.spikeforge.train.ConfigException;
import org.spikeforge.train.TrainConfig;

/**
 * Fuzzes the readers of training inputs and state: IDX image/label pairs (plain and gzip), the
 * training checkpoint, the HIL checkpoint and a run's {@code config.json} (read again on
 * {@code --resume}). Their typed errors are the ones {@code train} and {@code hil-finetune} print
 * as one line with exit code 2.
 */
class DataReadersFuzzTest {
  private static final FuzzContract.Typed DATASET = new FuzzContract.Typed(DatasetException.class, true);
  /** The checkpoints' error: exactly IllegalArgumentException (train maps it to exit 2), naming the file. */
  private static final FuzzContract.Typed CHECKPOINT = new FuzzContract.Typed(IllegalArgumentException.class, true);
  /** Config values are named by key, not always by file. */
  private static final FuzzContract.Typed CONFIG = new FuzzContract.Typed(ConfigException.class, false);

  @TempDir Path dir;

  /**
   * One input holds both files: a big-endian 16-bit length, that many bytes of the label file, and
   * the image file (see {@link SeedCorpusWriter#idxPair}).
   */
  @FuzzTest
  void idx(byte[] data) {
    byte[][] pair = split(data);
    Path l = write(dir, "x-labels-idx1-ubyte", pair[0]);
    Path i = write(dir, "x-images-idx3-ubyte", pair[1]);
    check(dir, () -> IdxReader.read(i, l, 10), DATASET); // the message names one of the two files
  }

  /** The same pair gzip-compressed, as the downloads come; the label file raw, so a broken gzip is read too. */
  @FuzzTest
  void idxGzip(byte[] data) {
    byte[][] pair = split(data);
    Path l = write(dir, "x-labels-idx1-ubyte.gz", pair[0]);
    Path i = write(dir, "x-images-idx3-ubyte.gz", gzip(pair[1]));
    check(dir, () -> IdxReader.read(i, l, 10), DATASET);
  }

  private static byte[][] split(byte[] data) {
    int n = data.length < 2 ? 0 : Math.min(data.length - 2, ((data[0] & 0xff) << 8) | (data[1] & 0xff));
    int from = Math.min(2, data.length);
    return new byte[][] {
      java.util.Arrays.copyOfRange(data, from, from + n), java.util.Arrays.copyOfRange(data, from + n, data.length)
    };
  }

  /**
   * The input is the checkpoint's body; the harness appends its CRC-32 trailer, so mutations reach
   * the parser instead of all stopping at the checksum check.
   */
  @FuzzTest
  void trainingCheckpoint(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] data = java.util.Arrays.copyOf(body, body.length + 8);
    for (int i = 0; i < 8; i++) {
      data[body.length + i] = (byte) (crc.getValue() >>> (56 - 8 * i));
    }
    Path f = write(dir, Checkpoint.FILE, data);
    check(f, () -> Checkpoint.load(dir), CHECKPOINT);
  }

  @FuzzTest
  void hilCheckpoint(byte[] data) {
    Path f = write(dir, HilCheckpoint.FILE, data);
    check(f, () -> HilCheckpoint.load(dir), CHECKPOINT);
  }

  @FuzzTest
  void trainConfig(byte[] data) {
    Path f = write(dir, "config.json", data);
    check(f, () -> TrainConfig.load(f), CONFIG);
  }

  private static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
