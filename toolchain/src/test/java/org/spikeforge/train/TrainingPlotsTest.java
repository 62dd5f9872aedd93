package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** The figures of a training run, read from the chart model. */
class TrainingPlotsTest {
  @Test
  void trainLossIsDrawnOnARightAxisOfItsOwn() {
    List<EpochMetrics> history = new ArrayList<>();
    for (int e = 1; e <= 300; e++) {
      history.add(new EpochMetrics(e, 1e-3, 2.0 / e, 0.5 + 0.4 * e / 300, Double.NaN, 0.5 + 0.3 * e / 300, 0.1,
          1.0, 0.3, 1000, 0.5, 0.5));
    }
    XYChart chart = TrainingPlots.curvesChart(history);
    assertEquals(1, chart.getSeries("train loss (right axis)").getYAxisGroup());
    assertEquals(Styler.YAxisPosition.Right, chart.getStyler().getYAxisGroupPosistion(1));
    assertEquals(0, chart.getSeries("train accuracy").getYAxisGroup());
    // loss 2/300 .. 2 -> step 0.5 -> [0, 2]; x 1..300 -> step 100 -> [0, 300]
    assertEquals(0.0, chart.getStyler().getYAxisMin(1));
    assertEquals(2.0, chart.getStyler().getYAxisMax(1));
    assertEquals(0.0, chart.getStyler().getXAxisMin());
    assertEquals(300.0, chart.getStyler().getXAxisMax());
  }
}
