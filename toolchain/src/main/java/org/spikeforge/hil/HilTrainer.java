package org.spikeforge.hil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardError;
import org.spikeforge.hw.device.Device;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Trace;
import org.spikeforge.train.Adam;
import org.spikeforge.train.BatchStats;
import org.spikeforge.train.SampleOrder;
import org.spikeforge.train.TrainingListener;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * The hardware-in-the-loop loop. Per sample: (1) one trial on the board, (2) the measured spike steps decoded into
 * model times ({@link TraceDecoder}), (3) the exact float-LIF spike-time gradients evaluated at those times
 * ({@link TtfsNetwork#replay}) on a float copy whose weights are the board's dequantized integers; per batch: (4) an
 * Adam step on the float shadow weights (initial states stay as lowered), clamped to the representable range,
 * re-quantized with the frozen per-layer scale ({@link LayerWeightCodec}), and only the changed integers written
 * back ({@link DeviceWeightWriter}, through {@link WeightSync}).
 *
 * <p><b>Silent outputs</b> enter the loss after the trial and learn through the float pseudospike time where the
 * loss wants them earlier ({@link ReplayGradient}). {@link LabelDeadlineLoss} can also want the label to fire
 * before T - margin, because the chip read-out (and {@link FloatReadout#floatAccuracy}) counts only in-trial spikes.
 *
 * <p><b>Probe calibration.</b> With {@link HilSettings#gainCalibration()}, before the first update (and again when
 * a run resumes) {@link SynapseGainCalibration} measures every synapse's weight gain and every neuron's threshold
 * factor through the board's state probe; from then on each weight is programmed as {@code target / (gain /
 * threshold factor)}, and the replay uses the weights the board then effectively holds, so the chip acts as an ideal
 * one up to the integer rounding.
 *
 * <p><b>Calibration and averaging.</b> Before the first update, {@link HilSettings#calibrationRounds()} rounds of
 * {@link ExcitabilityCalibration} scale each neuron's incoming weights so that the board crosses threshold where the
 * model does (per-neuron threshold offsets and mean weight gains); the updates are left with the per-synapse spread.
 * With {@link HilSettings#averageFrom()}, every epoch from then on is measured and kept with the running mean of the
 * shadow weights (quantized), while the updates continue from the raw ones.
 *
 * <p><b>Failures.</b> A trial that fails with {@link BoardError#DEVICE} is retried {@link HilSettings#retries()}
 * times; then the exception propagates and the run can be resumed from the checkpoint of the last completed epoch,
 * which this loop writes after every epoch. The sample order depends only on (seed, epoch)
 * ({@link SampleOrder#epoch}, as in the float trainer), so a resumed run repeats the interrupted epoch exactly.
 *
 * <p><b>Parts.</b> {@link BoardTrials} runs the trials, {@link WeightSync} keeps shadow, board and replay weights in
 * step, {@link BoardCalibration} runs the calibrations, {@link ReplayGradient} turns one trial into a gradient, and
 * {@link BestEpoch} and {@link ShadowAverage} keep the epoch to restore and the averaged weights; this class runs the
 * epochs and checkpoints.
 */
public final class HilTrainer {
  private final HardwareConfig config;
  private final WeightSync weights;
  private final TraceDecoder decoder;
  private final BoardTrials board;
  private final BoardCalibration calibration;
  private final HilSettings settings;
  private final SpikeDataset train;
  private final SpikeDataset test;
  private final LabelDeadlineLoss loss;
  private final Adam adam;
  private final boolean[] trainable;
  private final BestEpoch best = new BestEpoch();
  private final ShadowAverage average = new ShadowAverage();
  private SpikeDataset validation;
  private TrainingListener listener = TrainingListener.NONE;
  private int keptEpoch = -1;

  /**
   * @param device a board with {@code config} loaded (and mismatch set, if wanted)
   * @param config the config lowered from {@code network}; its weights are what the board holds now
   * @param network the float network the config was lowered from; its parameters become the shadow (copied)
   * @param train samples for the updates (encoded with the network's encoding)
   * @param test samples for the device accuracy
   */
  public HilTrainer(Device device, HardwareConfig config, TtfsNetwork network, SpikeDataset train, SpikeDataset test,
      HilSettings settings) {
    check(config, network);
    this.config = config;
    this.weights = new WeightSync(device, config, network);
    this.decoder = TraceDecoder.of(config);
    this.board = new BoardTrials(device, decoder, config.getDt(), settings.retries());
    if (settings.shadowFromBoard()) {
      weights.startFromBoard();
    }
    this.calibration = new BoardCalibration(device, config, weights, board, decoder, train, settings);
    this.settings = settings;
    this.train = train;
    this.test = test;
    this.loss = LabelDeadlineLoss.of(settings, network.trialEnd());
    this.adam = Adam.standard(network.numParameters());
    this.trainable = new boolean[network.numParameters()];
    for (int l = settings.outputLayerOnly() ? network.numLayers() : 1; l <= network.numLayers(); l++) {
      Arrays.fill(trainable, network.weightOffset(l), network.weightOffset(l) + network.weightCount(l), true);
    }
  }

  private static void check(HardwareConfig config, TtfsNetwork network) {
    if (network.model() != NeuronModel.LIF_EXP) {
      throw new IllegalArgumentException("hardware-in-the-loop training needs a LIF_EXP network, got "
          + network.model());
    }
    if (config.getLayersCount() != network.numLayers()) {
      throw new IllegalArgumentException("hardware config has " + config.getLayersCount() + " layers, the network "
          + network.numLayers());
    }
    for (int l = 1; l <= network.numLayers(); l++) {
      HwLayer hl = config.getLayers(l - 1);
      if (hl.getSize() != network.layerSize(l) || hl.getFanIn() != network.layerSize(l - 1)) {
        throw new IllegalArgumentException("hardware config layer '" + hl.getName() + "' is " + hl.getSize() + "x"
            + hl.getFanIn() + ", network layer " + l + " is " + network.layerSize(l) + "x" + network.layerSize(l - 1));
      }
    }
  }

  /**
   * Measures the board on these samples after every epoch (first {@link HilSettings#testLimit()} of them) and, with
   * {@link HilSettings#restoreBest()}, leaves the board with the weights of the best epoch. Returns this.
   */
  public HilTrainer validateOn(SpikeDataset samples) {
    this.validation = samples;
    return this;
  }

  /**
   * Reports the training pass of every epoch to {@code l} ({@link TrainingListener#epochStarted} and, after every
   * batch, {@link TrainingListener#batchFinished} with the board's running train accuracy and loss), so that a long
   * epoch shows progress. Returns this.
   */
  public HilTrainer withProgress(TrainingListener l) {
    this.listener = java.util.Objects.requireNonNull(l, "listener");
    return this;
  }

  /**
   * The epoch whose weights the board was left with (0: the incoming network; -1 before {@link #run} ended).
   */
  public int keptEpoch() {
    return keptEpoch;
  }

  /** The float shadow network (live; its parameters are what the optimizer updates). */
  public TtfsNetwork shadow() {
    return weights.shadow();
  }

  /** The float network with the board's dequantized weights, used for the replay. */
  public TtfsNetwork effective() {
    return weights.effective();
  }

  /** Weights the board holds for config layer l (row-major; live view). */
  public int[] deviceWeights(int layer) {
    return weights.held(layer);
  }

  /**
   * Runs (or resumes) the fine-tuning in {@code dir}: epoch 0 measures the board before any update; every epoch ends
   * with a device accuracy on the test samples and an atomic checkpoint.
   *
   * @return the final state (history of epochs 0..N)
   */
  public HilState run(Path dir, boolean resume, Consumer<HilEpoch> onEpoch) {
    List<HilEpoch> history = new ArrayList<>();
    int done = resume ? resume(dir, history) : 0;
    if (!resume) {
      long t0 = System.nanoTime();
      long written = weights.sync();
      BoardTrials.Mark mark = board.mark();
      double acc = board.accuracy(test, settings.testLimit());
      double val = validate(0);
      HilEpoch e0 = new HilEpoch(0, acc, val, Double.NaN, Double.NaN, written, board.rateSince(mark),
          (System.nanoTime() - t0) * 1e-9);
      history.add(e0);
      HilCheckpoint.save(dir, state(0, history, Double.NaN));
      onEpoch.accept(e0);
    }
    for (int epoch = done + 1; epoch <= settings.epochs(); epoch++) {
      HilEpoch e = epoch(epoch);
      history.add(e);
      HilCheckpoint.save(dir, state(epoch, history, Double.NaN));
      onEpoch.accept(e);
    }
    HilState last = state(settings.epochs(), history, Double.NaN); // the last iterate, before the kept weights
    double kept = leaveKeptWeights(history);
    return new HilState(last.epochsDone(), last.params(), last.optimizerSteps(), last.moment1(), last.moment2(),
        last.history(), last.bestEpoch(), last.bestParams(), kept, last.average(), last.averagedSteps());
  }

  /** Loads the checkpoint into the shadow, Adam, the average and the best epoch; returns the epochs done. */
  private int resume(Path dir, List<HilEpoch> history) {
    HilState s = HilCheckpoint.load(dir);
    TtfsNetwork shadow = weights.shadow();
    if (s.params().length != shadow.numParameters()) {
      throw new IllegalArgumentException(HilCheckpoint.file(dir) + ": holds " + s.params().length
          + " parameters, the network has " + shadow.numParameters());
    }
    System.arraycopy(s.params(), 0, shadow.parameters(), 0, s.params().length);
    adam.restore(s.optimizerSteps(), new double[][] {s.moment1(), s.moment2()});
    history.addAll(s.history());
    average.restore(s.average(), s.averagedSteps());
    best.restore(s.bestEpoch(), s.bestEpoch() >= 0 ? s.history().get(s.bestEpoch()).validationAccuracy()
        : Double.NEGATIVE_INFINITY, s.bestParams());
    if (s.epochsDone() >= 1 && settings.gainCalibration()) {
      calibration.measureGains();
    }
    weights.sync();
    return s.epochsDone();
  }

  /** Epoch {@code epoch} (1-based): the updates, then the test and validation accuracy of the board. */
  private HilEpoch epoch(int epoch) {
    long t0 = System.nanoTime();
    BoardTrials.Mark mark = board.mark();
    double[] shadowParams = weights.shadow().parameters();
    double[] stats = trainEpoch(epoch);
    double[] raw = null;
    if (averaging(epoch)) { // measure, validate and remember the mean weights, then go on from the raw ones
      raw = shadowParams.clone();
      average.copyInto(shadowParams);
      stats[2] += weights.sync();
    }
    double acc = board.accuracy(test, settings.testLimit());
    double val = validate(epoch);
    if (raw != null) {
      System.arraycopy(raw, 0, shadowParams, 0, raw.length);
      stats[2] += weights.sync();
    }
    return new HilEpoch(epoch, acc, val, stats[0], stats[1], (long) stats[2], board.rateSince(mark),
        (System.nanoTime() - t0) * 1e-9);
  }

  /**
   * Leaves the board with the kept weights and returns the test accuracy it then has. Kept are the best epoch's
   * weights on validation (restore-best), else the average or the last iterate; but never a network worse on
   * validation than the one that came in: epoch 0 is always a candidate, and when it is kept the incoming program is
   * put back exactly as epoch 0 measured it ({@link WeightSync#restoreIncoming}), not re-encoded with gains that
   * were measured later.
   */
  private double leaveKeptWeights(List<HilEpoch> history) {
    double[] p = weights.shadow().parameters();
    HilEpoch first = history.get(0);
    HilEpoch last = history.get(history.size() - 1);
    boolean restore = settings.restoreBest() && best.params() != null;
    keptEpoch = restore ? best.epoch() : last.epoch();
    if (!restore && last.validationAccuracy() < first.validationAccuracy()) {
      keptEpoch = 0; // the updates made it worse on validation: hand back what came in
    }
    if (keptEpoch == 0 && last.epoch() > 0) {
      weights.restoreIncoming();
    } else if (restore && (best.epoch() != settings.epochs() || averaging(settings.epochs()))) {
      System.arraycopy(best.params(), 0, p, 0, best.params().length);
      weights.sync();
    } else if (!restore && averaging(settings.epochs())) {
      average.copyInto(p);
      weights.sync();
    } else {
      return last.deviceAccuracy();
    }
    return board.accuracy(test, settings.testLimit());
  }

  /** Device accuracy on the validation samples; remembers the best epoch's shadow parameters. */
  private double validate(int epoch) {
    if (validation == null) {
      return Double.NaN;
    }
    double v = board.accuracy(validation, settings.testLimit());
    best.offer(epoch, v, weights.shadow().parameters());
    return v;
  }

  private HilState state(int epochs, List<HilEpoch> history, double finalAccuracy) {
    double[][] m = adam.state();
    return new HilState(epochs, weights.shadow().parameters().clone(), adam.steps(), m[0].clone(), m[1].clone(),
        List.copyOf(history), best.epoch(), best.params() == null ? null : best.params().clone(), finalAccuracy,
        average.snapshot(), average.steps());
  }

  /** Whether epoch {@code epoch} (1-based) is measured with the averaged weights. */
  private boolean averaging(int epoch) {
    return settings.averageFrom() > 0 && epoch >= settings.averageFrom() && average.present();
  }

  /** Board trials so far and the seconds spent in them. */
  public double roundTripsPerSecond() {
    return board.roundTripsPerSecond();
  }

  /** Fraction of the first {@code limit} (0: all) samples the board classifies correctly. */
  public double deviceAccuracy(SpikeDataset data, int limit) {
    return board.accuracy(data, limit);
  }

  /** The calibration rounds run so far (before the first update; none on a run resumed after epoch 1). */
  public List<CalibrationRound> calibrationRounds() {
    return calibration.rounds();
  }

  /** The lowered config with the weights the board holds now (after a gain calibration: for this board only). */
  HardwareConfig programmed() {
    return weights.programmed();
  }

  /**
   * The config an ideal chip needs to act as the board does now: {@link #programmed()}, or, after a
   * {@link SynapseGainCalibration}, the shadow weights encoded without the gains (the targets the compensated program
   * realises on the board). It is the excitability calibration's reference, and the fine-tuned config for any other
   * chip of the family ({@link #programmed()} is for this board).
   */
  HardwareConfig idealEquivalent() {
    return weights.idealEquivalent();
  }

  /**
   * The synapse gains measured before the first update (null without {@link HilSettings#gainCalibration()}), also
   * when the incoming network was kept in the end and the board no longer runs a program with them divided out.
   */
  public SynapseGains synapseGains() {
    return weights.measuredGains();
  }

  /** Whether the program the board holds now has measured gains divided out (so that it is for this board only). */
  public boolean gainsProgrammed() {
    return weights.gains() != null;
  }

  /** Why the excitability calibration rounds were skipped (a conv net; null when they ran or were not asked for). */
  public String excitabilityCalibrationSkipped() {
    return calibration.excitabilitySkipped();
  }

  /** The board's message when it could not be probed and the gain calibration was skipped (null otherwise). */
  public String gainCalibrationSkipped() {
    return calibration.gainsSkipped();
  }

  /** One epoch of updates; returns {train device accuracy, mean loss, weights written}. */
  private double[] trainEpoch(int epoch) {
    long written = 0;
    if (epoch == 1 && settings.gainCalibration()) {
      calibration.measureGains();
      written += weights.sync();
    }
    written += epoch == 1 && settings.calibrationRounds() > 0 ? calibration.excitability() : 0;
    int n = BoardCalibration.samples(settings, train);
    int[] order = SampleOrder.epoch(n, settings.seed(), epoch);
    listener.epochStarted(epoch, settings.epochs(), n);
    long t0 = System.nanoTime();
    TtfsNetwork shadow = weights.shadow();
    ReplayGradient replay = new ReplayGradient(shadow, weights.effective(), decoder, loss, settings);
    double[] in = new double[train.numInputs()];
    double[] grad = new double[shadow.numParameters()];
    double lossSum = 0;
    int correct = 0;
    for (int start = 0; start < n; start += settings.batch()) {
      int end = Math.min(n, start + settings.batch());
      Arrays.fill(grad, 0.0);
      for (int b = start; b < end; b++) {
        int idx = order[b];
        train.inputTimes(idx, in);
        Trace tr = board.run(board.toSpikes(in));
        if (decoder.predict(tr) == train.label(idx)) {
          correct++;
        }
        lossSum += replay.accumulate(in, tr, train.label(idx), grad);
      }
      double scale = 1.0 / (end - start);
      for (int q = 0; q < grad.length; q++) {
        grad[q] = trainable[q] ? grad[q] * scale : 0.0;
      }
      adam.step(shadow.parameters(), grad, settings.learningRate(epoch));
      written += weights.sync(); // clamps the shadow to the representable range
      if (settings.averageFrom() > 0 && epoch >= settings.averageFrom()) {
        average.add(shadow.parameters());
      }
      listener.batchFinished(epoch, new BatchStats(lossSum, correct, correct, end, 0, 0, 0),
          (System.nanoTime() - t0) * 1e-9);
    }
    return new double[] {(double) correct / n, lossSum / n, written};
  }

  /** Float input times to board input steps (round to the nearest step; silent and late channels stay empty). */
  public InputSpikes toSpikes(double[] inputTimes) {
    return board.toSpikes(inputTimes);
  }
}
