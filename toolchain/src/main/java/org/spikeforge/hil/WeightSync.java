package org.spikeforge.hil;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.hw.device.Device;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * The two float networks of a hardware-in-the-loop run and the board weights between them: the shadow (the float
 * weights the optimizer updates) and the effective network (the weights the board holds, dequantized, times the
 * measured synapse gains, used for the replay). {@link #sync()} carries the shadow to the board: clamp to the stored
 * range, re-quantize with the frozen per-layer codec, write only the changed integers ({@link DeviceWeightWriter}) and
 * refresh the effective weights.
 */
final class WeightSync {
  private final HardwareConfig config;
  private final TtfsNetwork shadow;
  private final TtfsNetwork effective;
  private final List<LayerWeightCodec> codecs;
  private final DeviceWeightWriter writer;
  /** Per config layer: where its stored entries live in the shadow and on the board. */
  private final StoredLayer[] layout;
  private SynapseGains gains;
  private SynapseGains measured;
  private double[] incoming;

  /**
   * @param device a board with {@code config} loaded
   * @param config the lowered config; its weights are what the board holds now
   * @param network the float network the config was lowered from; shadow and effective start as copies of it
   */
  WeightSync(Device device, HardwareConfig config, TtfsNetwork network) {
    this.config = config;
    this.shadow = network.withParameters(network.parameters());
    this.effective = network.withParameters(network.parameters());
    this.codecs = WeightCodecs.of(config, network.neuron().tau(), network.neuron().threshold());
    List<String> names = new ArrayList<>();
    int[][] held = new int[config.getLayersCount()][];
    this.layout = new StoredLayer[config.getLayersCount()];
    for (int l = 0; l < config.getLayersCount(); l++) {
      names.add(config.getLayers(l).getName());
      held[l] = StoredLayer.stored(config.getLayers(l));
      layout[l] = StoredLayer.of(config.getLayers(l), network, l + 1);
    }
    this.writer = new DeviceWeightWriter(device, names, held, layout);
    this.incoming = shadow.parameters().clone();
  }

  /**
   * Puts back the network that came in, programmed as epoch 0 measured it (the incoming shadow, no gains), so that a
   * run whose updates did not beat it on validation hands it back unchanged. Returns the weights written.
   */
  long restoreIncoming() {
    gains = null;
    System.arraycopy(incoming, 0, shadow.parameters(), 0, incoming.length);
    return sync();
  }

  /**
   * Sets the shadow weights to the board's dequantized weights (the middle of each quantization bin), so that an
   * integer changes only after the updates have moved its shadow half a step ({@link HilSettings#shadowFromBoard}).
   */
  void startFromBoard() {
    double[] p = shadow.parameters();
    for (int l = 1; l <= shadow.numLayers(); l++) {
      StoredLayer s = layout[l - 1];
      int[] held = writer.held(l - 1);
      for (int k = 0; k < s.count; k++) {
        if (s.param[k] >= 0) {
          p[s.param[k]] = codecs.get(l - 1).decode(held[k], s.row[k]);
        }
      }
    }
    incoming = p.clone();
  }

  TtfsNetwork shadow() {
    return shadow;
  }

  TtfsNetwork effective() {
    return effective;
  }

  List<LayerWeightCodec> codecs() {
    return codecs;
  }

  /** Weights the board holds for config layer l (row-major; live view). */
  int[] held(int layer) {
    return writer.held(layer);
  }

  /** A copy of every layer's held weights. */
  int[][] heldCopy() {
    int[][] h = new int[config.getLayersCount()][];
    for (int l = 0; l < h.length; l++) {
      h[l] = writer.held(l).clone();
    }
    return h;
  }

  /** The measured synapse gains the program compensates (null: none). */
  SynapseGains gains() {
    return gains;
  }

  /** The gains last measured (kept for the report when {@link #restoreIncoming} stops programming them). */
  SynapseGains measuredGains() {
    return measured;
  }

  /** Whether some layer stores shared entries (a conv kernel or a pool weight stands for many board synapses). */
  boolean sharesWeights() {
    for (StoredLayer s : layout) {
      if (s.shared()) {
        return true;
      }
    }
    return false;
  }

  /**
   * From the next {@link #sync()} on, program each weight as target / gain (null: as the targets). Per-synapse gains
   * need one stored integer per synapse, so a net with shared kernels takes none.
   */
  void useGains(SynapseGains g) {
    if (g != null && sharesWeights()) {
      throw new IllegalArgumentException("per-synapse gains cannot be programmed into shared conv kernels");
    }
    this.gains = g;
    this.measured = g;
  }

  /**
   * Clamps the shadow weights to what the stored range can represent, re-quantizes every layer with its frozen
   * codec, writes the changed integers and refreshes the replay network's weights.
   *
   * @return weights written
   */
  long sync() {
    double[] p = shadow.parameters();
    double[] e = effective.parameters();
    long written = 0;
    for (int l = 1; l <= shadow.numLayers(); l++) {
      LayerWeightCodec codec = codecs.get(l - 1);
      StoredLayer s = layout[l - 1];
      int[] held = writer.held(l - 1);
      int[] next = new int[s.count];
      for (int k = 0; k < s.count; k++) {
        int f = s.param[k];
        if (f < 0) { // a pool's fixed weight
          next[k] = held[k];
          continue;
        }
        double g = gains == null ? 1.0 : gains.relativeGain(l - 1, k);
        int i = s.row[k];
        p[f] = Math.max(codec.minWeight(i) * g, Math.min(codec.maxWeight(i) * g, p[f]));
        next[k] = codec.encode(p[f] / g, i);
      }
      written += writer.update(l - 1, next);
      for (int k = 0; k < s.count; k++) {
        if (s.param[k] >= 0) {
          double g = gains == null ? 1.0 : gains.relativeGain(l - 1, k);
          e[s.param[k]] = codec.decode(next[k], s.row[k]) * g;
        }
      }
      int so = shadow.initialStateOffset(l);
      System.arraycopy(p, so, e, so, shadow.initialStateCount(l));
    }
    return written;
  }

  /** The lowered config with the weights the board holds now (after a gain calibration: for this board only). */
  HardwareConfig programmed() {
    HardwareConfig.Builder b = config.toBuilder();
    for (int l = 0; l < config.getLayersCount(); l++) {
      StoredLayer.setStored(b.getLayersBuilder(l), writer.held(l));
    }
    return b.build();
  }

  /**
   * The config an ideal chip needs to act as the board does now: {@link #programmed()}, or, with gains, the shadow
   * weights encoded without them (the targets the compensated program realises on the board).
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
}
