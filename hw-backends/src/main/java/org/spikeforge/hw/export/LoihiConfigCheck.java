package org.spikeforge.hw.export;

import java.util.HashMap;
import java.util.Map;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.TargetFamily;

/** Checks that a config is a well-formed {@code loihi2} config before it is exported. */
final class LoihiConfigCheck {
  private LoihiConfigCheck() {}

  /** Throws naming {@code where} and the first field that breaks the loihi2 contract. */
  static void requireLoihi2(HardwareConfig cfg, String where) {
    if (TargetFamily.find(cfg.getTarget()).orElse(null) != TargetFamily.LOIHI2) {
      throw new BadExchangeFileException(where, "target",
          "is \"" + cfg.getTarget() + "\"; Lava and netx exports need a loihi2 config");
    }
    if (cfg.getNumInputs() <= 0) {
      throw new BadExchangeFileException(where, "num_inputs", "must be > 0, is " + cfg.getNumInputs());
    }
    if (cfg.getNumSteps() <= 0) {
      throw new BadExchangeFileException(where, "num_steps", "must be > 0, is " + cfg.getNumSteps());
    }
    if (cfg.getLayersCount() == 0) {
      throw new BadExchangeFileException(where, "layers", "is empty");
    }
    Map<String, Integer> sizes = new HashMap<>();
    sizes.put("input", cfg.getNumInputs());
    for (int i = 0; i < cfg.getLayersCount(); i++) {
      HwLayer l = cfg.getLayers(i);
      String f = "layers[" + i + "]";
      if (l.getName().isEmpty() || sizes.containsKey(l.getName())) {
        throw new BadExchangeFileException(where, f + ".name", "must be non-empty and unique, is \"" + l.getName() + "\"");
      }
      if (l.getNeuronCase() != HwLayer.NeuronCase.LOIHI2) {
        throw new BadExchangeFileException(where, f + ".neuron", "is " + l.getNeuronCase() + ", expected loihi2");
      }
      if (l.getSize() <= 0) {
        throw new BadExchangeFileException(where, f + ".size", "must be > 0, is " + l.getSize());
      }
      Integer srcSize = sizes.get(l.getSource());
      if (srcSize == null) {
        throw new BadExchangeFileException(where, f + ".source", "\"" + l.getSource() + "\" is not input or an earlier layer");
      }
      if (l.getFanIn() != srcSize) {
        throw new BadExchangeFileException(where, f + ".fan_in", "is " + l.getFanIn() + " but source has " + srcSize);
      }
      boolean dense = l.getConnectivityCase() == org.spikeforge.proto.HwLayer.ConnectivityCase.CONNECTIVITY_NOT_SET;
      if (dense && l.getWeightsCount() != l.getSize() * l.getFanIn()) {
        throw new BadExchangeFileException(where, f + ".weights",
            "has " + l.getWeightsCount() + " entries, expected size*fan_in = " + l.getSize() * l.getFanIn());
      }
      int rec = l.getRecurrentWeightsCount();
      if (rec != 0 && rec != l.getSize() * l.getSize()) {
        throw new BadExchangeFileException(where, f + ".recurrent_weights", "has " + rec + " entries, expected 0 or size^2");
      }
      if (l.getInputDelay() < 1 || l.getInputDelay() > 63) {
        throw new BadExchangeFileException(where, f + ".input_delay",
            "is " + l.getInputDelay() + "; Lava's Dense delays by 1 step, DelayDense adds up to 62 more, so 1..63");
      }
      Loihi2Lif p = l.getLoihi2();
      range(where, f + ".loihi2.du", p.getDu(), 0, 4095);
      range(where, f + ".loihi2.dv", p.getDv(), 0, 4095);
      range(where, f + ".loihi2.vth", p.getVth(), 0, (1 << 17) - 1);
      range(where, f + ".loihi2.num_weight_bits", p.getNumWeightBits(), 1, 8);
      range(where, f + ".loihi2.sign_mode", p.getSignMode(), 1, 4);
      range(where, f + ".loihi2.weight_exp", p.getWeightExp(), -8, 7);
      range(where, f + ".loihi2.bias_exp", p.getBiasExp(), -7, 7);
      for (int b : p.getBiasMantList()) {
        range(where, f + ".loihi2.bias_mant", b, -4096, 4095);
      }
      perNeuron(where, f + ".loihi2.bias_mant", p.getBiasMantCount(), l.getSize());
      perNeuron(where, f + ".loihi2.u_init", p.getUInitCount(), l.getSize());
      perNeuron(where, f + ".loihi2.v_init", p.getVInitCount(), l.getSize());
      sizes.put(l.getName(), l.getSize());
    }
  }

  private static void range(String where, String field, long value, long lo, long hi) {
    if (value < lo || value > hi) {
      throw new BadExchangeFileException(where, field, "is " + value + ", allowed " + lo + ".." + hi);
    }
  }

  private static void perNeuron(String where, String field, int count, int size) {
    if (count != 0 && count != size) {
      throw new BadExchangeFileException(where, field, "has " + count + " entries, expected 0 or " + size);
    }
  }
}
