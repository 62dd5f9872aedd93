package org.spikeforge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeforge.emulator.Configs.config;
import static org.spikeforge.emulator.Configs.input;
import static org.spikeforge.emulator.Configs.layer;
import static org.spikeforge.emulator.Configs.lif;
import static org.spikeforge.emulator.Configs.spikes;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.HwConv2d;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.HwMapShape;
import org.spikeforge.proto.HwSumPool2d;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Trace;

/**
 * Conv and pool connectivity on the emulator, every expected number worked out by hand from the HwConv2d rule
 * (target (o, y, x) reads source (i, 2y - 1 + ky, 2x - 1 + kx) here) and the loihi2 rules. The kernels are
 * asymmetric and the pool input is not square, so a transposed kernel or swapped (h, w) gives other numbers.
 */
class ConvGoldenTest {
  static HwMapShape shape(int c, int h, int w) {
    return HwMapShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
  }

  /** Kernel (out 2, in 1, 3, 3), rows ky, columns kx; even values so MIXED truncation (k = 1) keeps them. */
  static final int[] KERNEL = {
      2, 4, 6, 8, 10, 12, 14, 16, 18,   // out channel 0
      -20, 0, 0, 0, 0, 40, 0, 60, 0};   // out channel 1

  static HwConv2d.Builder conv() {
    HwConv2d.Builder c = HwConv2d.newBuilder().setInShape(shape(1, 5, 5)).setOutShape(shape(2, 3, 3))
        .setKernelH(3).setKernelW(3).setStrideH(2).setStrideW(2).setPadH(1).setPadW(1);
    for (int k : KERNEL) {
      c.addKernel(k);
    }
    return c;
  }

  /** 5x5 input, one channel: channel (y, x) is y * 5 + x. */
  static InputSpikes pixels(int[][] yxStep) {
    long[][] trains = new long[25][0];
    for (int[] e : yxStep) {
      trains[e[0] * 5 + e[1]] = new long[] {e[2]};
    }
    return input(trains);
  }

  @Test
  void threeByThreeKernelStrideTwoPadOneOnFiveByFive() {
    // out = (5 + 2 - 3) / 2 + 1 = 3 per side. Neuron index (o * 3 + y) * 3 + x.
    // du = 4095: u(t) = a(t) << 6 holds one step's input; input_delay 1: spikes of step t arrive at t + 1.
    // dv = 4095: v(t) = trunc0(v(t-1) / 4096) + u(t) = u(t) while |v| < 4096. vth 30 -> threshold 1920.
    // Step 0, pixel (0, 1): ky = 0 - 2y + 1 -> y = 0, ky = 1; kx = 1 - 2x + 1 -> x = 0 (kx 2), x = 1 (kx 0).
    //   o0: n0 += k[1][2] = 12, n1 += k[1][0] = 8;  o1: n9 += 40, n10 += 0.
    // Step 0, pixel (4, 2): ky = 5 - 2y -> y = 2, ky = 1; kx = 3 - 2x -> x = 1, kx = 1.
    //   o0: n7 += k[1][1] = 10;  o1: n16 += 0.
    // Step 1, pixel (1, 2): ky = 2 - 2y -> y = 0 (ky 2), y = 1 (ky 0); kx = 3 - 2x -> x = 1 (kx 1).
    //   o0: n1 += k[2][1] = 16, n4 += k[0][1] = 4;  o1: n10 += 60, n13 += 0.
    // u(1) = 64 * {n0 12, n1 8, n7 10, n9 40}; u(2) = 64 * {n1 16, n4 4, n10 60}.
    // v(1) of n9 = 2560 > 1920: spike at 1. v(2) of n10 = 3840 > 1920: spike at 2. No other v exceeds 1920.
    HardwareConfig cfg = config("loihi2", 25,
        layer("c", "input", 18, 25, 1).setConv2D(conv()).setLoihi2(lif(4095, 4095, 30).setSignMode(2)));
    InputSpikes in = pixels(new int[][] {{0, 1, 0}, {4, 2, 0}, {1, 2, 1}});
    List<RecordSpec.Probe> probes = new ArrayList<>();
    for (int n = 0; n < 18; n++) {
      probes.add(new RecordSpec.Probe("c", n, "u"));
    }
    Trace t = Emulator.run(cfg, in, 3, new RecordSpec(probes));
    long[][] expectedU = new long[18][3];
    expectedU[0][1] = 12 * 64;
    expectedU[1][1] = 8 * 64;
    expectedU[7][1] = 10 * 64;
    expectedU[9][1] = 40 * 64;
    expectedU[1][2] = 16 * 64;
    expectedU[4][2] = 4 * 64;
    expectedU[10][2] = 60 * 64;
    for (int n = 0; n < 18; n++) {
      List<Long> u = new ArrayList<>();
      for (long x : expectedU[n]) {
        u.add(x);
      }
      assertEquals(u, t.getProbes(n).getValuesList(), "u of neuron " + n);
      List<Long> expectedSpikes = n == 9 ? List.of(1L) : n == 10 ? List.of(2L) : List.of();
      assertEquals(expectedSpikes, spikes(t, "c", n), "spikes of neuron " + n);
    }
  }

