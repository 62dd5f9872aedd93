package org.spikeforge.spark;

import java.io.PrintStream;
import java.util.Locale;
import org.spikeforge.sweep.SweepProgress;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.EpochMetrics;
import org.spikeforge.train.TrainingListener;

/**
 * The progress of {@code train --spark} ({@code --progress true}) on stderr: after each batch's Spark job, the
 * batches done out of the epoch's, the running loss and accuracy, the samples per second since the epoch started, and
 * the estimated time left in the epoch and in the run (the epoch's time per sample so far, times the training samples
 * left; validation and checkpoints are not in it). The driver hears of a batch only when its job is back, so this is
 * per batch, where the single-JVM bar is per sample. On an interactive terminal the line is rewritten in place; in a
 * log (or with {@code CI=true}) one line is printed at every tenth of the epoch, as the single-JVM progress does, so a
 * 60-batch epoch gives 10 lines, not 60.
 */
final class SparkTrainProgress implements TrainingListener {
  private final PrintStream err;
  private final int batchSize;
  private final boolean interactive;
  private int epochs;
  private int samples;
  private long lastTenth;
  private int width;

  SparkTrainProgress(PrintStream err, int batchSize, boolean interactive) {
    this.err = err;
    this.batchSize = batchSize;
    this.interactive = interactive;
  }

  @Override
  public void epochStarted(int epoch, int epochs, int samples) {
    this.epochs = epochs;
    this.samples = Math.max(1, samples);
    lastTenth = 0;
    width = 0;
  }

  @Override
  public void batchFinished(int epoch, BatchStats soFar, double seconds) {
    long done = soFar.count();
    String line = line(epoch, epochs, done, samples, batchSize, soFar, seconds);
    if (interactive) {
      err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = line.length();
      if (done >= samples) {
        err.println();
        width = 0;
      }
      err.flush();
      return;
    }
    long tenth = done * 10 / samples;
    if (tenth > lastTenth || done >= samples) {
      lastTenth = tenth;
      err.println(line);
      err.flush();
    }
  }

  @Override
  public void epochFinished(EpochMetrics metrics) {
    if (interactive && width > 0) { // a pass that ended early (it never does today) leaves no half line
      err.println();
      width = 0;
    }
  }

  /**
   * e.g. {@code spark epoch 2/3: batch 4/8 (50%), loss 0.8123, acc 61.25%, 2345 samples/s, ETA epoch 0:02, run 0:09}.
   */
  static String line(int epoch, int epochs, long done, int samples, int batchSize, BatchStats soFar, double seconds) {
    int batches = (samples + batchSize - 1) / batchSize;
    long batch = Math.min(batches, (done + batchSize - 1) / batchSize);
    double perSample = done == 0 ? Double.NaN : seconds / done;
    double epochLeft = perSample * (samples - done);
    double runLeft = epochLeft + perSample * samples * Math.max(0, epochs - epoch);
    return String.format(Locale.ROOT, "spark epoch %d/%d: batch %d/%d (%d%%), loss %.4f, acc %.2f%%, %.0f samples/s,"
        + " ETA epoch %s, run %s", epoch, epochs, batch, batches, done * 100 / samples, soFar.meanLoss(),
        100 * soFar.accuracy(), done / Math.max(seconds, 1e-9), clock(epochLeft), clock(runLeft));
  }

  private static String clock(double seconds) {
    return Double.isFinite(seconds) ? SweepProgress.clock(seconds) : "?";
  }
}
