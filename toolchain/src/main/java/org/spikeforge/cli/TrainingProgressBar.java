package org.spikeforge.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.EpochMetrics;
import org.spikeforge.train.TrainingListener;

/**
 * The per-epoch progress bar of {@code train} ({@code --progress true}): one bar per epoch on stderr, stepped by the
 * {@link TrainingListener} calls of the trainer, with the running loss, accuracy and speed. The training package
 * itself draws nothing; closing this (at the end of a run, or when it fails mid-epoch) closes an open bar.
 */
final class TrainingProgressBar implements TrainingListener, AutoCloseable {
  private final PrintStream out;
  private ProgressBar bar;

  TrainingProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void epochStarted(int epoch, int epochs, int samples) {
    close();
    bar = new ProgressBarBuilder()
        .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
        .setInitialMax(samples)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .build();
  }

  @Override
  public void batchFinished(int epoch, BatchStats soFar, double seconds) {
    if (bar != null) {
      bar.stepTo(soFar.count());
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%% %.0f samples/s", soFar.meanLoss(),
          100 * soFar.accuracy(), soFar.count() / seconds));
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
