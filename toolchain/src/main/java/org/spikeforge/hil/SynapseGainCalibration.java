package org.spikeforge.hil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
import org.spikeforge.proto.TargetFamily;
import org.spikeforge.proto.Trace;

/**
 * Per-synapse weight gain calibration of a board through its synaptic-current probe, the synapse calibration
 * analog-chip users run before training (one test program per presynaptic source, as BrainScaleS and DYNAP-SE
 * calibrations do with a membrane or current read-out). Spike times alone cannot separate 120 gains of one output
 * neuron (bench/results/hil.md); one probed step per source can.
 *
 * <p>For config layer l and source j, the board is programmed so that only source j delivers: for l = 0 one input
 * spike on channel j; for l &gt; 0 every input channel spikes on every step, every earlier layer holds its largest
 * drive weight, and layer l - 1 holds the drive weight in row j and zeros elsewhere, so that its neuron j is the only
 * one that fires. Layer l holds one test weight everywhere. The first non-zero synaptic-current value of each neuron
 * of layer l (Loihi 2 {@code u}, Xylo {@code isyn}), divided by the number of spikes source j sent in the step that
 * delivered it, is the effective weight times the family's fixed scale. The same program on the integer
 * {@link EmulatorDevice} (an ideal chip) gives the nominal value, and the ratio is the synapse's gain: exactly 1 on
 * an ideal board.
 *
 * <p>Each neuron's threshold is measured the same way from its membrane probe (Loihi 2 {@code v}, Xylo
 * {@code vmem}): one source spikes regularly into a layer whose weights all hold one value, the drive (weight over
 * input period) tried from small to large in steps of 2 %; at the first value that makes a neuron fire within the test run, its potential creeps up to the
 * threshold in small steps, and its last value before the first spike brackets the threshold from below to within
 * one such step. Its ratio to the same value on the ideal chip is the threshold factor. A neuron from rest with no
 * bias crosses {@code theta * V_th} exactly where a copy with weights divided by theta crosses {@code V_th}, so
 * {@link SynapseGains#relativeGain} folds both into one factor per synapse. The board's own weights are restored
 * afterwards.
 */
public final class SynapseGainCalibration {
  /** Xylo's synaptic current saturates at this magnitude; the test weight keeps a gain of up to 1.5 below it. */
  static final long XYLO_CURRENT_LIMIT = 32767;
  /** Threshold runs last this many trial lengths, so that a drive just above threshold has time to get there. */
  static final int THRESHOLD_RUN_FACTOR = 8;
  /** Smallest ratio between successive drives of the threshold ramp. */
  static final double RAMP_RATIO = 1.02;
  /** Longest input period of the threshold ramp, in steps. */
  static final int MAX_PERIOD = 16;

  private SynapseGainCalibration() {
  }

