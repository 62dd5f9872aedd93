package org.spikeforge.emulator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The xylo core's branch-free saturation and decay against their plain definitions on every input they see. */
class XyloArithmeticTest {

  @Test
  void clamp16MatchesMinMaxOverTheReachableRange() {
    // Delivery sums reach |isyn + 31 * (127 << 8)| < 2^20; the step sums stay below 2^17.
    for (int x = -(1 << 20); x <= 1 << 20; x++) {
      assertEquals(Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, x)), XyloCore.clamp16(x), "x = " + x);
    }
  }

  @Test
  void decayMatchesTheBranchingDefinitionForEvery16BitValueAndShift() {
    for (int dash = 0; dash <= 15; dash++) {
      for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
        int d = x >> dash;
        if (d == 0 && x > 0) {
          d = 1;
        }
        assertEquals(x - d, XyloCore.decay(x, dash), "x = " + x + ", dash = " + dash);
      }
    }
    // Hand values: 5 >> 3 = 0 -> minimum step 1 -> 4; -5 >> 3 = -1 -> -4; 100 >> 2 = 25 -> 75.
    assertEquals(4, XyloCore.decay(5, 3));
    assertEquals(-4, XyloCore.decay(-5, 3));
    assertEquals(75, XyloCore.decay(100, 2));
  }
}
