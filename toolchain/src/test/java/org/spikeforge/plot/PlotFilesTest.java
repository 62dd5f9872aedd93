package org.spikeforge.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.PopulationTrace;
import org.spikeforge.proto.SpikeTrain;
import org.spikeforge.proto.Trace;

class PlotFilesTest {
  @TempDir Path dir;

  /** Reads the PNG back and checks its size and that it is not one flat colour. */
  private static BufferedImage assertPng(Path file, int width, int height) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4), "PNG signature");
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "ImageIO reads it");
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 5, "drawn content, got " + colours.size() + " colours");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
    return image;
  }

  @Test
  void linePlotWithGaps() throws Exception {
    double[] w = {0, 1, 2, 3, 4, 5, 6, 7};
    double[] t1 = {1, 1.1, 1.3, Double.NaN, Double.NaN, 1.9, 2.0, 2.2};
    double[] t2 = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    Path file = dir.resolve("line.png");
    LinePlot.write(file, "t vs w", "w", "t", List.of(new XySeries("first", w, t1), new XySeries("absent", w, t2)));
    assertPng(file, 800, 560);
  }

  @Test
  void nanGapChangesTheDrawing() throws Exception {
    double[] w = {0, 1, 2, 3, 4};
    Path full = dir.resolve("full.png");
    Path gap = dir.resolve("gap.png");
    LinePlot.write(full, "t", "w", "t", List.of(new XySeries("a", w, new double[] {0, 1, 2, 3, 4})));
    LinePlot.write(gap, "t", "w", "t", List.of(new XySeries("a", w, new double[] {0, 1, Double.NaN, 3, 4})));
    BufferedImage a = ImageIO.read(full.toFile());
    BufferedImage b = ImageIO.read(gap.toFile());
    long differing = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        differing += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
      }
    }
    assertTrue(differing > 50, "the gap removes line pixels, " + differing + " differ");
  }

  @Test
  void trainingCurvesAreTwoPanels() throws Exception {
    List<EpochMetrics> epochs = List.of(
        new EpochMetrics(1, 1.2, 1.3, 0.5, 0.45),
        new EpochMetrics(2, 0.8, 0.9, 0.7, 0.66),
        new EpochMetrics(3, 0.5, Double.NaN, 0.85, Double.NaN));
    Path file = dir.resolve("curves.png");
    TrainingCurves.write(file, "yinyang", epochs);
    assertPng(file, 1600, 560);
  }

  @Test
  void rasterFromTraceStacksInputAndLayers() throws Exception {
    InputSpikes in = InputSpikes.newBuilder().setChannels(2)
        .addTrains(SpikeTrain.newBuilder().addTimes(0.1)).addTrains(SpikeTrain.newBuilder().addTimes(0.4)).build();
    Trace trace = Trace.newBuilder().setTrialEnd(2)
        .addPopulations(PopulationTrace.newBuilder().setName("hidden")
            .addSpikes(SpikeTrain.newBuilder().addTimes(0.5).addTimes(1.0)).addSpikes(SpikeTrain.newBuilder()))
        .addPopulations(PopulationTrace.newBuilder().setName("out").addSpikes(SpikeTrain.newBuilder().addTimes(1.7)))
        .build();
    List<RasterGroup> groups = SpikeRaster.groups(in, trace);
    assertEquals(List.of("input", "hidden", "out"), groups.stream().map(RasterGroup::name).toList());
    assertEquals(List.of(2, 2, 1), groups.stream().map(RasterGroup::spikeCount).toList());
    Path file = dir.resolve("raster.png");
    SpikeRaster.write(file, "raster", groups, trace.getTrialEnd());
    assertPng(file, 800, 560);
  }

  @Test
  void rasterWithoutAnySpikeStillDraws() throws Exception {
    Path file = dir.resolve("silent.png");
    SpikeRaster.write(file, "silent", List.of(new RasterGroup("out", new double[][] {{}, {}})), 2.0);
    assertPng(file, 800, 560);
  }

  @Test
  void histogramCountsByHand() throws Exception {
    double[] values = {0.0, 0.1, 0.24, 0.25, 0.5, 0.99, 1.0, Double.NaN};
    // bins of width 0.25 over [0, 1]: [0,.25) holds 0, .1, .24; [.25,.5) holds .25; [.5,.75) holds .5;
    // the last bin holds .99 and the maximum 1.0; NaN is left out.
    assertArrayEquals(new long[] {3, 1, 1, 2}, HistogramPlot.counts(values, 4, 0.0, 1.0));
    Path file = dir.resolve("hist.png");
    HistogramPlot.write(file, "weights", "w", values, 4);
    assertPng(file, 800, 560);
  }

  @Test
  void confusionMatrixHeatMap() throws Exception {
    Path file = dir.resolve("confusion.png");
    ConfusionMatrixPlot.write(file, "yinyang test", List.of("yin", "yang", "dot"),
        new long[][] {{310, 12, 3}, {9, 320, 5}, {4, 6, 331}});
    assertPng(file, 680, 560);
  }
}
