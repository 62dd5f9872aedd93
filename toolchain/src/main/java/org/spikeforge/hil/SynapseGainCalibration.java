package org.spikeforge.hil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spikeforge.hw.device.Device;
import org.spikeforge.hw.device.WeightMatrix;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.StateProbe;
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
 * an ideal board. The board's own weights are restored afterwards.
 */
public final class SynapseGainCalibration {
  /** Xylo's synaptic current saturates at this magnitude; the test weight keeps a gain of up to 1.5 below it. */
  static final long XYLO_CURRENT_LIMIT = 32767;

  private SynapseGainCalibration() {
  }

  /**
   * Measures every feed-forward synapse's gain.
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
    String family = config.getTarget();
    if (!family.equals("loihi2") && !family.equals("xylo")) {
      throw new IllegalArgumentException("synapse gain calibration supports loihi2 and xylo, not '" + family + "'");
    }
    String current = family.equals("loihi2") ? "u" : "isyn";
    int layers = config.getLayersCount();
    int[] test = new int[layers];
    for (int l = 0; l < layers; l++) {
      test[l] = testWeight(config, config.getLayers(l), codecs.get(l));
    }
    double[][] gains = new double[layers][];
    int unmeasured = 0;
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
          for (int m = 0; m < layers; m++) {
            if (m < l - 1) {
              fill(both, config.getLayers(m), driveWeight(config.getLayers(m), codecs.get(m)));
            }
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
      } finally {
        for (int l = 0; l < layers; l++) {
          board.writeWeights(config.getLayers(l).getName(), WeightMatrix.FEEDFORWARD, 0, held[l]);
        }
        board.setProbing(false);
      }
    }
    return new SynapseGains(gains, unmeasured, trials);
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
    if (config.getTarget().equals("xylo")) {
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

  private static InputSpikes everyStep(HardwareConfig config, long steps) {
    List<Long> all = new ArrayList<>();
    for (long s = 0; s < steps; s++) {
      all.add(s);
    }
    InputSpikes.Builder b = InputSpikes.newBuilder().setChannels(config.getNumInputs());
    for (int c = 0; c < config.getNumInputs(); c++) {
      b.addTrains(SpikeTrain.newBuilder().addAllSteps(all));
    }
    return b.build();
  }
}
