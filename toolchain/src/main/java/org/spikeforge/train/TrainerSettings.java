package org.spikeforge.train;

/**
 * Mechanics of a training run. {@code patience} epochs without validation improvement stop the run (0: never);
 * {@code clipNorm} caps the global gradient norm (0: off); {@code chunkSize} is the fixed unit of parallel work
 * (changing it changes the floating-point summation order, changing {@code threads} does not).
 * {@code selectOnSpikesOnly} makes the best epoch (restored with {@code restoreBest}) and early stopping follow the
 * spikes-only validation accuracy ({@link BatchStats#accuracySpikesOnly}) instead of the pseudospike-decoded one:
 * for LIF nets that is the accuracy a chip reaches. {@code averageDecay} in (0, 1) keeps an exponential moving
 * average of the parameters over optimizer steps ({@link ParameterAverage}); validation, best-epoch selection and the
 * final parameters then use the average (0: off). Progress display is not a setting: the caller passes a
 * {@link TrainingListener}.
 */
public record TrainerSettings(int epochs, int batchSize, long seed, int threads, int chunkSize, double clipNorm,
    int patience, boolean restoreBest, boolean selectOnSpikesOnly, double averageDecay) {

  public TrainerSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs " + epochs + " must be >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size " + batchSize + " must be >= 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads " + threads + " must be >= 1");
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " must be >= 1");
    }
    if (!(clipNorm >= 0)) {
      throw new IllegalArgumentException("clip norm " + clipNorm + " must be >= 0");
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience " + patience + " must be >= 0");
    }
    if (!(averageDecay >= 0 && averageDecay < 1)) {
      throw new IllegalArgumentException("average decay " + averageDecay + " must be in [0, 1) (0: off)");
    }
  }

  /** Without parameter averaging. */
  public TrainerSettings(int epochs, int batchSize, long seed, int threads, int chunkSize, double clipNorm,
      int patience, boolean restoreBest, boolean selectOnSpikesOnly) {
    this(epochs, batchSize, seed, threads, chunkSize, clipNorm, patience, restoreBest, selectOnSpikesOnly, 0);
  }

  /** Defaults: all cores, chunks of 25 samples, no clipping, no early stopping. */
  public static TrainerSettings of(int epochs, int batchSize, long seed) {
    return new TrainerSettings(epochs, batchSize, seed, Runtime.getRuntime().availableProcessors(), 25, 0, 0,
        false, false);
  }

  public TrainerSettings withThreads(int t) {
    return new TrainerSettings(epochs, batchSize, seed, t, chunkSize, clipNorm, patience, restoreBest,
        selectOnSpikesOnly, averageDecay);
  }

  public TrainerSettings withEpochs(int e) {
    return new TrainerSettings(e, batchSize, seed, threads, chunkSize, clipNorm, patience, restoreBest,
        selectOnSpikesOnly, averageDecay);
  }

  public TrainerSettings withPatience(int p, boolean restore) {
    return new TrainerSettings(epochs, batchSize, seed, threads, chunkSize, clipNorm, p, restore,
        selectOnSpikesOnly, averageDecay);
  }

  public TrainerSettings withClipNorm(double c) {
    return new TrainerSettings(epochs, batchSize, seed, threads, chunkSize, c, patience, restoreBest,
        selectOnSpikesOnly, averageDecay);
  }

  public TrainerSettings withSelectOnSpikesOnly(boolean s) {
    return new TrainerSettings(epochs, batchSize, seed, threads, chunkSize, clipNorm, patience, restoreBest, s,
        averageDecay);
  }

  public TrainerSettings withAverageDecay(double d) {
    return new TrainerSettings(epochs, batchSize, seed, threads, chunkSize, clipNorm, patience, restoreBest,
        selectOnSpikesOnly, d);
  }
}
