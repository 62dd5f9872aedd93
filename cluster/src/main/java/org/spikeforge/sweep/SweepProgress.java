package org.spikeforge.sweep;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The progress line of a running sweep: trials done / running / failed out of those this run started with, the
 * elapsed time and an estimate of the time left (elapsed time per finished trial times the trials left, which
 * already accounts for how many run at once). One line per event, so it reads the same on a terminal and in a log.
 * Thread-safe: executors report from their own threads.
 */
public final class SweepProgress {
  private final PrintStream err;
  private final int total;
  private final long start = System.nanoTime();
  private final Set<String> running = new HashSet<>();
  private final Set<String> finished = new HashSet<>();
  private int done;
  private int failed;

  public SweepProgress(int total, PrintStream err) {
    this.total = total;
    this.err = err;
  }

  /** A trial started; Spark's listener events may arrive after the trial's result, which then wins. */
  public synchronized void started(String id) {
    if (!finished.contains(id)) {
      running.add(id);
    }
  }

  public synchronized void finished(String id, boolean ok) {
    running.remove(id);
    finished.add(id);
    done++;
    if (!ok) {
      failed++;
    }
    err.println(line());
  }

  /** e.g. {@code sweep: 3/8 done, 2 running, 1 failed, 0:42 elapsed, ETA 1:05}. */
  public synchronized String line() {
    double elapsed = (System.nanoTime() - start) / 1e9;
    String eta = done == 0 ? "?" : clock(elapsed / done * (total - done));
    return String.format(Locale.ROOT, "sweep: %d/%d done, %d running, %d failed, %s elapsed, ETA %s", done, total,
        running.size(), failed, clock(elapsed), eta);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  public static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
