package org.spikeforge.sweep;

import java.nio.file.Path;
import java.util.List;

/** The sweep as a plain loop in this JVM, trial after trial: the reference a Spark run must equal trial by trial. */
public final class SerialExecutor implements TrialExecutor {
  @Override
  public String describe() {
    return "serial (this JVM, one trial at a time)";
  }

  @Override
  public void run(List<Trial> trials, Path sweepDir, Listener listener) {
    for (Trial t : trials) {
      listener.started(t.id());
      listener.finished(t, TrialRunner.run(t, sweepDir));
    }
  }
}
