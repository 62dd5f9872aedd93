package org.spikeforge.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a sweep's pending trials somewhere: one by one in this JVM ({@link SerialExecutor}) or as Spark tasks (the
 * {@code org.spikeforge.spark} package). It reports every start and every result as it happens, from any thread;
 * the listener serializes what it does with them.
 */
public interface TrialExecutor {
  /** Hears about trials as they start and finish. */
  interface Listener {
    /** A trial started (or restarted, after a lost executor). */
    void started(String trialId);

    /** A trial finished, well or not; called once per trial. */
    void finished(Trial trial, TrialResult result);
  }

  /** Where the trials run, for the progress line (e.g. {@code serial}, {@code local[2]}). */
  String describe();

  /** Runs {@code trials}, writing under {@code sweepDir}; returns when all have finished. */
  void run(List<Trial> trials, Path sweepDir, Listener listener);
}
