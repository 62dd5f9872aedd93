package org.spikeforge.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The kernel picture keeps the orientation of the (out, in, kh, kw) layout: an asymmetric 2×3 kernel, each weight
 * different, must appear with row 0 at the top and column 0 at the left, so a transposed or flipped drawing fails.
 */
class KernelGridTest {
  @Test
  void everyCellHasTheColourOfItsOwnWeight() {
    // out 2, in 1, kh 2, kw 3
    double[] w = {-1.0, -0.5, 0.0, 0.25, 0.75, 1.0, 0.5, -0.25, -0.75, 0.1, 0.2, 0.3};
    BufferedImage img = KernelGrid.image("t", w, 2, 1, 2, 3);
    KernelGrid.Layout l = KernelGrid.layout(w, 2, 1, 2, 3);
    assertEquals(-1.0, l.scale().min());
    assertEquals(1.0, l.scale().max());
    for (int o = 0; o < 2; o++) {
      for (int ky = 0; ky < 2; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          int[] at = l.cellOrigin(o, 0, ky, kx);
          int mid = l.cell() / 2;
          Color expected = l.scale().colour(w[(o * 2 + ky) * 3 + kx]);
          assertEquals(expected.getRGB(), img.getRGB(at[0] + mid, at[1] + mid), "o " + o + " ky " + ky + " kx " + kx);
        }
      }
    }
    // row 0 above row 1, column 0 left of column 1, output channel 1 right of output channel 0
    assertEquals(l.cellOrigin(0, 0, 0, 0)[1] + l.cell(), l.cellOrigin(0, 0, 1, 0)[1]);
    assertEquals(l.cellOrigin(0, 0, 0, 0)[0] + l.cell(), l.cellOrigin(0, 0, 0, 1)[0]);
    assertEquals(true, l.cellOrigin(1, 0, 0, 0)[0] > l.cellOrigin(0, 0, 0, 2)[0]);
    // the extremes are the scale's end stops, zero is white
    assertEquals(KernelGrid.DIVERGING.get(0), l.scale().colour(-1.0));
    assertEquals(Color.WHITE, l.scale().colour(0.0));
  }

  @Test
  void aWrongWeightCountIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> KernelGrid.layout(new double[5], 2, 1, 2, 3));
  }
}
