package org.spikeforge.hw.export;

import java.util.SplittableRandom;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.TargetFamily;

/**
 * A small hand-built {@code loihi2} config (inputs -> hidden -> outputs, random 8-bit weights) for
 * exchange checks while no trained network has been lowered yet. Parameters are chosen so that
 * random input spike trains make both layers fire.
 */
public final class DemoLoihi2Config {
  private DemoLoihi2Config() {}

  public static HardwareConfig build(long seed, int inputs, int hidden, int outputs, int steps) {
    SplittableRandom rng = new SplittableRandom(seed);
    return HardwareConfig.newBuilder()
        .setTarget(TargetFamily.LOIHI2.wireName()).setFormatVersion("1").setNetworkName("demo-lif-" + seed)
        .setNumInputs(inputs).setDt(0.1).setNumSteps(steps)
        .addLayers(layer(rng, "hidden", "input", hidden, inputs, false))
        .addLayers(layer(rng, "out", "hidden", outputs, hidden, true))
        .putMetadata("built_by", "DemoLoihi2Config seed " + seed)
        .build();
  }

  /**
   * The same network with the less common fields in use: a 3-step input delay (Lava DelayDense,
   * netx {@code delay}) and a bias exponent of 7 on the first layer, weight exponent 1 and a
   * current decay of 4095 on the second.
   */
  public static HardwareConfig variant(HardwareConfig cfg) {
    HwLayer.Builder first = cfg.getLayers(0).toBuilder().setInputDelay(3);
    first.getLoihi2Builder().setBiasExp(7);
    HwLayer.Builder second = cfg.getLayers(1).toBuilder();
    second.getLoihi2Builder().setWeightExp(1).setDu(4095).setVth(600);
    return cfg.toBuilder().setNetworkName(cfg.getNetworkName() + "-variant")
        .setLayers(0, first).setLayers(1, second).build();
  }

  /**
   * A config that drives the 24-bit state to its limits: excitatory 8-bit weights scaled by
   * {@code 2^7} and no current decay make {@code u} wrap and {@code v} saturate within a few steps.
   * netx cannot carry it (weights beyond its range), Lava's process graph can.
   */
  public static HardwareConfig saturating(HardwareConfig cfg) {
    HwLayer.Builder first = cfg.getLayers(0).toBuilder().clearWeights();
    for (int w : cfg.getLayers(0).getWeightsList()) {
      first.addWeights(Math.min(255, Math.abs(w) * 2));
    }
    first.getLoihi2Builder().setSignMode(3).setWeightExp(7).setDu(0).setDv(0).setVth((1 << 17) - 1);
    HwLayer.Builder second = cfg.getLayers(1).toBuilder();
    second.getLoihi2Builder().setWeightExp(5).setVth(20000);
    return cfg.toBuilder().setNetworkName(cfg.getNetworkName() + "-saturating")
        .setLayers(0, first).setLayers(1, second).build();
  }

  private static HwLayer layer(SplittableRandom rng, String name, String source, int size, int fanIn, boolean output) {
    HwLayer.Builder l = HwLayer.newBuilder().setName(name).setSource(source).setSize(size)
        .setFanIn(fanIn).setOutput(output).setInputDelay(1);
    for (int i = 0; i < size * fanIn; i++) {
      l.addWeights(rng.nextInt(-100, 128));
    }
    Loihi2Lif.Builder p = Loihi2Lif.newBuilder().setDu(1024).setDv(512).setVth(300)
        .setBiasExp(6).setWeightExp(0).setNumWeightBits(8).setSignMode(2);
    for (int i = 0; i < size; i++) {
      p.addBiasMant(rng.nextInt(-2, 5));
    }
    return l.setLoihi2(p).build();
  }
}
