package org.spikeforge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class YinYangTest {
  @Test
  void regionsOfHandPickedPoints() {
    assertEquals(2, YinYang.classOf(0.75, 0.5), "centre of the right eye");
    assertEquals(2, YinYang.classOf(0.25, 0.5), "centre of the left eye");
    assertEquals(2, YinYang.classOf(0.25, 0.55), "inside the left eye");
    // Upper half, far from the right lobe: y > r_big and d_right = hypot(0.25, 0.4) > 0.25.
    assertEquals(1, YinYang.classOf(0.5, 0.9));
    // Lower half, far from both lobes.
    assertEquals(0, YinYang.classOf(0.5, 0.1));
    // Inside the left lobe (0.1 < d_left = 0.2 <= 0.25) but below the midline.
    assertEquals(1, YinYang.classOf(0.25, 0.3));
    // Inside the right lobe (d_right = 0.2 <= 0.25) above the midline: the other class.
    assertEquals(0, YinYang.classOf(0.75, 0.7));
  }

  @Test
  void generatedSamplesLieInTheCircleAreBalancedAndReproducible() {
    DenseFeatures a = YinYang.generate(3000, 5);
    DenseFeatures b = YinYang.generate(3000, 5);
    int[] counts = new int[3];
    for (int i = 0; i < a.size(); i++) {
      double x = a.value(i, 0);
      double y = a.value(i, 1);
      assertTrue(Math.hypot(x - 0.5, y - 0.5) <= 0.5);
      assertEquals(1 - x, a.value(i, 2), 0);
      assertEquals(1 - y, a.value(i, 3), 0);
      assertEquals(YinYang.classOf(x, y), a.label(i));
      assertEquals(x, b.value(i, 0), 0);
      assertEquals(a.label(i), b.label(i));
      counts[a.label(i)]++;
    }
    for (int c : counts) {
      // Multinomial(3000, 1/3): sd = 25.8; 6 sd bounds.
      assertTrue(Math.abs(c - 1000) < 155, "class counts " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void standardSplitsHaveThePublishedSizesAndDiffer() {
    Splits<DenseFeatures> s = YinYang.standardSplits();
    assertEquals(5000, s.train().size());
    assertEquals(1000, s.validation().size());
    assertEquals(1000, s.test().size());
    assertTrue(s.validation().value(0, 0) != s.test().value(0, 0));
  }
}
