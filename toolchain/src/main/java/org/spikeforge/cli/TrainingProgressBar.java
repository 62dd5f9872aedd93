package org.spikeforge.cli;

import java.util.Locale;
import org.spikeforge.io.Terminal;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.EpochMetrics;
import org.spikeforge.train.TrainingListener;

/**
 * The per-epoch progress of {@code train} ({@code --progress true}) on stderr, stepped by the
 * {@link TrainingListener} calls of the trainer, with the running loss, accuracy and speed: a live bar on a terminal,
 * a plain line per tenth of an epoch in logs ({@link EpochProgress}). The training package itself draws nothing;
 * closing this (at the end of a run, or when it fails mid-epoch) closes an open bar.
 */
final class TrainingProgressBar implements TrainingListener, AutoCloseable {
  private EpochProgress bar;
  private long done;
  private long samples;

  TrainingProgressBar() {
  }

  @Override
  public void epochStarted(int epoch, int epochs, int samples) {
    close();
    bar = EpochProgress.of(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), samples, Terminal.interactive(),
        System.err);
    done = 0;
    this.samples = samples;
  }

  @Override
  public void batchFinished(int epoch, BatchStats soFar, double seconds) {
    if (bar != null) {
      bar.stepBy(soFar.count() - done, String.format(Locale.ROOT, " loss %.4f acc %.2f%% %.0f samples/s",
          soFar.meanLoss(), 100 * soFar.accuracy(), soFar.count() / seconds));
      done = soFar.count();
      if (done >= samples) { // the pass is over; what follows (validation, hil-finetune's epoch line) is not in it
        close();
      }
    }
  }

  @Override
  public void epochFinished(EpochMetrics metrics) {
    close();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
