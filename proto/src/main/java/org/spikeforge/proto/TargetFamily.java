package org.spikeforge.proto;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The hardware families a {@link HardwareConfig} can be lowered for, typed. The schema keeps
 * {@code HardwareConfig.target} a string (the C board and files already written read it that way);
 * this enum is the one place that string is spelled, so code compares families with {@code ==} and
 * switches over them exhaustively instead of comparing literals. It lives beside the generated
 * messages because the emulator, hw-backends and the toolchain all stand on {@code proto} and must
 * agree on the names without depending on one another.
 */
public enum TargetFamily {
  /** Intel Loihi 2 CUBA-LIF compartments (Lava bit-accurate semantics). */
  LOIHI2("loihi2", HwLayer.NeuronCase.LOIHI2),
  /** SynSense Xylo IAF neurons. */
  XYLO("xylo", HwLayer.NeuronCase.XYLO),
  /** Our digital theta core. */
  THETA("theta", HwLayer.NeuronCase.THETA);

  private final String wireName;
  private final HwLayer.NeuronCase neuronCase;

  TargetFamily(String wireName, HwLayer.NeuronCase neuronCase) {
    this.wireName = wireName;
    this.neuronCase = neuronCase;
  }

  /** The name users type after {@code --target} and {@code HardwareConfig.target} stores: "loihi2", "xylo", "theta". */
  public String wireName() {
    return wireName;
  }

  /** The {@code HwLayer.neuron} case every layer of a config of this family must set. */
  public HwLayer.NeuronCase neuronCase() {
    return neuronCase;
  }

  /** True for the LIF families (loihi2, xylo), whose configs carry integer current and membrane decays. */
  public boolean isLif() {
    return this != THETA;
  }

  /** The wire name, so messages and picocli's default-value display show what users type. */
  @Override
  public String toString() {
    return wireName;
  }

  /** The family spelled {@code name} (exact wire name), or empty. */
  public static Optional<TargetFamily> find(String name) {
    for (TargetFamily f : values()) {
      if (f.wireName.equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * The family spelled {@code name}.
   *
   * @throws IllegalArgumentException "unknown target 'x' (choose loihi2, xylo, theta)"
   */
  public static TargetFamily parse(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown target " + (name == null ? "(none)" : "'" + name + "'") + " (choose " + choices(values()) + ")"));
  }

  /** The family of a lowered config, read once at the boundary; an unknown string gets {@link #parse}'s message. */
  public static TargetFamily of(HardwareConfig config) {
    return parse(config.getTarget());
  }

  /** The wire names joined by ", ", for one-line messages: "loihi2, xylo, theta". */
  public static String choices(TargetFamily... families) {
    return Arrays.stream(families).map(TargetFamily::wireName).collect(Collectors.joining(", "));
  }
}
