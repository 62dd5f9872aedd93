package org.spikeforge.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spikeforge.io.Terminal;

/**
 * Progress within one training epoch on stderr: a live bar on an interactive terminal, and otherwise (logs,
 * {@code CI=true}) one plain line at every tenth of the epoch, as the README promises; a carriage-return bar in a
 * log is a single line cut at 80 columns.
 */
final class EpochProgress implements AutoCloseable {
  private final String task;
  private final long total;
  private final ProgressBar bar;
  private final PrintStream log;
  private long done;
  private long lastTenth;

  private EpochProgress(String task, long total, boolean interactive, PrintStream log) {
    this.task = task;
    this.total = Math.max(1, total);
    this.log = log;
    this.bar = interactive ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(log)).build() : null;
  }

  /** Progress of {@code total} items named {@code task}: a live bar if {@code interactive}, else plain lines. */
  static EpochProgress of(String task, long total, boolean interactive, PrintStream log) {
    return new EpochProgress(task, total, interactive, log);
  }

  /** {@code n} more samples done; {@code extra} is the running loss, accuracy and speed. */
  void stepBy(long n, String extra) {
    done = Math.min(total, done + n);
    if (bar != null) {
      bar.stepBy(n);
      bar.setExtraMessage(extra);
      return;
    }
    long tenth = done * 10 / total;
    if (tenth > lastTenth) {
      lastTenth = tenth;
      log.println(task + ": " + done + "/" + total + " (" + done * 100 / total + "%)" + extra);
      log.flush();
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
