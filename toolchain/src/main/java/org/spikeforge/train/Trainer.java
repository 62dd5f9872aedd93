package org.spikeforge.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.spikeforge.data.SpikeDataset;

/**
 * Minibatch training of a {@link TrainableModel} with a classification loss. Each epoch shuffles the training set
 * with a generator seeded by (seed, epoch), runs the batches through the data-parallel {@link BatchEngine}, averages
 * the gradient, optionally clips it, takes an optimizer step at the scheduled rate and projects the parameters.
 * After each epoch it evaluates the validation set, updates early stopping (on the pseudospike-decoded or, with
 * {@link TrainerSettings#selectOnSpikesOnly}, the spikes-only validation accuracy) and writes an atomic checkpoint; a
 * non-finite loss, gradient or parameter stops the run before anything is written. Because every random choice is
 * a function of (seed, epoch, sample), resuming from a checkpoint reproduces an uninterrupted run bit for bit.
 * With {@link TrainerSettings#averageDecay} the trainer also keeps a {@link ParameterAverage} of the iterates; each
 * epoch's validation, the best-epoch choice and the parameters left in the model at the end are then the averaged
 * ones, while the optimizer keeps stepping the raw iterate.
 *
 * @param <W> the model's workspace type
 */
public final class Trainer<W> {
  private final TrainableModel<W> model;
  private final ClassificationLoss loss;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final TrainerSettings settings;
  private Consumer<EpochMetrics> epochListener = m -> {};

  public Trainer(TrainableModel<W> model, ClassificationLoss loss, Optimizer optimizer,
      LearningRateSchedule schedule, TrainerSettings settings) {
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.settings = settings;
  }

  /** Called after every finished epoch (e.g. to print a line). */
  public Trainer<W> onEpoch(Consumer<EpochMetrics> listener) {
    this.epochListener = listener;
    return this;
  }

  /**
   * Outcome of {@link #fit}: the model's parameters hold the final (or best, with restoreBest) weights, averaged when
   * the settings ask for parameter averaging.
   */
  public record Result(TrainingState state, double silentFractionEnd) {
    public List<EpochMetrics> history() {
      return state.history();
    }
  }