  /**
   * Measures every feed-forward synapse's gain and every neuron's threshold factor.
   *
   * @param board the board, with {@code config} loaded (and its mismatch set); its weights are restored to
   *     {@code held} afterwards, probing is left off
   * @param config the lowered config the board holds
   * @param codecs the per-layer weight codecs (stored ranges)
   * @param held the weights the board holds now, per config layer (row-major)
   * @param steps steps per test trial (the trial length is enough: the first delivery comes within a few steps)
   */
  public static SynapseGains measure(Device board, HardwareConfig config, List<LayerWeightCodec> codecs, int[][] held,
      long steps) {
    TargetFamily family = TargetFamily.find(config.getTarget()).orElse(null);
    if (family == null || !family.isLif()) {
      throw new IllegalArgumentException("synapse gain calibration supports loihi2 and xylo, not '" + config.getTarget() + "'");
    }
    String current = family == TargetFamily.LOIHI2 ? "u" : "isyn";
    int layers = config.getLayersCount();
    int[] test = new int[layers];
    for (int l = 0; l < layers; l++) {
      test[l] = testWeight(config, config.getLayers(l), codecs.get(l));
    }
    double[][] gains = new double[layers][];
    double[][] thresholds = new double[layers][];
    int unmeasured = 0;
    int unmeasuredThresholds = 0;
    long trials = 0;
    try (EmulatorDevice ideal = new EmulatorDevice(family)) {
      ideal.load(config);
      List<Device> both = List.of(board, ideal);
      for (Device d : both) {
        d.setProbing(true);
      }
      try {
        for (int l = 0; l < layers; l++) {
          HwLayer layer = config.getLayers(l);
          for (int m = 0; m < l - 1; m++) { // earlier layers drive hard, so that the source layer can fire
            fill(both, config.getLayers(m), driveWeight(config.getLayers(m), codecs.get(m)));
          }
          fill(both, layer, test[l]);
          gains[l] = new double[layer.getSize() * layer.getFanIn()];
          for (int j = 0; j < layer.getFanIn(); j++) {
            InputSpikes input;
            if (l == 0) {
              input = singleSpike(config, j);
            } else {
              HwLayer source = config.getLayers(l - 1);
              int[] row = new int[source.getSize() * source.getFanIn()];
              Arrays.fill(row, j * source.getFanIn(), (j + 1) * source.getFanIn(), driveWeight(source,
                  codecs.get(l - 1)));
              for (Device d : both) {
                d.writeWeights(source.getName(), WeightMatrix.FEEDFORWARD, 0, row);
              }
              input = everyStep(config, steps);
            }
            double[] chip = delivered(board.trial(input, steps), config, l, j, current);
            double[] nominal = delivered(ideal.trial(input, steps), config, l, j, current);
            trials++;
            for (int i = 0; i < layer.getSize(); i++) {
              double g = chip[i] / nominal[i];
              boolean ok = Double.isFinite(g) && g > 0.05 && g < 20;
              gains[l][i * layer.getFanIn() + j] = ok ? g : 1.0;
              if (!ok) {
                unmeasured++;
              }
            }
          }
        }
        for (int l = 0; l < layers; l++) {
          thresholds[l] = new double[config.getLayers(l).getSize()];
          Arrays.fill(thresholds[l], Double.NaN);
          trials += thresholds(board, ideal, both, config, codecs, l, steps * THRESHOLD_RUN_FACTOR, thresholds[l]);
          for (int i = 0; i < thresholds[l].length; i++) {
            if (!(thresholds[l][i] > 0.2 && thresholds[l][i] < 5)) {
              thresholds[l][i] = 1.0;
              unmeasuredThresholds++;
            }
          }
        }
      } finally {
        for (int l = 0; l < layers; l++) {
          board.writeWeights(config.getLayers(l).getName(), WeightMatrix.FEEDFORWARD, 0, held[l]);
        }
        board.setProbing(false);
      }
    }
    return new SynapseGains(gains, thresholds, unmeasured, unmeasuredThresholds, trials);
  }

  /**
   * Measures the threshold factor of every neuron of layer {@code l} into {@code out} (NaN where none fired):
   * source 0 of the layer spikes regularly, and the drives of {@link #ramp} are tried in turn; a neuron is measured,
   * on each chip, at the first drive that makes it fire there.
   *
   * @return trials run (each on both chips)
   */
  private static int thresholds(Device board, EmulatorDevice ideal, List<Device> both, HardwareConfig config,
      List<LayerWeightCodec> codecs, int l, long steps, double[] out) {
    String membrane = TargetFamily.of(config) == TargetFamily.LOIHI2 ? "v" : "vmem";
    HwLayer layer = config.getLayers(l);
    if (l > 0) {
      for (int m = 0; m < l - 1; m++) {
        fill(both, config.getLayers(m), driveWeight(config.getLayers(m), codecs.get(m)));
      }
      HwLayer source = config.getLayers(l - 1);
      int[] row = new int[source.getSize() * source.getFanIn()];
      Arrays.fill(row, 0, source.getFanIn(), driveWeight(source, codecs.get(l - 1)));
      for (Device d : both) {
        d.writeWeights(source.getName(), WeightMatrix.FEEDFORWARD, 0, row);
      }
    }
    Map<Integer, InputSpikes> inputs = new HashMap<>();
    double[] chipLast = new double[layer.getSize()];
    double[] idealLast = new double[layer.getSize()];
    Arrays.fill(chipLast, Double.NaN);
    Arrays.fill(idealLast, Double.NaN);
    int trials = 0;
    int[] source0 = new int[layer.getSize() * layer.getFanIn()];
    for (Drive drive : ramp(codecs.get(l))) {
      boolean open = false;
      for (int i = 0; i < layer.getSize(); i++) {
        open |= Double.isNaN(chipLast[i]) || Double.isNaN(idealLast[i]);
      }
      if (!open) {
        break;
      }
      for (int i = 0; i < layer.getSize(); i++) { // only column 0 (the driven source) carries the ramp weight
        source0[i * layer.getFanIn()] = drive.weight();
      }
      for (Device d : both) {
        d.writeWeights(layer.getName(), WeightMatrix.FEEDFORWARD, 0, source0);
      }
      InputSpikes input = inputs.computeIfAbsent(drive.period(), p -> l == 0 ? channelEvery(config, 0, p, steps)
          : allEvery(config, p, steps));
      lastBeforeFirstSpike(board.trial(input, steps), layer, membrane, chipLast);
      lastBeforeFirstSpike(ideal.trial(input, steps), layer, membrane, idealLast);
      trials++;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = chipLast[i] / idealLast[i];
    }
    return trials;
  }

