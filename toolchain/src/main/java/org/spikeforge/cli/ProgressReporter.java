package org.spikeforge.cli;

import java.io.PrintWriter;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spikeforge.io.Terminal;

/**
 * Progress of a long command on stderr. On an interactive terminal it is a live progress bar; in
 * logs (stderr redirected, {@code CI=true}, {@code TERM=dumb}) it prints a plain line at every
 * tenth of the way, so that logs stay readable. Accepts "done so far" counts and never goes
 * backwards. Thread-safe: parallel workers may report to one reporter.
 */
public final class ProgressReporter implements AutoCloseable, IntConsumer {
  private final String task;
  private final long total;
  private final PrintWriter log;
  private final ProgressBar bar;
  private long done;
  private long lastLoggedTenth;

  private ProgressReporter(String task, long total, PrintWriter log, boolean interactive) {
    this.task = task;
    this.total = Math.max(1, total);
    this.log = log;
    this.bar = interactive
        ? new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(this.total)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build()
        : null;
  }

  /**
   * A reporter that draws a bar only on a real terminal, and otherwise logs to {@code log}.
   *
   * @param task short name shown before the progress, e.g. {@code gradcheck}
   * @param total how many units make 100 %
   */
  public static ProgressReporter create(String task, long total, PrintWriter log) {
    return new ProgressReporter(task, total, log, interactiveTerminal());
  }

  /** A reporter that always logs plain lines (for tests and batch use). */
  public static ProgressReporter plain(String task, long total, PrintWriter log) {
    return new ProgressReporter(task, total, log, false);
  }

  /** Sets the number of units done so far; smaller values than before are ignored. */
  public synchronized void stepTo(long doneSoFar) {
    if (doneSoFar <= done) {
      return;
    }
    done = Math.min(doneSoFar, total);
    if (bar != null) {
      bar.stepTo(done);
      return;
    }
    long tenth = done * 10 / total;
    if (tenth > lastLoggedTenth) {
      lastLoggedTenth = tenth;
      log.println(task + ": " + done + "/" + total + " (" + (done * 100 / total) + "%)");
      log.flush();
    }
  }

  /** {@link IntConsumer} view of {@link #stepTo}, for APIs that report progress as an int. */
  @Override
  public void accept(int doneSoFar) {
    stepTo(doneSoFar);
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }

  private static boolean interactiveTerminal() {
    return Terminal.interactive();
  }
}