  /**
   * Trains for {@code settings.epochs()} epochs in total (counting epochs done before a resume).
   *
   * @param validation may be null: no early stopping, validation metrics NaN
   * @param checkpointDir may be null: no checkpoints
   * @param resume continue from {@code checkpointDir}'s checkpoint
   */
  public Result fit(SpikeDataset train, SpikeDataset validation, Path checkpointDir, boolean resume) {
    if (train.numInputs() != model.numInputs()) {
      throw new IllegalArgumentException(train.name() + ": " + train.numInputs() + " input channels but the model has "
          + model.numInputs());
    }
    double[] params = model.params();
    ParameterAverage average = settings.averageDecay() > 0
        ? new ParameterAverage(settings.averageDecay(), params.length) : null;
    TrainingState state;
    try (BatchEngine<W> engine = new BatchEngine<>(model, loss, settings.threads(), settings.chunkSize())) {
      if (resume) {
        state = Checkpoint.load(checkpointDir);
        if (state.params().length != params.length) {
          throw new IllegalArgumentException(Checkpoint.file(checkpointDir) + ": checkpoint has "
              + state.params().length + " parameters, the model has " + params.length);
        }
        if (!state.optimizer().equals(optimizer.name())) {
          throw new IllegalArgumentException(Checkpoint.file(checkpointDir) + ": checkpoint optimizer "
              + state.optimizer() + " differs from " + optimizer.name());
        }
        System.arraycopy(state.params(), 0, params, 0, params.length);
        optimizer.restore(state.optimizerSteps(), state.optimizerState());
        if (average != null) {
          if (state.averageAccumulator() != null) {
            average.restore(state.averageAccumulator(), state.averageSteps());
          } else if (state.epochsDone() > 0) {
            throw new IllegalArgumentException(Checkpoint.file(checkpointDir) + ": checkpoint has no parameter"
                + " average but the run asks for one (average decay " + settings.averageDecay() + ")");
          }
        }
      } else {
        SpikeDataset probe = validation != null ? validation : train;
        double silentStart = engine.run(probe, identity(probe.size()), 0, probe.size(), null, null, null)
            .silentFraction();
        state = new TrainingState(0, params.clone(), optimizer.name(), 0, deepCopy(optimizer.state()), Double.NEGATIVE_INFINITY,
            0, null, 0, false, silentStart, 0, 0, List.of());
      }
      double[] grad = new double[params.length];
      double[] raw = average == null ? null : new double[params.length];
      List<EpochMetrics> history = new ArrayList<>(state.history());
      double bestAcc = state.bestValidationAccuracy();
      int bestEpoch = state.bestEpoch();
      double[] bestParams = state.bestParams();
      int sinceBest = state.epochsSinceBest();
      boolean stopped = state.stoppedEarly();
      double seconds = state.trainSeconds();
      long samples = state.trainSamples();
      for (int epoch = state.epochsDone(); epoch < settings.epochs() && !stopped; epoch++) {
        long t0 = System.nanoTime();
        double lr = schedule.rate(epoch);
        if (!(lr > 0 && Double.isFinite(lr))) {
          throw new IllegalArgumentException("learning rate " + lr + " at epoch " + epoch + " must be finite and > 0");
        }
        int[] order = shuffled(train.size(), settings.seed(), epoch);
        BatchStats epochStats = BatchStats.EMPTY;
        BatchEngine.Augmentation aug = new BatchEngine.Augmentation(settings.seed(), epoch);
        try (EpochProgress bar = settings.progressBar() ? EpochProgress.of(epoch, settings.epochs(), train.size())
            : null) {
          for (int from = 0; from < order.length; from += settings.batchSize()) {
            int to = Math.min(order.length, from + settings.batchSize());
            BatchStats b = engine.run(train, order, from, to, aug, grad, null);
            int batchIndex = from / settings.batchSize();
            if (!Double.isFinite(b.lossSum())) {
              throw diverged(epoch, batchIndex, "loss " + b.lossSum(), checkpointDir);
            }
            double inv = 1.0 / b.count();
            for (int i = 0; i < grad.length; i++) {
              grad[i] *= inv;
            }
            double norm = GradientClipping.clipGlobalNorm(grad, settings.clipNorm());
            if (!Double.isFinite(norm)) {
              throw diverged(epoch, batchIndex, "gradient norm " + norm, checkpointDir);
            }
            optimizer.step(params, grad, lr);
            model.project(params);
            for (double p : params) {
              if (!Double.isFinite(p)) {
                throw diverged(epoch, batchIndex, "parameter " + p, checkpointDir);
              }
            }
            if (average != null) {
              average.update(params);
            }
            epochStats = epochStats.plus(b);
            if (bar != null) {
              double elapsed = (System.nanoTime() - t0) * 1e-9;
              bar.stepBy(b.count(), String.format(Locale.ROOT, " loss %.4f acc %.2f%% %.0f samples/s",
                  epochStats.meanLoss(), 100 * epochStats.accuracy(), epochStats.count() / elapsed));
            }
          }
        }
        double epochSeconds = (System.nanoTime() - t0) * 1e-9;
        seconds += epochSeconds;
        samples += epochStats.count();
        if (average != null) { // evaluate (and keep as best) the averaged parameters, then continue from the raw ones
          System.arraycopy(params, 0, raw, 0, params.length);
          average.averageInto(params);
          model.project(params);
        }
        BatchStats val = validation == null ? null
            : engine.run(validation, identity(validation.size()), 0, validation.size(), null, null, null);
        double valAcc = val == null ? Double.NaN
            : settings.selectOnSpikesOnly() ? val.accuracySpikesOnly() : val.accuracy();
        EpochMetrics m = new EpochMetrics(epoch + 1, lr, epochStats.meanLoss(), epochStats.accuracy(),
            val == null ? Double.NaN : val.meanLoss(), val == null ? Double.NaN : val.accuracy(),
            epochStats.silentFraction(), epochStats.spikesPerNeuron(), epochSeconds, epochStats.count() / epochSeconds,
            epochStats.accuracySpikesOnly(), val == null ? Double.NaN : val.accuracySpikesOnly());
        history.add(m);
        if (val != null) {
          if (valAcc > bestAcc) {
            bestAcc = valAcc;
            bestEpoch = epoch + 1;
            bestParams = params.clone();
            sinceBest = 0;
          } else {
            sinceBest++;
          }
          stopped = settings.patience() > 0 && sinceBest >= settings.patience();
        }
        if (average != null) {
          System.arraycopy(raw, 0, params, 0, params.length);
        }
        state = new TrainingState(epoch + 1, params.clone(), optimizer.name(), optimizer.steps(),
            deepCopy(optimizer.state()), bestAcc, bestEpoch, bestParams, sinceBest, stopped, state.silentFractionStart(),
            seconds, samples, List.copyOf(history), average == null ? null : average.accumulator(),
            average == null ? 0 : average.steps());
        if (checkpointDir != null) {
          Checkpoint.save(checkpointDir, state);
        }
        epochListener.accept(m);
      }
      if (settings.restoreBest() && state.bestParams() != null) {
        System.arraycopy(state.bestParams(), 0, params, 0, params.length);
      } else if (average != null && average.steps() > 0) {
        average.averageInto(params);
        model.project(params);
      }
      SpikeDataset probe = validation != null ? validation : train;
      double silentEnd = engine.run(probe, identity(probe.size()), 0, probe.size(), null, null, null)
          .silentFraction();
      return new Result(state, silentEnd);
    }
  }

  /** Un-augmented pass over a dataset; {@code predictions} (may be null) receives each sample's predicted class. */
  public BatchStats evaluate(SpikeDataset data, int[] predictions) {
    try (BatchEngine<W> engine = new BatchEngine<>(model, loss, settings.threads(), settings.chunkSize())) {
      return engine.run(data, identity(data.size()), 0, data.size(), null, null, predictions);
    }
  }

  /** Permutation of 0..n-1 for this epoch, a pure function of (seed, epoch). */
  static int[] shuffled(int n, long seed, int epoch) {
    int[] p = identity(n);
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  private static TrainingDivergedException diverged(int epoch, int batch, String what, Path dir) {
    String kept = dir == null ? "no checkpoint directory"
        : (Checkpoint.exists(dir) ? "last good checkpoint kept at " + Checkpoint.file(dir)
            : "no checkpoint written yet");
    return new TrainingDivergedException("training diverged in epoch " + (epoch + 1) + ", batch " + (batch + 1)
        + ": " + what + "; stopped (" + kept + ")");
  }
}
