package org.spikeforge.train;

import java.nio.file.Path;
import java.util.List;
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
 * ones, while the optimizer keeps stepping the raw iterate. Progress goes to a {@link TrainingListener}.
 *
 * @param <W> the model's workspace type
 */
public final class Trainer<W> {
  private final TrainableModel<W> model;
  private final ClassificationLoss loss;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final TrainerSettings settings;
  private TrainingListener listener = TrainingListener.NONE;
  private int shards = 1;
  private TrainPass.Executor passExecutor;

  public Trainer(TrainableModel<W> model, ClassificationLoss loss, Optimizer optimizer,
      LearningRateSchedule schedule, TrainerSettings settings) {
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.settings = settings;
  }

  /** Receives the run's progress (epoch starts, batches, finished epochs); replaces any earlier listener. */
  public Trainer<W> listener(TrainingListener l) {
    this.listener = l;
    return this;
  }

  /**
   * Splits every batch into {@code n} contiguous shards whose exact gradient sums are added in shard order
   * ({@link TrainPass}); 1 (the default) is the plain batch. The weights depend on {@code n} (the order of the
   * additions does), not on where the shards are computed.
   */
  public Trainer<W> shards(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("shards " + n + " must be >= 1");
    }
    this.shards = n;
    return this;
  }

  /**
   * Runs each epoch's training pass with {@code e} (e.g. on a Spark cluster) instead of in this JVM; null: here.
   * Validation, early stopping, checkpoints and the listener's epoch events stay with this trainer (no batch
   * events are sent for such a pass).
   */
  public Trainer<W> passExecutor(TrainPass.Executor e) {
    this.passExecutor = e;
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
    try (BatchEngine<W> engine = new BatchEngine<>(model, loss, settings.threads(), settings.chunkSize())) {
      return new Fit(engine, train, validation, checkpointDir).run(resume);
    }
  }

  /** Un-augmented pass over a dataset; {@code predictions} (may be null) receives each sample's predicted class. */
  public BatchStats evaluate(SpikeDataset data, int[] predictions) {
    try (BatchEngine<W> engine = new BatchEngine<>(model, loss, settings.threads(), settings.chunkSize())) {
      return pass(engine, data, predictions);
    }
  }

  private static <W> BatchStats pass(BatchEngine<W> engine, SpikeDataset data, int[] predictions) {
    return engine.run(data, SampleOrder.identity(data.size()), 0, data.size(), null, null, predictions);
  }

  /**
   * One call of {@link #fit}: the model's live parameters, the gradient buffer and the optional average, with one
   * method per step of an epoch (train pass, optimizer step, validation, bookkeeping).
   */
  private final class Fit {
    private final BatchEngine<W> engine;
    private final SpikeDataset train;
    private final SpikeDataset validation;
    private final Path checkpointDir;
    private final double[] params = model.params();
    private final double[] grad = new double[params.length];
    private final ParameterAverage average;
    private final double[] raw;

    Fit(BatchEngine<W> engine, SpikeDataset train, SpikeDataset validation, Path checkpointDir) {
      this.engine = engine;
      this.train = train;
      this.validation = validation;
      this.checkpointDir = checkpointDir;
      this.average = settings.averageDecay() > 0 ? new ParameterAverage(settings.averageDecay(), params.length) : null;
      this.raw = average == null ? null : new double[params.length];
    }

    Result run(boolean resume) {
      TrainingState state = resume ? restore() : TrainingState.start(params, optimizer, silentFraction());
      for (int epoch = state.epochsDone(); epoch < settings.epochs() && !state.stoppedEarly(); epoch++) {
        state = epoch(epoch, state);
      }
      if (settings.restoreBest() && state.bestParams() != null) {
        System.arraycopy(state.bestParams(), 0, params, 0, params.length);
      } else if (average != null && average.steps() > 0) {
        average.averageInto(params);
        model.project(params);
      }
      return new Result(state, silentFraction());
    }

    /** Silent fraction of the current parameters on the validation set (the training set without one). */
    private double silentFraction() {
      return pass(engine, validation != null ? validation : train, null).silentFraction();
    }

    /** Loads the checkpoint into the model, the optimizer and the average; checks it fits this run. */
    private TrainingState restore() {
      TrainingState state = Checkpoint.load(checkpointDir);
      if (state.params().length != params.length) {
        throw new IllegalArgumentException(Checkpoint.file(checkpointDir) + ": checkpoint has "
            + state.params().length + " parameters, the model has " + params.length);
      }
      if (!state.optimizer().name().equals(optimizer.name())) {
        throw new IllegalArgumentException(Checkpoint.file(checkpointDir) + ": checkpoint optimizer "
            + state.optimizer().name() + " differs from " + optimizer.name());
      }
      System.arraycopy(state.params(), 0, params, 0, params.length);
      optimizer.restore(state.optimizer().steps(), state.optimizer().moments());
      if (average != null) {
        if (state.averageAccumulator() != null) {
          average.restore(state.averageAccumulator(), state.averageSteps());
        } else if (state.epochsDone() > 0) {
          throw new IllegalArgumentException(Checkpoint.file(checkpointDir) + ": checkpoint has no parameter"
              + " average but the run asks for one (average decay " + settings.averageDecay() + ")");
        }
      }
      return state;
    }

    /** Epoch {@code epoch} (0-based): a training pass, validation, the best-epoch choice and a checkpoint. */
    private TrainingState epoch(int epoch, TrainingState state) {
      long t0 = System.nanoTime();
      double lr = schedule.rate(epoch);
      if (!(lr > 0 && Double.isFinite(lr))) {
        throw new IllegalArgumentException("learning rate " + lr + " at epoch " + epoch + " must be finite and > 0");
      }
      BatchStats stats = trainPass(epoch, lr, t0);
      double seconds = (System.nanoTime() - t0) * 1e-9;
      if (average != null) { // evaluate (and keep as best) the averaged parameters, then continue from the raw ones
        System.arraycopy(params, 0, raw, 0, params.length);
        average.averageInto(params);
        model.project(params);
      }
      BatchStats val = validation == null ? null : pass(engine, validation, null);
      EpochMetrics m = metrics(epoch, lr, stats, val, seconds);
      TrainingState.Selection selection = state.selection();
      if (val != null) {
        double valAcc = settings.selectOnSpikesOnly() ? val.accuracySpikesOnly() : val.accuracy();
        selection = selection.after(epoch + 1, valAcc, params, settings.patience());
      }
      if (average != null) {
        System.arraycopy(raw, 0, params, 0, params.length);
      }
      TrainingState next = new TrainingState(epoch + 1, params.clone(), TrainingState.OptimizerSnapshot.of(optimizer),
          selection, state.totals().plus(seconds, stats.count()), state.historyWith(m),
          average == null ? TrainingState.Average.NONE
              : new TrainingState.Average(average.accumulator(), average.steps()));
      if (checkpointDir != null) {
        Checkpoint.save(checkpointDir, next);
      }
      listener.epochFinished(m);
      return next;
    }

    /** One shuffled pass over the training set, one optimizer step per batch; returns the epoch's statistics. */
    private BatchStats trainPass(int epoch, double lr, long t0) {
      listener.epochStarted(epoch + 1, settings.epochs(), train.size());
      if (passExecutor != null) {
        TrainPass.Result r = passExecutor.run(epoch, lr, TrainPass.state(params, optimizer, average));
        TrainPass.install(r.end(), params, optimizer, average);
        return r.stats();
      }
      int[] order = SampleOrder.epoch(train.size(), settings.seed(), epoch);
      BatchEngine.Augmentation aug = new BatchEngine.Augmentation(settings.seed(), epoch);
      double[][] shardGrads = shards == 1 ? null : new double[shards][grad.length];
      BatchStats[] shardStats = shards == 1 ? null : new BatchStats[shards];
      BatchStats stats = BatchStats.EMPTY;
      for (int from = 0; from < order.length; from += settings.batchSize()) {
        int to = Math.min(order.length, from + settings.batchSize());
        BatchStats b;
        if (shards == 1) {
          b = engine.run(train, order, from, to, aug, grad, null);
        } else {
          TrainPass.computeShards(engine, train, order, from, to, aug, s -> true, shardGrads, shardStats);
          b = TrainPass.addShards(shardGrads, shardStats, grad);
        }
        TrainPass.step(model, optimizer, settings.clipNorm(), average, grad, b, epoch, from / settings.batchSize(), lr,
            checkpointDir);
        stats = stats.plus(b);
        listener.batchFinished(epoch + 1, stats, (System.nanoTime() - t0) * 1e-9);
      }
      return stats;
    }
  }

  private static EpochMetrics metrics(int epoch, double lr, BatchStats train, BatchStats val, double seconds) {
    double nan = Double.NaN;
    return new EpochMetrics(epoch + 1, lr, train.meanLoss(), train.accuracy(), val == null ? nan : val.meanLoss(),
        val == null ? nan : val.accuracy(), train.silentFraction(), train.spikesPerNeuron(), seconds,
        train.count() / seconds, train.accuracySpikesOnly(), val == null ? nan : val.accuracySpikesOnly());
  }
}
