package org.spikeforge.train;

/**
 * What a {@link Trainer} tells its caller while it runs: an epoch starting, each finished batch, and each finished
 * epoch. The training package draws nothing itself; a command line turns these calls into a progress bar and log
 * lines, a test records them. Every method defaults to doing nothing, so a listener implements only what it shows.
 * Listeners observe: nothing they do changes the run.
 */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Epoch {@code epoch} (1-based) of {@code epochs} starts its training pass over {@code samples} samples.
   */
  default void epochStarted(int epoch, int epochs, int samples) {}

  /**
   * A batch of epoch {@code epoch} (1-based) finished its optimizer step.
   *
   * @param soFar the epoch's training statistics up to and including this batch ({@code soFar.count()} samples)
   * @param seconds wall time since the epoch started
   */
  default void batchFinished(int epoch, BatchStats soFar, double seconds) {}

  /** An epoch finished: validated, recorded and checkpointed. */
  default void epochFinished(EpochMetrics metrics) {}

  /** This listener, then {@code next}, for every call. */
  default TrainingListener andThen(TrainingListener next) {
    TrainingListener first = this;
    return new TrainingListener() {
      @Override
      public void epochStarted(int epoch, int epochs, int samples) {
        first.epochStarted(epoch, epochs, samples);
        next.epochStarted(epoch, epochs, samples);
      }

      @Override
      public void batchFinished(int epoch, BatchStats soFar, double seconds) {
        first.batchFinished(epoch, soFar, seconds);
        next.batchFinished(epoch, soFar, seconds);
      }

      @Override
      public void epochFinished(EpochMetrics metrics) {
        first.epochFinished(metrics);
        next.epochFinished(metrics);
      }
    };
  }
}