  @Test
  void sumPoolOnANonSquareMapAddsItsWeightPerWindowSpike() {
    // Source 1 x 2 x 4 (height 2, width 4): channel y * 4 + x. Pool 2x2, stride 2 -> out 1 x 1 x 2.
    // Step 0: pixels (0, 3) and (1, 2) lie in window x = 1; (0, 0) in window x = 0. Weight 6 each.
    // u(1) = 64 * {n0 6, n1 12} = {384, 768}; vth 8 -> 512: only n1 spikes, at step 1.
    // Read as 4 x 2 (swapped h, w) the windows would be other pixel sets.
    HardwareConfig cfg = config("loihi2", 8,
        layer("p", "input", 2, 8, 1).setSumPool2D(HwSumPool2d.newBuilder().setInShape(shape(1, 2, 4))
            .setOutShape(shape(1, 1, 2)).setKernelH(2).setKernelW(2).setStrideH(2).setStrideW(2).setWeight(6))
            .setLoihi2(lif(4095, 4095, 8)));
    long[] at0 = {0};
    long[] none = {};
    InputSpikes in = input(at0, none, none, at0, none, none, at0, none);
    Trace t = Emulator.run(cfg, in, 2, RecordSpec.of(new RecordSpec.Probe("p", 0, "u"),
        new RecordSpec.Probe("p", 1, "u")));
    assertEquals(List.of(0L, 384L), t.getProbes(0).getValuesList());
    assertEquals(List.of(0L, 768L), t.getProbes(1).getValuesList());
    assertEquals(List.of(), spikes(t, "p", 0));
    assertEquals(List.of(1L), spikes(t, "p", 1));
  }

  @Test
  void theSameMatrixWrittenDenseRunsIdentically() {
    // An independent expansion: loop over sources and kernel taps instead of targets.
    int[] dense = new int[18 * 25];
    for (int iy = 0; iy < 5; iy++) {
      for (int ix = 0; ix < 5; ix++) {
        for (int ky = 0; ky < 3; ky++) {
          for (int kx = 0; kx < 3; kx++) {
            int y2 = iy + 1 - ky;
            int x2 = ix + 1 - kx;
            if (y2 % 2 != 0 || x2 % 2 != 0 || y2 < 0 || x2 < 0 || y2 / 2 > 2 || x2 / 2 > 2) {
              continue;
            }
            for (int o = 0; o < 2; o++) {
              dense[((o * 3 + y2 / 2) * 3 + x2 / 2) * 25 + iy * 5 + ix] = KERNEL[(o * 3 + ky) * 3 + kx];
            }
          }
        }
      }
    }
    HardwareConfig convCfg = config("loihi2", 25,
        layer("c", "input", 18, 25, 1).setConv2D(conv()).setLoihi2(lif(400, 300, 2).setSignMode(2)));
    HardwareConfig denseCfg = config("loihi2", 25,
        layer("c", "input", 18, 25, 1, dense).setLoihi2(lif(400, 300, 2).setSignMode(2)));
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    long[][] trains = new long[25][];
    for (int c = 0; c < 25; c++) {
      trains[c] = r.longs(4, 0, 20).toArray();
    }
    InputSpikes in = input(trains);
    Trace a = Emulator.run(convCfg, in, 20, RecordSpec.none());
    Trace b = Emulator.run(denseCfg, in, 20, RecordSpec.none());
    assertEquals(b.getPopulationsList(), a.getPopulationsList());
    assertTrue(a.getPopulations(0).getSpikesList().stream().mapToInt(s -> s.getStepsCount()).sum() > 10);
  }

  @Test
  void malformedConvFieldsAreNamed() {
    record Case(String expected, HwLayer.Builder layer) {}
    List<Case> cases = List.of(
        new Case("layers[0].conv2d.kernel has 17 entries, expected 18",
            layer("c", "input", 18, 25, 1).setConv2D(conv().clearKernel().addAllKernel(
                java.util.Arrays.stream(KERNEL).skip(1).boxed().toList()))),
        new Case("layers[0].conv2d.kernel[3] = 300 is out of range [-256, 255]",
            layer("c", "input", 18, 25, 1).setConv2D(conv().setKernel(3, 300))),
        new Case("layers[0].conv2d.stride_h = 0 is out of range [1, 65536]",
            layer("c", "input", 18, 25, 1).setConv2D(conv().setStrideH(0))),
        new Case("layers[0].conv2d.pad_w = 3 is out of range [0, 2]",
            layer("c", "input", 18, 25, 1).setConv2D(conv().setPadW(3))),
        new Case("layers[0].conv2d.out_shape.width = 3, expected (in_shape.width + 2 pad_w - kernel_w) / stride_w + 1 = 5",
            layer("c", "input", 18, 25, 1).setConv2D(conv().setStrideW(1))),
        new Case("layers[0].conv2d.in_shape = 1 x 5 x 4 = 20 neurons, expected fan_in = 25",
            layer("c", "input", 18, 25, 1).setConv2D(conv().setInShape(shape(1, 5, 4)))),
        new Case("layers[0].weights has 1 entries, expected 0",
            layer("c", "input", 18, 25, 1, 4).setConv2D(conv())));
    for (Case c : cases) {
      HardwareConfig cfg = config("loihi2", 25, c.layer().setLoihi2(lif(0, 0, 1).setSignMode(2)));
      ConfigException e = assertThrows(ConfigException.class, () -> Emulator.compile(cfg));
      assertTrue(e.getMessage().startsWith(c.expected()), e.getMessage());
    }
  }
}
