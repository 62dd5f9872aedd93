package org.spikeforge.plot;

import java.awt.Color;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The common look of SpikeForge figures: white background, legend inside the plot, no border. */
final class ChartStyle {
  static final int WIDTH = 800;
  static final int HEIGHT = 560;

  private ChartStyle() {}

  static void apply(AxesChartStyler styler, boolean legend) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setLegendVisible(legend);
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(12f));
  }
}