  /**
   * One rung of the threshold ramp: the test weight, and the input spiking every {@code period} steps.
   *
   * @param weight stored weight on the driven column
   * @param period steps between input spikes
   */
  record Drive(int weight, int period) {
    double level() {
      return (double) weight / period;
    }
  }

  /**
   * Drives from the weakest to the strongest, each at least {@link #RAMP_RATIO} times the last: every positive stored
   * weight with every input period up to {@link #MAX_PERIOD}, so that the steps stay fine even where one stored
   * weight on every step already overshoots the threshold.
   */
  static List<Drive> ramp(LayerWeightCodec codec) {
    List<Drive> all = new ArrayList<>();
    for (int w = codec.granularity(); w <= codec.hi(); w += codec.granularity()) {
      for (int p = 1; p <= MAX_PERIOD; p++) {
        all.add(new Drive(w, p));
      }
    }
    all.sort(Comparator.comparingDouble(Drive::level).thenComparingInt(Drive::period));
    List<Drive> out = new ArrayList<>();
    for (Drive d : all) {
      if (out.isEmpty() || d.level() >= out.get(out.size() - 1).level() * RAMP_RATIO) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * For each neuron of {@code layer} not yet measured (NaN in {@code into}) that fired in this trace: its membrane
   * value on the step before its first spike. Spike-time jitter may report a spike one step after it was fired; the
   * probe then shows the reset membrane on that step (Loihi 2: 0; Xylo: the small overshoot left by the subtractive
   * reset of a potential that crept up to threshold), less than half the value one step earlier, and that earlier
   * value is taken. A membrane creeping up to threshold never falls by half between two steps otherwise.
   */
  private static void lastBeforeFirstSpike(Trace trace, HwLayer layer, String membrane, double[] into) {
    PopulationTrace pop = population(trace, layer.getName());
    for (StateProbe p : trace.getProbesList()) {
      if (!p.getPopulation().equals(layer.getName()) || !p.getVariable().equals(membrane)) {
        continue;
      }
      int i = p.getNeuron();
      SpikeTrain st = pop.getSpikes(i);
      if (!Double.isNaN(into[i]) || st.getStepsCount() == 0 || st.getSteps(0) < 1) {
        continue;
      }
      int first = (int) st.getSteps(0);
      long last = p.getValues(first - 1);
      if (first >= 2 && last < p.getValues(first - 2) / 2.0) { // reset: fired one step before it was reported
        last = p.getValues(first - 2);
      }
      into[i] = last;
    }
  }

  /**
   * The first non-zero synaptic current of every neuron of layer {@code l} per spike that source {@code j} sent in
   * the step that delivered it (NaN where there is none).
   */
  private static double[] delivered(Trace trace, HardwareConfig config, int l, int j, String current) {
    HwLayer layer = config.getLayers(l);
    double count = 1;
    if (l > 0) {
      PopulationTrace src = population(trace, config.getLayers(l - 1).getName());
      SpikeTrain st = src.getSpikes(j);
      if (st.getStepsCount() == 0) {
        double[] none = new double[layer.getSize()];
        Arrays.fill(none, Double.NaN);
        return none;
      }
      long first = st.getSteps(0);
      count = st.getStepsList().stream().filter(s -> s == first).count();
    }
    double[] out = new double[layer.getSize()];
    Arrays.fill(out, Double.NaN);
    for (StateProbe p : trace.getProbesList()) {
      if (p.getPopulation().equals(layer.getName()) && p.getVariable().equals(current)) {
        for (long v : p.getValuesList()) {
          if (v != 0) {
            out[p.getNeuron()] = v / count;
            break;
          }
        }
      }
    }
    return out;
  }

  private static PopulationTrace population(Trace trace, String name) {
    for (PopulationTrace p : trace.getPopulationsList()) {
      if (p.getName().equals(name)) {
        return p;
      }
    }
    throw new IllegalStateException("trace has no population '" + name + "'");
  }

  private static void fill(List<Device> devices, HwLayer layer, int value) {
    int[] w = new int[layer.getSize() * layer.getFanIn()];
    Arrays.fill(w, value);
    for (Device d : devices) {
      d.writeWeights(layer.getName(), WeightMatrix.FEEDFORWARD, 0, w);
    }
  }

  /** The largest excitatory stored weight: it makes a source layer fire when all of its inputs spike. */
  private static int driveWeight(HwLayer layer, LayerWeightCodec codec) {
    if (codec.hi() <= 0) {
      throw new IllegalArgumentException("synapse gain calibration: layer '" + layer.getName()
          + "' holds no excitatory weights (largest stored weight " + codec.hi() + "), so it cannot drive the next");
    }
    return codec.hi();
  }

  /** The weight of largest magnitude whose delivered current stays clear of saturation (Xylo) for gains up to 1.5. */
  static int testWeight(HardwareConfig config, HwLayer layer, LayerWeightCodec codec) {
    int w = codec.hi() > 0 ? codec.hi() : codec.lo();
    if (TargetFamily.of(config) == TargetFamily.XYLO) {
      long unit = 1L << layer.getXylo().getWeightShift();
      long cap = (long) Math.floor(XYLO_CURRENT_LIMIT / (1.5 * unit));
      w = (int) Math.max(-cap, Math.min(cap, w));
    }
    if (w == 0) {
      throw new IllegalArgumentException("synapse gain calibration: layer '" + layer.getName()
          + "' has no non-zero test weight in its stored range [" + codec.lo() + ", " + codec.hi() + "]");
    }
    return w;
  }

  private static InputSpikes singleSpike(HardwareConfig config, int channel) {
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(config.getNumInputs());
    for (int c = 0; c < config.getNumInputs(); c++) {
      SpikeTrain.Builder t = SpikeTrain.newBuilder();
      if (c == channel) {
        t.addSteps(0);
      }
      b.addTrains(t);
    }
    return b.build();
  }

  private static InputSpikes channelEvery(HardwareConfig config, int channel, int period, long steps) {
    List<Long> all = new ArrayList<>();
    for (long s = 0; s < steps; s += period) {
      all.add(s);
    }
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(config.getNumInputs());
    for (int c = 0; c < config.getNumInputs(); c++) {
      b.addTrains(c == channel ? SpikeTrain.newBuilder().addAllSteps(all) : SpikeTrain.newBuilder());
    }
    return b.build();
  }

  private static InputSpikes everyStep(HardwareConfig config, long steps) {
    return allEvery(config, 1, steps);
  }

  private static InputSpikes allEvery(HardwareConfig config, int period, long steps) {
    List<Long> all = new ArrayList<>();
    for (long s = 0; s < steps; s += period) {
      all.add(s);
    }
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(config.getNumInputs());
    for (int c = 0; c < config.getNumInputs(); c++) {
      b.addTrains(SpikeTrain.newBuilder().addAllSteps(all));
    }
    return b.build();
  }
}
