package org.spikeforge.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeforge.emulator.core.Check;
import org.spikeforge.emulator.core.LayerModel;
import org.spikeforge.emulator.core.Loihi2Model;
import org.spikeforge.emulator.core.ThetaModel;
import org.spikeforge.emulator.core.ThetaTablesModel;
import org.spikeforge.emulator.core.XyloModel;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.TargetFamily;

/**
 * A {@link HardwareConfig} that passed every check, turned into primitive arrays (weights transposed so that
 * one source spike adds one contiguous column). Immutable and thread-safe; each thread runs it through its own
 * {@link EmulatorSession}.
 */
public final class CompiledConfig {
  /** Largest layer and input width the emulator accepts. */
  public static final int MAX_LAYER_SIZE = 1 << 16;
  /** Largest total neuron count. */
  public static final int MAX_NEURONS = 1 << 20;
  /** Largest {@code input_delay}. */
  public static final int MAX_INPUT_DELAY = 64;
  /** Xylo limits: input channels, hidden neurons, output neurons. */
  public static final int XYLO_MAX_INPUTS = 16;
  public static final int XYLO_MAX_HIDDEN = 1000;
  public static final int XYLO_MAX_OUTPUTS = 8;

  private final TargetFamily target;
  private final int numInputs;
  private final double dt;
  private final List<LayerWiring> wiring;
  private final List<LayerModel> models;

  private CompiledConfig(TargetFamily target, int numInputs, double dt, List<LayerWiring> wiring,
      List<LayerModel> models) {
    this.target = target;
    this.numInputs = numInputs;
    this.dt = dt;
    this.wiring = List.copyOf(wiring);
    this.models = List.copyOf(models);
  }

  /**
   * Validates {@code cfg} completely and compiles it.
   *
   * @throws ConfigException naming the first field that is wrong
   */
  public static CompiledConfig compile(HardwareConfig cfg) {
    TargetFamily target = TargetFamily.find(cfg.getTarget()).orElseThrow(() -> new ConfigException(
        "target = " + Check.quote(cfg.getTarget()) + " is unknown (expected loihi2, xylo or theta)"));
    if (!cfg.getFormatVersion().isEmpty() && !cfg.getFormatVersion().equals("1")) {
      throw new ConfigException("format_version = " + Check.quote(cfg.getFormatVersion()) + " is not supported (expected 1)");
    }
    boolean xylo = target == TargetFamily.XYLO;
    Check.range("num_inputs", cfg.getNumInputs(), 0, xylo ? XYLO_MAX_INPUTS : MAX_LAYER_SIZE);
    if (cfg.getLayersCount() == 0) {
      throw new ConfigException("layers is empty (at least one layer is needed)");
    }
    ThetaTablesModel tables = null;
    if (target == TargetFamily.THETA) {
      if (!cfg.hasThetaTables()) {
        throw new ConfigException("theta_tables is missing (required for target theta)");
      }
      tables = ThetaTablesModel.of("theta_tables", cfg.getThetaTables());
    }
    Map<String, Integer> index = new HashMap<>();
    List<LayerWiring> wiring = new ArrayList<>();
    List<LayerModel> models = new ArrayList<>();
    long neurons = 0;
    long xyloHidden = 0;
    long xyloOutputs = 0;
    for (int l = 0; l < cfg.getLayersCount(); l++) {
      HwLayer layer = cfg.getLayers(l);
      String f = "layers[" + l + "]";
      if (layer.getName().isEmpty() || layer.getName().equals("input")) {
        throw new ConfigException(f + ".name = " + Check.quote(layer.getName()) + " is not allowed (empty or \"input\")");
      }
      if (index.containsKey(layer.getName())) {
        throw new ConfigException(f + ".name = " + Check.quote(layer.getName()) + " repeats layers["
            + index.get(layer.getName()) + "]");
      }
      Check.range(f + ".size", layer.getSize(), 1, MAX_LAYER_SIZE);
      neurons += layer.getSize();
      Check.range("total neurons (up to " + f + ")", neurons, 1, MAX_NEURONS);
      int source;
      int sourceSize;
      if (layer.getSource().equals("input")) {
        source = -1;
        sourceSize = cfg.getNumInputs();
      } else {
        Integer s = index.get(layer.getSource());
        if (s == null) {
          throw new ConfigException(f + ".source = " + Check.quote(layer.getSource())
              + " is neither \"input\" nor an earlier layer");
        }
        source = s;
        sourceSize = cfg.getLayers(s).getSize();
      }
      if (layer.getFanIn() != sourceSize) {
        throw new ConfigException(f + ".fan_in = " + layer.getFanIn() + " differs from the size " + sourceSize
            + " of source " + Check.quote(layer.getSource()));
      }
      Check.range(f + ".input_delay", layer.getInputDelay(), 0, MAX_INPUT_DELAY);
      HwLayer.NeuronCase expected = target.neuronCase();
      if (layer.getNeuronCase() != expected) {
        String found = layer.getNeuronCase() == HwLayer.NeuronCase.NEURON_NOT_SET ? "(not set)"
            : layer.getNeuronCase().toString();
        throw new ConfigException(f + ".neuron = " + found + " does not match target " + target
            + " (expected " + expected + ")");
      }
      LayerModel model = switch (target) {
        case LOIHI2 -> Loihi2Model.of(f, layer);
        case XYLO -> XyloModel.of(f, layer);
        case THETA -> ThetaModel.of(f, layer, tables);
      };
      if (xylo) {
        if (layer.getOutput()) {
          xyloOutputs += layer.getSize();
          Check.range("xylo output neurons (up to " + f + ")", xyloOutputs, 0, XYLO_MAX_OUTPUTS);
        } else {
          xyloHidden += layer.getSize();
          Check.range("xylo hidden neurons (up to " + f + ")", xyloHidden, 0, XYLO_MAX_HIDDEN);
        }
      }
      index.put(layer.getName(), l);
      wiring.add(new LayerWiring(layer.getName(), source, sourceSize, layer.getInputDelay(), layer.getOutput()));
      models.add(model);
    }
    return new CompiledConfig(target, cfg.getNumInputs(), cfg.getDt(), wiring, models);
  }

  /** A fresh session (own state, reset) for running this config. */
  public EmulatorSession newSession() {
    return new EmulatorSession(this);
  }

  /** The family the config was validated for. */
  public TargetFamily target() {
    return target;
  }

  public int numInputs() {
    return numInputs;
  }

  /** Model time per step, copied into traces (never used in the update path). */
  public double dt() {
    return dt;
  }

  public int numLayers() {
    return wiring.size();
  }

  List<LayerWiring> wiring() {
    return wiring;
  }

  List<LayerModel> models() {
    return models;
  }

  /** Index of the layer named {@code name}, or -1. */
  public int layerIndex(String name) {
    for (int l = 0; l < wiring.size(); l++) {
      if (wiring.get(l).name().equals(name)) {
        return l;
      }
    }
    return -1;
  }
}
