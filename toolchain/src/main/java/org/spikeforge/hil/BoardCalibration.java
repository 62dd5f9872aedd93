package org.spikeforge.hil;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.hw.device.BoardError;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.DeviceException;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * The calibrations a hardware-in-the-loop run makes before its first update: the probe calibration of every
 * synapse's gain and every neuron's threshold ({@link SynapseGainCalibration}), whose gains the {@link WeightSync}
 * then divides out of the program, and the rounds of per-neuron {@link ExcitabilityCalibration} from spike times.
 * It keeps what they found for the report.
 */
final class BoardCalibration {
  /** A neuron's calibration factor is used only when it spiked in at least this many calibration trials. */
  static final int MIN_SPIKES = 20;

  private final Device device;
  private final HardwareConfig config;
  private final WeightSync weights;
  private final BoardTrials board;
  private final TraceDecoder decoder;
  private final SpikeDataset train;
  private final HilSettings settings;
  private final List<CalibrationRound> rounds = new ArrayList<>();
  private String gainsSkipped;
  private String excitabilitySkipped;

  /**
   * Why the calibrations are skipped on a net with shared kernels: both rescale what one board synapse or one
   * neuron's incoming synapses get, and a conv kernel entry stands for the synapses of every position.
   */
  static final String SHARED_KERNELS = "the net has conv or pool layers, whose shared kernel entries each stand for"
      + " the synapses of every position; per-synapse and per-neuron rescaling would untie them";

  BoardCalibration(Device device, HardwareConfig config, WeightSync weights, BoardTrials board, TraceDecoder decoder,
      SpikeDataset train, HilSettings settings) {
    this.device = device;
    this.config = config;
    this.weights = weights;
    this.board = board;
    this.decoder = decoder;
    this.train = train;
    this.settings = settings;
  }

  /** Why the excitability calibration was skipped (null when it ran or was not asked for). */
  String excitabilitySkipped() {
    return excitabilitySkipped;
  }

  /** The calibration rounds run so far. */
  List<CalibrationRound> rounds() {
    return List.copyOf(rounds);
  }

  /** The board's message when it could not be probed and the gain calibration was skipped (null otherwise). */
  String gainsSkipped() {
    return gainsSkipped;
  }

  /**
   * Runs the {@link SynapseGainCalibration} and hands its gains to the {@link WeightSync} (the next sync programs
   * them). The state probe is optional in the board ABI: a board that answers {@link BoardError#UNSUPPORTED} is
   * fine-tuned without it (the reason is kept for the report).
   */
  void measureGains() {
    if (weights.sharesWeights()) {
      weights.useGains(null);
      gainsSkipped = SHARED_KERNELS;
      return;
    }
    try {
      weights.useGains(SynapseGainCalibration.measure(device, config, weights.codecs(), weights.heldCopy(),
          decoder.steps()));
    } catch (DeviceException e) {
      if (e.error() != BoardError.UNSUPPORTED) {
        throw e;
      }
      weights.useGains(null);
      gainsSkipped = e.getMessage();
    }
  }

  /**
   * {@link HilSettings#calibrationRounds()} rounds of {@link ExcitabilityCalibration} on the first
   * {@link HilSettings#calibrationSamples()} training samples, and never more than the run trains on
   * ({@link HilSettings#trainLimit()}): a limit bounds every phase of the run. The factors are measured against the program the
   * calibration starts with, and divided by those of an ideal chip running that program (the integer
   * {@link EmulatorDevice}), so that the step discretisation, which an ideal chip shares, cancels and an ideal board is
   * left exactly as it is. Each round scales every neuron's incoming shadow weights by its factor (neurons with fewer
   * than {@link #MIN_SPIKES} spiking trials on either chip keep theirs) and writes the re-quantized weights. Measured
   * against the starting program, the factor is c_i / a_i (c_i the chip's, a_i the scale applied so far): one round
   * gives a_i = c_i, later rounds only refine.
   *
   * @return weights written
   */
  long excitability() {
    if (weights.sharesWeights()) {
      excitabilitySkipped = SHARED_KERNELS;
      return 0;
    }
    int n = Math.min(settings.calibrationSamples(), samples(settings, train));
    TtfsNetwork shadow = weights.shadow();
    TtfsNetwork reference = weights.effective().withParameters(weights.effective().parameters());
    ExcitabilityCalibration ideal = new ExcitabilityCalibration(reference);
    try (EmulatorDevice emulator = new EmulatorDevice(TargetFamily.of(config))) {
      emulator.load(weights.idealEquivalent());
      measure(emulator, ideal, reference, n);
    }
    double[] p = shadow.parameters();
    long written = 0;
    for (int round = 1; round <= settings.calibrationRounds(); round++) {
      ExcitabilityCalibration chip = new ExcitabilityCalibration(reference);
      double accuracy = measure(null, chip, reference, n);
      double largest = 0;
      for (int l = 1; l <= shadow.numLayers(); l++) {
        double[] r = chip.relativeTo(ideal, l, MIN_SPIKES);
        for (int i = 0; i < r.length; i++) {
          largest = Math.max(largest, Math.abs(r[i] - 1));
          for (int j = 0; j < shadow.layerSize(l - 1); j++) {
            p[shadow.weightIndex(l, i, j)] *= r[i];
          }
        }
      }
      written += weights.sync();
      rounds.add(new CalibrationRound(round, n, accuracy, largest));
    }
    return written;
  }

  /** The training samples per epoch: all, or the first {@link HilSettings#trainLimit()}. */
  static int samples(HilSettings settings, SpikeDataset train) {
    return settings.trainLimit() > 0 ? Math.min(settings.trainLimit(), train.size()) : train.size();
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
      InputSpikes spikes = board.toSpikes(in);
      Trace tr = chip == null ? board.run(spikes) : chip.trial(spikes, decoder.steps());
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
}
