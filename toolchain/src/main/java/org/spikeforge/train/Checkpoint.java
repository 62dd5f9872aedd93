package org.spikeforge.train;

import org.spikeforge.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Binary, bit-exact checkpoint of a {@link TrainingState} ({@code DIR/checkpoint.bin}), written atomically so that a
 * run killed mid-write leaves the previous checkpoint intact. A CRC-32 trailer detects truncated or damaged files.
 * Format v3 adds the parameter-average state; v1 and v2 files (no average) still load.
 */
public final class Checkpoint {
  /** File name inside the run directory. */
  public static final String FILE = "checkpoint.bin";
  private static final long MAGIC_V1 = 0x5346434B50540001L; // "SFCKPT" v1: 10 metrics per epoch
  private static final long MAGIC_V2 = 0x5346434B50540002L; // v2: 12 metrics per epoch (spikes-only accuracies)
  private static final long MAGIC = 0x5346434B50540003L; // v3: v2 + parameter-average state after the history

  private Checkpoint() {}

  public static Path file(Path dir) {
    return dir.resolve(FILE);
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(file(dir));
  }

  public static void save(Path dir, TrainingState s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(MAGIC);
      out.writeInt(s.epochsDone());
      writeArray(out, s.params());
      TrainingState.OptimizerSnapshot o = s.optimizer();
      out.writeUTF(o.name());
      out.writeLong(o.steps());
      out.writeInt(o.moments().length);
      for (double[] a : o.moments()) {
        writeArray(out, a);
      }
      TrainingState.Selection sel = s.selection();
      out.writeDouble(sel.bestValidationAccuracy());
      out.writeInt(sel.bestEpoch());
      out.writeBoolean(sel.bestParams() != null);
      if (sel.bestParams() != null) {
        writeArray(out, sel.bestParams());
      }
      out.writeInt(sel.epochsSinceBest());
      out.writeBoolean(sel.stoppedEarly());
      TrainingState.Totals t = s.totals();
      out.writeDouble(t.silentFractionStart());
      out.writeDouble(t.trainSeconds());
      out.writeLong(t.trainSamples());
      out.writeInt(s.history().size());
      for (EpochMetrics m : s.history()) {
        for (double v : m.toArray()) {
          out.writeDouble(v);
        }
      }
      TrainingState.Average avg = s.average();
      out.writeBoolean(avg.accumulator() != null);
      if (avg.accumulator() != null) {
        writeArray(out, avg.accumulator());
        out.writeLong(avg.steps());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] all = new byte[body.length + 8];
    System.arraycopy(body, 0, all, 0, body.length);
    long c = crc.getValue();
    for (int i = 0; i < 8; i++) {
      all[body.length + i] = (byte) (c >>> (56 - 8 * i));
    }
    AtomicFiles.write(file(dir), all);
  }

  public static TrainingState load(Path dir) {
    Path f = file(dir);
    byte[] all;
    try {
      all = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(f + ": no checkpoint to resume from");
    } catch (IOException e) {
      throw new UncheckedIOException(f + ": cannot read", e);
    }
    if (all.length < 16) {
      throw new IllegalArgumentException(f + ": truncated checkpoint (" + all.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = 0;
    for (int i = 0; i < 8; i++) {
      stored = (stored << 8) | (all[all.length - 8 + i] & 0xff);
    }
    if (stored != crc.getValue()) {
      throw new IllegalArgumentException(f + ": checkpoint checksum mismatch (file truncated or damaged)");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
      long magic = in.readLong();
      if (magic != MAGIC && magic != MAGIC_V2 && magic != MAGIC_V1) {
        throw new IllegalArgumentException(f + ": not a SpikeForge checkpoint (bad magic)");
      }
      int epochs = in.readInt();
      double[] params = readArray(in, f, "params");
      String opt = in.readUTF();
      long steps = in.readLong();
      double[][] moments = new double[count(in, f, "optimizer moments", 4)][];
      for (int i = 0; i < moments.length; i++) {
        moments[i] = readArray(in, f, "optimizer moment " + i);
      }
      double bestAcc = in.readDouble();
      int bestEpoch = in.readInt();
      double[] best = in.readBoolean() ? readArray(in, f, "best params") : null;
      TrainingState.Selection selection = new TrainingState.Selection(bestAcc, bestEpoch, best, in.readInt(),
          in.readBoolean());
      TrainingState.Totals totals = new TrainingState.Totals(in.readDouble(), in.readDouble(), in.readLong());
      int fields = magic == MAGIC_V1 ? EpochMetrics.FIELDS_V1 : EpochMetrics.FIELDS;
      int n = count(in, f, "history epochs", 8 * fields);
      List<EpochMetrics> history = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        double[] a = new double[fields];
        for (int k = 0; k < a.length; k++) {
          a[k] = in.readDouble();
        }
        history.add(EpochMetrics.fromArray(a));
      }
      TrainingState.Average average = TrainingState.Average.NONE;
      if (magic == MAGIC && in.readBoolean()) {
        average = new TrainingState.Average(readArray(in, f, "parameter average"), in.readLong());
      }
      return new TrainingState(epochs, params, new TrainingState.OptimizerSnapshot(opt, steps, moments), selection,
          totals, history, average);
    } catch (EOFException e) {
      throw new IllegalArgumentException(f + ": truncated checkpoint");
    } catch (IOException e) {
      // only a damaged body gets here (the bytes are in memory), e.g. a malformed optimizer name
      throw new IllegalArgumentException(f + ": damaged checkpoint (" + e + ")", e);
    }
  }

  private static void writeArray(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double v : a) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  private static double[] readArray(DataInputStream in, Path f, String what) throws IOException {
    double[] a = new double[count(in, f, what, 8)];
    for (int i = 0; i < a.length; i++) {
      a[i] = Double.longBitsToDouble(in.readLong());
    }
    return a;
  }

  /**
   * Reads an element count and checks it against the bytes left (each element takes at least
   * {@code bytesEach}), so a damaged count is refused before anything is allocated for it.
   */
  private static int count(DataInputStream in, Path f, String what, int bytesEach) throws IOException {
    int n = in.readInt();
    long left = in.available();
    if (n < 0 || (long) n * bytesEach > left) {
      throw new IllegalArgumentException(f + ": damaged checkpoint: " + what + " count " + n
          + (n < 0 ? " is negative" : " needs " + (long) n * bytesEach + " bytes but only " + left + " are left"));
    }
    return n;
  }
}
