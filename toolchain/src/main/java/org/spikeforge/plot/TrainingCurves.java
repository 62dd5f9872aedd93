package org.spikeforge.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;

/** Loss and accuracy per epoch, side by side, for training and validation. */
public final class TrainingCurves {
  private TrainingCurves() {}

  /** The two panels: loss (left) and accuracy in percent (right). */
  public static List<XYChart> charts(String title, List<EpochMetrics> epochs) {
    double[] x = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
    XYChart loss = LinePlot.chart(title + ": loss", "epoch", "loss", List.of(
        new XySeries("training", x, column(epochs, EpochMetrics::trainLoss, 1)),
        new XySeries("validation", x, column(epochs, EpochMetrics::validationLoss, 1))));
    XYChart accuracy = LinePlot.chart(title + ": accuracy", "epoch", "accuracy (%)", List.of(
        new XySeries("training", x, column(epochs, EpochMetrics::trainAccuracy, 100)),
        new XySeries("validation", x, column(epochs, EpochMetrics::validationAccuracy, 100))));
    // Accuracy rises, so its legend goes where the curves are not: bottom right.
    accuracy.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    List<XYChart> panels = new ArrayList<>();
    panels.add(loss);
    panels.add(accuracy);
    return panels;
  }

  /** Writes both panels as one PNG; accuracies are fractions in [0, 1] and plotted in percent. */
  public static void write(Path file, String title, List<EpochMetrics> epochs) {
    PngFiles.writeGrid(file, charts(title, epochs), 2);
  }

  private static double[] column(List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> f, double scale) {
    double[] out = new double[epochs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(epochs.get(i)) * scale;
    }
    return out;
  }
}
