package org.spikeforge.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChartStyleTest {
  @Test
  void smallNegativeRangeGetsHalfMilliSteps() {
    // range 0.0015 / 5 = 3e-4 -> next nice step 5e-4; bounds rounded outwards to multiples of it
    ChartStyle.AxisBounds b = ChartStyle.niceBounds(-0.0067, -0.0052);
    assertEquals(-0.007, b.min(), 1e-15);
    assertEquals(-0.005, b.max(), 1e-15);
    assertEquals("0.####", b.pattern());
  }

  @Test
  void sweepOfWeightsGetsUnitSteps() {
    // range 3.985 / 5 = 0.797 -> step 1
    ChartStyle.AxisBounds b = ChartStyle.niceBounds(20.345, 24.33);
    assertEquals(20.0, b.min());
    assertEquals(25.0, b.max());
    assertEquals("0", b.pattern());
  }

  @Test
  void constantDataIsPaddedByTenPercent() {
    // [2.7, 3.3], raw step 0.12 -> 0.2; outwards to 2.6 and 3.4
    ChartStyle.AxisBounds b = ChartStyle.niceBounds(3, 3);
    assertEquals(2.6, b.min(), 1e-12);
    assertEquals(3.4, b.max(), 1e-12);
    assertEquals("0.#", b.pattern());
  }

  @Test
  void noFiniteDataFallsBackToUnitInterval() {
    ChartStyle.AxisBounds b = ChartStyle.niceBounds(Double.NaN, Double.NaN);
    assertEquals(0.0, b.min());
    assertEquals(1.0, b.max());
  }
}
