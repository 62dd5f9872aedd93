package org.spikeforge.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

/**
 * Spike rasters with layers stacked bottom to top (input lowest, read-out highest), one colour per
 * layer, and the trial end drawn as a vertical line.
 */
public final class SpikeRaster {
  private SpikeRaster() {}

  /** The raster chart; {@code trialEnd} may be NaN to leave out the trial-end line. */
  public static XYChart chart(String title, List<RasterGroup> groups, double trialEnd) {
    XYChart chart = new XYChartBuilder()
        .width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title(title).xAxisTitle("time").yAxisTitle("neuron (layers stacked)").build();
    ChartStyle.apply(chart.getStyler(), true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(7);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    int offset = 0;
    double maxTime = 0;
    for (RasterGroup group : groups) {
      int n = group.spikeCount();
      if (n > 0) {
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int neuron = 0; neuron < group.spikeTimes().length; neuron++) {
          for (double t : group.spikeTimes()[neuron]) {
            x[k] = t;
            y[k++] = offset + neuron;
            maxTime = Math.max(maxTime, t);
          }
        }
        chart.addSeries(group.name() + " (" + n + ")", x, y).setMarker(SeriesMarkers.CIRCLE);
      }
      offset += group.spikeTimes().length;
    }
    if (Double.isFinite(trialEnd)) {
      XYSeries end = chart.addSeries("trial end", new double[] {trialEnd, trialEnd}, new double[] {-0.5, offset - 0.5});
      end.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
      end.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      maxTime = Math.max(maxTime, trialEnd);
    }
    chart.getStyler().setYAxisMin(-0.5);
    chart.getStyler().setYAxisMax(Math.max(offset, 1) - 0.5);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(maxTime > 0 ? maxTime * 1.02 : 1.0);
    return chart;
  }

  /** Writes {@link #chart} as a PNG file. */
  public static void write(Path file, String title, List<RasterGroup> groups, double trialEnd) {
    PngFiles.write(file, chart(title, groups, trialEnd));
  }

  /** The groups of a run: the input channels (if given), then every population of the trace. */
  public static List<RasterGroup> groups(InputSpikes inputs, Trace trace) {
    List<RasterGroup> groups = new ArrayList<>();
    if (inputs != null) {
      groups.add(new RasterGroup("input", times(inputs.getTrainsList())));
    }
    for (PopulationTrace pop : trace.getPopulationsList()) {
      groups.add(new RasterGroup(pop.getName(), times(pop.getSpikesList())));
    }
    return groups;
  }

  private static double[][] times(List<SpikeTrain> trains) {
    double[][] out = new double[trains.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = trains.get(i).getTimesList().stream().mapToDouble(Double::doubleValue).toArray();
    }
    return out;
  }
}
