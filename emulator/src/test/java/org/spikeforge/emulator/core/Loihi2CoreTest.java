package org.spikeforge.emulator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikeforge.proto.HwLayer;
import org.spikeforge.proto.Loihi2Lif;

/**
 * The loihi2 core lists delivered sources and sums their weight columns in batches at update; these vectors
 * check every batch remainder and the flush when a step delivers more sources than the list holds.
 *
 * <p>The layer is one neuron with du = 4095 (u decay factor 0: u = a * 64 after every step) and dv = 4095
 * (v decay factor 1/4096, which truncates any |v| < 4096 to 0, so v = u), mixed sign, 8 weight bits (even
 * weights survive the one-bit truncation) and vth at its maximum (no spikes).
 */
class Loihi2CoreTest {
  private static LayerCore core(int... weights) {
    HwLayer.Builder l = HwLayer.newBuilder().setName("n").setSource("input").setSize(1).setFanIn(weights.length)
        .setLoihi2(Loihi2Lif.newBuilder().setDu(4095).setDv(4095).setVth((1 << 17) - 1).setNumWeightBits(8)
            .setSignMode(Loihi2Model.SIGN_MIXED));
    for (int w : weights) {
      l.addWeights(w);
    }
    return Loihi2Model.of("layers[0]", l.build()).newCore();
  }

  @Test
  void everyBatchRemainderSumsTheDeliveredColumns() {
    // w_s = (-1)^s * 2 (s + 1); the sum over s < n is n + 1 for odd n and -n for even n.
    int[] w = {2, -4, 6, -8, 10, -12, 14, -16, 18};
    LayerCore c = core(w);
    int[] sources = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    int[] counts = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    int[] spiking = new int[1];
    int[] spikeCounts = new int[1];
    for (int n = 1; n <= 9; n++) {
      c.beginStep();
      c.addFeedForward(sources, counts, n);
      assertEquals(0, c.update(spiking, spikeCounts));
      long expected = 64L * (n % 2 == 1 ? n + 1 : -n);
      assertEquals(expected, c.read(0, 0), "u after " + n + " sources");
      assertEquals(expected, c.read(1, 0), "v after " + n + " sources");
    }
  }

  @Test
  void deliveriesBeyondTheListCapacityAllCount() {
    // fan_in 2, so the pending list holds 2 sources; source 0 five times and source 1 once add
    // 5 * 6 + (-4) = 26, u = 26 * 64 = 1664. A silent step then gives u = 0.
    LayerCore c = core(6, -4);
    c.beginStep();
    for (int k = 0; k < 5; k++) {
      c.addFeedForward(0, 1);
    }
    c.addFeedForward(1, 1);
    c.update(new int[1], new int[1]);
    assertEquals(1664L, c.read(0, 0));
    c.beginStep();
    c.update(new int[1], new int[1]);
    assertEquals(0L, c.read(0, 0));
  }

  @Test
  void resetDropsUndeliveredSources() {
    LayerCore c = core(6, -4);
    c.beginStep();
    c.addFeedForward(0, 1);
    c.reset();
    c.update(new int[1], new int[1]);
    assertEquals(0L, c.read(0, 0));
  }
}
