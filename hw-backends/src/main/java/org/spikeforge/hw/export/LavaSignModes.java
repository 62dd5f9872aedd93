package org.spikeforge.hw.export;

import java.util.Arrays;

/**
 * Dense weights in a form Lava loads correctly without a {@code sign_mode} argument. Lava's Dense
 * takes {@code sign_mode} as a {@code lava.utils.weightutils.SignMode} enum member; a plain integer
 * passed in its place is truthy but equal to no member, so Lava's bit-accurate model clips every
 * weight to {@code [0, 255]}, silently. The exported graph therefore leaves {@code sign_mode} out:
 * Lava then infers it from the weights ({@code determine_sign_mode}: none negative EXCITATORY, none
 * positive INHIBITORY, else MIXED), and {@code num_weight_bits} is chosen so that this inferred
 * mode loads the same weights as the config's mode.
 */
final class LavaSignModes {
  private LavaSignModes() {}

  /**
   * The {@code num_weight_bits} under which Lava, inferring the sign mode from {@code w}, loads the
   * same weights as the config's {@code signMode} (hardware.proto numbering, 0 = infer) with
   * {@code bits}; {@code bits} itself when it works, -1 when no bit count does.
   */
  static int bitsWithoutSignMode(int[] w, int signMode, int bits) {
    if (signMode == 0 || sameLoad(w, signMode, bits, bits)) {
      return bits;
    }
    for (int b = 1; b <= 8; b++) {
      if (sameLoad(w, signMode, bits, b)) {
        return b;
      }
    }
    return -1;
  }

  /** Whether Lava's load of {@code w} with an inferred sign mode and {@code lavaBits} equals the config's. */
  static boolean sameLoad(int[] w, int signMode, int bits, int lavaBits) {
    int configMode = signMode == 0 ? LavaWeightLoad.inferSignMode(w) : LavaNames.toLavaSignMode(signMode);
    return Arrays.equals(LavaWeightLoad.effective(w, configMode, bits),
        LavaWeightLoad.effective(w, LavaWeightLoad.inferSignMode(w), lavaBits));
  }

  /** Lava's name of a sign mode in hardware.proto numbering, for messages. */
  static String name(int signMode) {
    return switch (signMode) {
      case 1 -> "NULL";
      case 2 -> "MIXED";
      case 3 -> "EXCITATORY";
      case 4 -> "INHIBITORY";
      default -> "inferred";
    };
  }
}
