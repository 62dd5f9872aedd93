package org.spikeforge.hil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardError;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.hw.quant.InputQuantizer;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;
import org.spikeforge.train.Adam;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * The hardware-in-the-loop loop. Per sample: (1) one trial on the board, (2) the measured spike steps decoded into
 * model times ({@link TraceDecoder}), (3) the exact float-LIF spike-time gradients evaluated at those times
 * ({@link TtfsNetwork#replay}) on a float copy whose weights are the board's dequantized integers; per batch: (4) an
 * Adam step on the float shadow weights (initial states stay as lowered), clamped to the representable range,
 * re-quantized with the frozen per-layer scale ({@link LayerWeightCodec}), and only the changed integers written
 * back ({@link DeviceWeightWriter}).
 *
 * <p><b>Silent outputs.</b> An output with no measured spike in the trial (at or before T) enters the loss at
 * T + {@link HilSettings#silentOffset()} (T + tau for 0), later than every in-trial spike as in the chip read-out.
 * If the loss wants it later it gets no gradient (it already is). If it wants it earlier (dL/dt > 0, the label neuron), the gradient goes through the float model's LIF
 * pseudospike time t~, which the replay computes from the replayed state at T (docs/LIF-PSEUDOSPIKES.md) with its
 * exact gradient, provided T <= t~ <= T + tau; otherwise (a replayed potential at or above threshold at T without a
 * measured spike has no valid pseudospike) the output is replayed as if it had spiked at T, the limit of its
 * crossing time as the crossing reaches T, and gets -(dV/dw)/(dV/dt) there (slope floored). Measured on Yin-Yang,
 * the pseudospike route keeps the board from drifting after the first epoch, because the floored slope of the
 * forced spike made those few samples dominate the step. {@link LabelDeadlineLoss} can also want the label to fire
 * before T - margin, because the chip read-out (and {@link #floatAccuracy}) counts only in-trial spikes.
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
 * which this loop writes after every epoch. The sample order depends only on (seed, epoch), so a resumed run
 * repeats the interrupted epoch exactly.
 */
public final class HilTrainer {
  private final Device device;
  private final HardwareConfig config;
  private final TtfsNetwork shadow;
  private final TtfsNetwork effective;
  private final List<LayerWeightCodec> codecs;
  private final TraceDecoder decoder;
  private final InputQuantizer quantizer;
  private final DeviceWeightWriter writer;
  private final HilSettings settings;
  private final SpikeDataset train;
  private final SpikeDataset test;
  private final LabelDeadlineLoss loss;
  private final Adam adam;
  private final boolean[] trainable;
  private SpikeDataset validation;
  private int bestEpoch = -1;
  private double bestValidation = Double.NEGATIVE_INFINITY;
  private double[] bestParams;
  private long trials;
  private long trialNanos;
  private final List<CalibrationRound> calibration = new ArrayList<>();
  private double[] average;
  private long averagedSteps;
  private SynapseGains gains;
  private String gainCalibrationSkipped;

  /** A neuron's calibration factor is used only when it spiked in at least this many calibration trials. */
  static final int CALIBRATION_MIN_SPIKES = 20;

  /**
   * @param device a board with {@code config} loaded (and mismatch set, if wanted)
   * @param config the config lowered from {@code network}; its weights are what the board holds now
   * @param network the float network the config was lowered from; its parameters become the shadow (copied)
   * @param train samples for the updates (encoded with the network's encoding)
   * @param test samples for the device accuracy
   */
  public HilTrainer(Device device, HardwareConfig config, TtfsNetwork network, SpikeDataset train, SpikeDataset test,
      HilSettings settings) {
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
    this.device = device;
    this.config = config;
    this.shadow = network.withParameters(network.parameters());
    this.effective = network.withParameters(network.parameters());
    this.codecs = WeightCodecs.of(config, network.neuron().tau(), network.neuron().threshold());
    this.decoder = TraceDecoder.of(config);
    this.quantizer = new InputQuantizer(config.getDt(), decoder.steps());
    List<String> names = new ArrayList<>();
    int[][] held = new int[config.getLayersCount()][];
    for (int l = 0; l < config.getLayersCount(); l++) {
      names.add(config.getLayers(l).getName());
      held[l] = config.getLayers(l).getWeightsList().stream().mapToInt(Integer::intValue).toArray();
    }
    this.writer = new DeviceWeightWriter(device, names, held);
    if (settings.shadowFromBoard()) {
      double[] p = shadow.parameters();
      for (int l = 1; l <= shadow.numLayers(); l++) {
        int cols = shadow.layerSize(l - 1);
        for (int i = 0; i < shadow.layerSize(l); i++) {
          for (int j = 0; j < cols; j++) {
            p[shadow.weightIndex(l, i, j)] = codecs.get(l - 1).decode(held[l - 1][i * cols + j], i);
          }
        }
      }
    }
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

  /**
   * Measures the board on these samples after every epoch (first {@link HilSettings#testLimit()} of them) and, with
   * {@link HilSettings#restoreBest()}, leaves the board with the weights of the best epoch. Returns this.
   */
  public HilTrainer validateOn(SpikeDataset samples) {
    this.validation = samples;
    return this;
  }

  /** The float shadow network (live; its parameters are what the optimizer updates). */
  public TtfsNetwork shadow() {
    return shadow;
  }

  /** The float network with the board's dequantized weights, used for the replay. */
  public TtfsNetwork effective() {
    return effective;
  }

  /** Weights the board holds for config layer l (row-major; live view). */
  public int[] deviceWeights(int layer) {
    return writer.held(layer);
  }

  /**
   * Runs (or resumes) the fine-tuning in {@code dir}: epoch 0 measures the board before any update; every epoch ends
   * with a device accuracy on the test samples and an atomic checkpoint.
   *
   * @return the final state (history of epochs 0..N)
   */
  public HilState run(Path dir, boolean resume, Consumer<HilEpoch> onEpoch) {
    List<HilEpoch> history = new ArrayList<>();
    int done;
    if (resume) {
      HilState s = HilCheckpoint.load(dir);
      if (s.params().length != shadow.numParameters()) {
        throw new IllegalArgumentException(HilCheckpoint.file(dir) + ": holds " + s.params().length
            + " parameters, the network has " + shadow.numParameters());
      }
      System.arraycopy(s.params(), 0, shadow.parameters(), 0, s.params().length);
      adam.restore(s.optimizerSteps(), new double[][] {s.moment1(), s.moment2()});
      history.addAll(s.history());
      done = s.epochsDone();
      average = s.average() == null ? null : s.average().clone();
      averagedSteps = s.averagedSteps();
      bestEpoch = s.bestEpoch();
      bestParams = s.bestParams();
      if (bestEpoch >= 0) {
        bestValidation = s.history().get(bestEpoch).validationAccuracy();
      }
      if (done >= 1 && settings.gainCalibration()) {
        measureGains();
      }
      syncDevice();
    } else {
      long t0 = System.nanoTime();
      long written = syncDevice();
      long tr0 = trials;
      long ns0 = trialNanos;
      double acc = deviceAccuracy(test, settings.testLimit());
      double val = validate(0);
      HilEpoch e0 = new HilEpoch(0, acc, val, Double.NaN, Double.NaN, written, rate(tr0, ns0),
          (System.nanoTime() - t0) * 1e-9);
      history.add(e0);
      done = 0;
      HilCheckpoint.save(dir, state(0, history));
      onEpoch.accept(e0);
    }
    for (int epoch = done + 1; epoch <= settings.epochs(); epoch++) {
      long t0 = System.nanoTime();
      long tr0 = trials;
      long ns0 = trialNanos;
      double[] stats = trainEpoch(epoch);
      double[] raw = null;
      if (averaging(epoch)) { // measure, validate and remember the mean weights, then go on from the raw ones
        raw = shadow.parameters().clone();
        System.arraycopy(average, 0, shadow.parameters(), 0, average.length);
        stats[2] += syncDevice();
      }
      double acc = deviceAccuracy(test, settings.testLimit());
      double val = validate(epoch);
      if (raw != null) {
        System.arraycopy(raw, 0, shadow.parameters(), 0, raw.length);
        stats[2] += syncDevice();
      }
      HilEpoch e = new HilEpoch(epoch, acc, val, stats[0], stats[1], (long) stats[2], rate(tr0, ns0),
          (System.nanoTime() - t0) * 1e-9);
      history.add(e);
      HilCheckpoint.save(dir, state(epoch, history));
      onEpoch.accept(e);
    }
    HilState last = state(settings.epochs(), history);
    double finalAccuracy = history.get(history.size() - 1).deviceAccuracy();
    boolean best = settings.restoreBest() && bestParams != null;
    if (best && (bestEpoch != settings.epochs() || averaging(settings.epochs()))) {
      System.arraycopy(bestParams, 0, shadow.parameters(), 0, bestParams.length);
      syncDevice();
      finalAccuracy = deviceAccuracy(test, settings.testLimit());
    } else if (!best && averaging(settings.epochs())) {
      System.arraycopy(average, 0, shadow.parameters(), 0, average.length);
      syncDevice();
      finalAccuracy = deviceAccuracy(test, settings.testLimit());
    }
    return new HilState(last.epochsDone(), last.params(), last.optimizerSteps(), last.moment1(), last.moment2(),
        last.history(), last.bestEpoch(), last.bestParams(), finalAccuracy, last.average(), last.averagedSteps());
  }

  /** Device accuracy on the validation samples; remembers the best epoch's shadow parameters. */
  private double validate(int epoch) {
    if (validation == null) {
      return Double.NaN;
    }
    double v = deviceAccuracy(validation, settings.testLimit());
    if (v > bestValidation) {
      bestValidation = v;
      bestEpoch = epoch;
      bestParams = shadow.parameters().clone();
    }
    return v;
  }

  private HilState state(int epochs, List<HilEpoch> history) {
    double[][] m = adam.state();
    return new HilState(epochs, shadow.parameters().clone(), adam.steps(), m[0].clone(), m[1].clone(),
        List.copyOf(history), bestEpoch, bestParams == null ? null : bestParams.clone(), Double.NaN,
        average == null ? null : average.clone(), averagedSteps);
  }

  /** Whether epoch {@code epoch} (1-based) is measured with the averaged weights. */
  private boolean averaging(int epoch) {
    return settings.averageFrom() > 0 && epoch >= settings.averageFrom() && average != null;
  }

  /** Adds the shadow parameters after an optimizer step to their running mean. */
  private void accumulateAverage() {
    double[] p = shadow.parameters();
    if (average == null) {
      average = new double[p.length];
    }
    averagedSteps++;
    double f = 1.0 / averagedSteps;
    for (int q = 0; q < p.length; q++) {
      average[q] += (p[q] - average[q]) * f;
    }
  }

  private double rate(long trials0, long nanos0) {
    long n = trials - trials0;
    long ns = trialNanos - nanos0;
    return ns > 0 ? n / (ns * 1e-9) : Double.NaN;
  }

  /** Board trials so far and the seconds spent in them. */
  public double roundTripsPerSecond() {
    return trialNanos > 0 ? trials / (trialNanos * 1e-9) : Double.NaN;
  }

  /** Fraction of the first {@code limit} (0: all) samples the board classifies correctly. */
  public double deviceAccuracy(SpikeDataset data, int limit) {
    int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
    double[] in = new double[data.numInputs()];
    int correct = 0;
    for (int i = 0; i < n; i++) {
      data.inputTimes(i, in);
      Trace tr = trial(toSpikes(in));
      if (decoder.predict(tr) == data.label(i)) {
        correct++;
      }
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }

  /**
   * Accuracy of a float network on the first {@code limit} (0: all) samples, read out as a chip is read
   * ({@link TraceDecoder#predict}): only in-trial output spikes count, the earliest wins, ties go to the lowest
   * index, silent outputs lose to any spike (all silent: class 0). This is the reference the board is measured
   * against; the float model's pseudospike read-out ({@link #floatAccuracyWithPseudospikes}) has no chip analogue.
   */
  public static double floatAccuracy(TtfsNetwork net, SpikeDataset data, int limit) {
    return floatAccuracy(net, data, limit, false);
  }

  /** Accuracy with the float model's own read-out: argmin of the output times, pseudospikes for silent outputs. */
  public static double floatAccuracyWithPseudospikes(TtfsNetwork net, SpikeDataset data, int limit) {
    return floatAccuracy(net, data, limit, true);
  }

  private static double floatAccuracy(TtfsNetwork net, SpikeDataset data, int limit, boolean pseudospikes) {
    int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
    double[] in = new double[data.numInputs()];
    TtfsWorkspace ws = net.newWorkspace();
    int correct = 0;
    for (int i = 0; i < n; i++) {
      data.inputTimes(i, in);
      net.forward(in, ws);
      double[] t = net.outputTimes(ws);
      boolean[] silent = net.outputSilent(ws);
      int best = 0;
      for (int k = 1; k < t.length; k++) {
        boolean earlier = pseudospikes ? t[k] < t[best] : !silent[k] && (silent[best] || t[k] < t[best]);
        if (earlier) {
          best = k;
        }
      }
      if (best == data.label(i)) {
        correct++;
      }
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }

  /** The calibration rounds run so far (before the first update; none on a run resumed after epoch 1). */
  public List<CalibrationRound> calibrationRounds() {
    return List.copyOf(calibration);
  }

  /**
   * {@link HilSettings#calibrationRounds()} rounds of {@link ExcitabilityCalibration} on the first
   * {@link HilSettings#calibrationSamples()} training samples. The factors are measured against the program the
   * calibration starts with, and divided by those of an ideal chip running that program (the integer
   * {@link EmulatorDevice}), so that the step discretisation, which an ideal chip shares, cancels and an ideal board is
   * left exactly as it is. Each round scales every neuron's incoming shadow weights by its factor (neurons with fewer
   * than {@link #CALIBRATION_MIN_SPIKES} spiking trials on either chip keep theirs) and writes the re-quantized
   * weights. Measured against the starting program, the factor is c_i / a_i (c_i the chip's, a_i the scale applied
   * so far): one round gives a_i = c_i, later rounds only refine.
   *
   * @return weights written
   */
  private long calibrate() {
    int n = Math.min(settings.calibrationSamples(), train.size());
    TtfsNetwork reference = effective.withParameters(effective.parameters());
    ExcitabilityCalibration ideal = new ExcitabilityCalibration(reference);
    try (EmulatorDevice emulator = new EmulatorDevice(config.getTarget())) {
      emulator.load(idealEquivalent());
      measure(emulator, ideal, reference, n);
    }
    double[] p = shadow.parameters();
    long written = 0;
    for (int round = 1; round <= settings.calibrationRounds(); round++) {
      ExcitabilityCalibration chip = new ExcitabilityCalibration(reference);
      double accuracy = measure(null, chip, reference, n);
      double largest = 0;
      for (int l = 1; l <= shadow.numLayers(); l++) {
        double[] r = chip.relativeTo(ideal, l, CALIBRATION_MIN_SPIKES);
        for (int i = 0; i < r.length; i++) {
          largest = Math.max(largest, Math.abs(r[i] - 1));
          for (int j = 0; j < shadow.layerSize(l - 1); j++) {
            p[shadow.weightIndex(l, i, j)] *= r[i];
          }
        }
      }
      written += syncDevice();
      calibration.add(new CalibrationRound(round, n, accuracy, largest));
    }
    return written;
  }

  /**
   * Runs the first {@code n} training samples on {@code chip} (null: the board, counted as round-trips) and adds
   * them to {@code cal}; returns the accuracy on them.
   */
  private double measure(Device chip, ExcitabilityCalibration cal, TtfsNetwork reference, int n) {
    double[] in = new double[train.numInputs()];
    double[] delivered = new double[train.numInputs()];
    int correct = 0;
    for (int k = 0; k < n; k++) {
      train.inputTimes(k, in);
      InputSpikes spikes = toSpikes(in);
      Trace tr = chip == null ? trial(spikes) : chip.trial(spikes, decoder.steps());
      if (decoder.predict(tr) == train.label(k)) {
        correct++;
      }
      for (int j = 0; j < delivered.length; j++) {
        SpikeTrain st = spikes.getTrains(j);
        delivered[j] = st.getStepsCount() > 0 ? st.getSteps(0) * decoder.dt() : Double.NaN;
      }
      cal.add(reference, delivered, decoder.measuredTimes(tr));
    }
    return (double) correct / n;
  }

  /** The lowered config with the weights the board holds now (after a gain calibration: for this board only). */
  HardwareConfig programmed() {
    HardwareConfig.Builder b = config.toBuilder();
    for (int l = 0; l < config.getLayersCount(); l++) {
      HwLayer.Builder hl = b.getLayersBuilder(l).clearWeights();
      for (int w : writer.held(l)) {
        hl.addWeights(w);
      }
    }
    return b.build();
  }

  /**
   * The config an ideal chip needs to act as the board does now: {@link #programmed()}, or, after a
   * {@link SynapseGainCalibration}, the shadow weights encoded without the gains (the targets the compensated program
   * realises on the board). It is the excitability calibration's reference, and the fine-tuned config for any other
   * chip of the family ({@link #programmed()} is for this board).
   */
  HardwareConfig idealEquivalent() {
    if (gains == null) {
      return programmed();
    }
    HardwareConfig.Builder b = config.toBuilder();
    double[] p = shadow.parameters();
    for (int l = 0; l < config.getLayersCount(); l++) {
      HwLayer.Builder hl = b.getLayersBuilder(l).clearWeights();
      int cols = shadow.layerSize(l);
      for (int i = 0; i < shadow.layerSize(l + 1); i++) {
        for (int j = 0; j < cols; j++) {
          hl.addWeights(codecs.get(l).encode(p[shadow.weightIndex(l + 1, i, j)], i));
        }
      }
    }
    return b.build();
  }

  /** The synapse gains measured before the first update (null without {@link HilSettings#gainCalibration()}). */
  public SynapseGains synapseGains() {
    return gains;
  }

  /** The board's message when it could not be probed and the gain calibration was skipped (null otherwise). */
  public String gainCalibrationSkipped() {
    return gainCalibrationSkipped;
  }

  /**
   * Runs the {@link SynapseGainCalibration}. The state probe is optional in the board ABI: a board that answers
   * {@link BoardError#UNSUPPORTED} is fine-tuned without it (the reason is kept for the report).
   */
  private void measureGains() {
    try {
      gains = SynapseGainCalibration.measure(device, config, codecs, heldCopy(), decoder.steps());
    } catch (DeviceException e) {
      if (e.error() != BoardError.UNSUPPORTED) {
        throw e;
      }
      gains = null;
      gainCalibrationSkipped = e.getMessage();
    }
  }

  private int[][] heldCopy() {
    int[][] h = new int[config.getLayersCount()][];
    for (int l = 0; l < h.length; l++) {
      h[l] = writer.held(l).clone();
    }
    return h;
  }

  /** One epoch of updates; returns {train device accuracy, mean loss, weights written}. */
  private double[] trainEpoch(int epoch) {
    long calibrated = 0;
    if (epoch == 1 && settings.gainCalibration()) {
      measureGains();
      calibrated += syncDevice();
    }
    calibrated += epoch == 1 && settings.calibrationRounds() > 0 ? calibrate() : 0;
    int n = settings.trainLimit() > 0 ? Math.min(settings.trainLimit(), train.size()) : train.size();
    int[] order = order(n, settings.seed(), epoch);
    int layers = shadow.numLayers();
    int outputs = shadow.layerSize(layers);
    double trialEnd = shadow.trialEnd();
    double pseudoLimit = shadow.lifSilentTime();
    double silentTime = settings.silentOffset() > 0 ? trialEnd + settings.silentOffset() : pseudoLimit;
    double[] in = new double[train.numInputs()];
    double[] grad = new double[shadow.numParameters()];
    double[] tOut = new double[outputs];
    double[] dL = new double[outputs];
    TtfsWorkspace ws = effective.newWorkspace();
    double lossSum = 0;
    int correct = 0;
    long written = calibrated;
    for (int start = 0; start < n; start += settings.batch()) {
      int end = Math.min(n, start + settings.batch());
      Arrays.fill(grad, 0.0);
      for (int b = start; b < end; b++) {
        int idx = order[b];
        train.inputTimes(idx, in);
        Trace tr = trial(toSpikes(in));
        if (decoder.predict(tr) == train.label(idx)) {
          correct++;
        }
        double[][][] m = decoder.measuredTimes(tr);
        double[][] out = m[layers - 1];
        for (int k = 0; k < outputs; k++) {
          tOut[k] = out[k].length > 0 && out[k][0] <= trialEnd ? out[k][0] : silentTime;
        }
        lossSum += loss.lossAndGradient(tOut, train.label(idx), dL);
        boolean forced = false;
        for (int k = 0; k < outputs; k++) {
          if (tOut[k] == silentTime && dL[k] <= 0) {
            dL[k] = 0;
          }
        }
        effective.replay(in, m, settings.minSlope(), ws);
        double[] replayed = effective.outputTimes(ws);
        for (int k = 0; k < outputs; k++) {
          if (tOut[k] == silentTime && dL[k] > 0 && !(replayed[k] >= trialEnd && replayed[k] <= pseudoLimit)) {
            out[k] = new double[] {trialEnd};
            forced = true;
          }
        }
        if (forced) {
          effective.replay(in, m, settings.minSlope(), ws);
        }
        effective.backward(dL, ws, grad);
      }
      double scale = 1.0 / (end - start);
      for (int q = 0; q < grad.length; q++) {
        grad[q] = trainable[q] ? grad[q] * scale : 0.0;
      }
      adam.step(shadow.parameters(), grad, settings.learningRate(epoch));
      written += syncDevice(); // clamps the shadow to the representable range
      if (settings.averageFrom() > 0 && epoch >= settings.averageFrom()) {
        accumulateAverage();
      }
    }
    return new double[] {(double) correct / n, lossSum / n, written};
  }

  /**
   * Clamps the shadow weights to what the stored range can represent, re-quantizes every layer with its frozen
   * codec, writes the changed integers and refreshes the replay network's weights.
   *
   * @return weights written
   */
  private long syncDevice() {
    double[] p = shadow.parameters();
    double[] e = effective.parameters();
    long written = 0;
    for (int l = 1; l <= shadow.numLayers(); l++) {
      LayerWeightCodec codec = codecs.get(l - 1);
      int rows = shadow.layerSize(l);
      int cols = shadow.layerSize(l - 1);
      int[] next = new int[rows * cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          int k = i * cols + j;
          double g = gains == null ? 1.0 : gains.relativeGain(l - 1, k);
          int f = shadow.weightIndex(l, i, j);
          p[f] = Math.max(codec.minWeight(i) * g, Math.min(codec.maxWeight(i) * g, p[f]));
          next[k] = codec.encode(p[f] / g, i);
        }
      }
      written += writer.update(l - 1, next);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          int k = i * cols + j;
          double g = gains == null ? 1.0 : gains.relativeGain(l - 1, k);
          e[effective.weightIndex(l, i, j)] = codec.decode(next[k], i) * g;
        }
      }
      int so = shadow.initialStateOffset(l);
      System.arraycopy(p, so, e, so, shadow.initialStateCount(l));
    }
    return written;
  }

  /** Float input times to board input steps (round to the nearest step; silent and late channels stay empty). */
  public InputSpikes toSpikes(double[] inputTimes) {
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(inputTimes.length);
    for (double t : inputTimes) {
      SpikeTrain.Builder train = SpikeTrain.newBuilder();
      if (t >= 0 && !Double.isInfinite(t)) {
        long s = quantizer.step(t);
        if (s < decoder.steps()) {
          train.addSteps(s);
        }
      }
      b.addTrains(train);
    }
    return b.build();
  }

  private Trace trial(InputSpikes in) {
    int attempt = 0;
    while (true) {
      long t0 = System.nanoTime();
      try {
        Trace tr = device.trial(in, decoder.steps());
        trialNanos += System.nanoTime() - t0;
        trials++;
        return tr;
      } catch (DeviceException e) {
        if (e.error() != BoardError.DEVICE || attempt >= settings.retries()) {
          throw e;
        }
        attempt++;
      }
    }
  }

  private static int[] order(int n, long seed, int epoch) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
