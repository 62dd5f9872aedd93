package org.spikeforge.emulator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;
import org.spikeforge.proto.ThetaPhase;
import org.spikeforge.proto.XyloIaf;

/**
 * Truncated and randomly mutated serialized configs (seeded) go through parse, validation and a short run.
 * The only exception allowed out is {@link ConfigException}, with a one-line message naming the origin.
 */
class LoaderFuzzTest {
  private static final int MUTATIONS = 2000;

  static HardwareConfig base(String target) {
    HardwareConfig.Builder b = HardwareConfig.newBuilder().setTarget(target).setFormatVersion("1").setNumInputs(3)
        .setDt(1.0).putMetadata("k", "v");
    HwLayer.Builder h = Configs.layer("hidden", "input", 4, 3, target.equals("xylo") ? 0 : 1,
        1, -2, 3, 4, 5, -6, 7, 8, 9, 10, -11, 12);
    HwLayer.Builder o = Configs.layer("out", "hidden", 2, 4, 1, 3, 4, 5, 6, -7, 8, 9, 10).setOutput(true);
    for (int i = 0; i < 16; i++) {
      h.addRecurrentWeights(i % 5 - 2);
    }
    switch (target) {
      case "loihi2" -> {
        h.setLoihi2(Loihi2Lif.newBuilder().setDu(100).setDv(200).setVth(3).addAllBiasMant(
            java.util.List.of(1, 2, -3, 4)).setBiasExp(2).setNumWeightBits(6).setSignMode(2).setWeightExp(1));
        o.setLoihi2(Loihi2Lif.newBuilder().setDu(4095).setDv(0).setVth(1));
      }
      case "xylo" -> {
        h.setXylo(XyloIaf.newBuilder().setDashSyn(2).setDashMem(3).addAllThreshold(java.util.List.of(3, 4, 5, 6))
            .addAllBias(java.util.List.of(1, 0, -1, 2)).setWeightShift(2));
        o.setXylo(XyloIaf.newBuilder().setDashSyn(1).setDashMem(1).addThreshold(5).addThreshold(9));
      }
      default -> {
        b.setThetaTables(ThetaGoldenTest.tables());
        h.setTheta(ThetaPhase.newBuilder().addAllPhaseInit(java.util.List.of(0, 3, 7, 15)));
        o.setTheta(ThetaPhase.getDefaultInstance());
      }
    }
    return b.addLayers(h).addLayers(o).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"loihi2", "xylo", "theta"})
  void mutatedBytesOnlyEverFailWithConfigException(String target) {
    byte[] good = base(target).toByteArray();
    // The unmutated config must load and run, or the test would prove nothing.
    Emulator.compile(base(target)).newSession().run(Configs.silent(3), 5, RecordSpec.none());
    SplittableRandom rnd = new SplittableRandom(20261123L + target.hashCode());
    int accepted = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] bytes = mutate(good, rnd);
      String origin = target + "-mutation-" + i;
      try {
        CompiledConfig c = ConfigLoader.compile(bytes, origin);
        EmulatorSession s = c.newSession();
        long[][] trains = new long[c.numInputs()][];
        for (int ch = 0; ch < trains.length; ch++) {
          trains[ch] = new long[] {rnd.nextInt(8), rnd.nextInt(8), rnd.nextInt(8)};
        }
        s.run(Configs.input(trains), 12, RecordSpec.none());
        accepted++;
      } catch (ConfigException e) {
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().startsWith(origin + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
      } catch (RuntimeException | Error e) {
        fail(origin + " (bytes " + Arrays.toString(bytes) + ") threw " + e, e);
      }
    }
    // Some mutations (e.g. in metadata or dt) leave a valid config; both paths must have been exercised.
    assertTrue(accepted > 0 && accepted < MUTATIONS, "accepted " + accepted);
  }

  static byte[] mutate(byte[] good, SplittableRandom rnd) {
    byte[] b = good.clone();
    switch (rnd.nextInt(5)) {
      case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
      case 1 -> {
        int flips = 1 + rnd.nextInt(4);
        for (int k = 0; k < flips; k++) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 2 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      case 3 -> {
        int at = rnd.nextInt(b.length + 1);
        byte[] ins = new byte[1 + rnd.nextInt(6)];
        for (int k = 0; k < ins.length; k++) {
          ins[k] = (byte) rnd.nextInt(256);
        }
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        b = out;
      }
      default -> {
        int from = rnd.nextInt(b.length);
        int len = 1 + rnd.nextInt(Math.min(8, b.length - from));
        int at = rnd.nextInt(b.length - len + 1);
        System.arraycopy(good, from, b, at, len);
      }
    }
    return b;
  }
}
