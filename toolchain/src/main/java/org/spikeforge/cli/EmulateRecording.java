package org.spikeforge.cli;

import java.util.ArrayList;
import java.util.List;
import org.spikeforge.emulator.ConfigException;
import org.spikeforge.emulator.EmulatorSession;
import org.spikeforge.emulator.RecordSpec;
import org.spikeforge.proto.TargetFamily;

/**
 * What {@code emulate} records, from {@code --record} and {@code --record-layer}: the spikes of the chosen layers
 * (unless {@code none}) and the chosen state variables of every neuron of those layers. Recording is opt-in
 * because a long run's trace is dominated by what is recorded, not by the emulation.
 *
 * @param spikes whether the chosen layers' spikes are recorded
 * @param layers one flag per config layer: recorded or not
 * @param probes the state probes, every neuron of every chosen layer
 */
record EmulateRecording(boolean spikes, boolean[] layers, RecordSpec probes) {
  /** The family's membrane variable, which {@code --record voltages} names. */
  static String voltage(TargetFamily family) {
    return switch (family) {
      case LOIHI2 -> "v";
      case XYLO -> "vmem";
      case THETA -> "phase";
    };
  }

  /**
   * @param what the {@code --record} items: spikes, voltages, none or state variable names
   * @param layer the {@code --record-layer} value: a layer name, {@code all}, or null for the output layers (the
   *     layers flagged output, else the last)
   * @throws ConfigException naming the option for an unknown layer or a misused {@code none}
   */
  static EmulateRecording of(List<String> what, String layer, EmulatorSession session, TargetFamily family) {
    List<String> names = session.layerNames();
    boolean[] layers = new boolean[names.size()];
    if (layer == null) {
      for (int l = 0; l < layers.length; l++) {
        layers[l] = session.isOutput(l);
      }
      boolean any = false;
      for (boolean b : layers) {
        any |= b;
      }
      if (!any) {
        layers[layers.length - 1] = true;
      }
    } else if (layer.equals("all")) {
      java.util.Arrays.fill(layers, true);
    } else {
      int l = names.indexOf(layer);
      if (l < 0) {
        throw new ConfigException("--record-layer '" + layer + "' is not a layer (layers: "
            + String.join(", ", names) + ", or all)");
      }
      layers[l] = true;
    }
    boolean none = false;
    List<String> variables = new ArrayList<>();
    for (String w : what) {
      String v = w.trim();
      switch (v) {
        case "none" -> none = true;
        case "spikes" -> { }
        case "voltages" -> variables.add(voltage(family));
        default -> variables.add(v);
      }
    }
    if (none && what.size() > 1) {
      throw new ConfigException("--record none records nothing and takes no other item, not "
          + String.join(",", what));
    }
    List<RecordSpec.Probe> probes = new ArrayList<>();
    for (int l = 0; l < layers.length; l++) {
      if (!layers[l]) {
        continue;
      }
      for (int k = 0; k < session.layerSize(l); k++) {
        for (String v : variables) {
          probes.add(new RecordSpec.Probe(names.get(l), k, v));
        }
      }
    }
    if (none) {
      java.util.Arrays.fill(layers, false);
    }
    return new EmulateRecording(!none, layers, new RecordSpec(probes));
  }
}
