package org.spikeforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figure command; the demo's own tests are in {@link DemoCommandTest}. */
class FigureAndDemoTest {
  @TempDir Path dir;

  @Test
  void smoothnessFigureWritesTwoPanelPngsAndCsvs() throws Exception {
    CliResult r = CliResult.run("figure", "smoothness", "--out", dir.toString(), "--points", "21");
    assertEquals(0, r.exitCode(), r.err());
    for (String base : List.of("smoothness-single-neuron", "smoothness-two-layer")) {
      BufferedImage png = ImageIO.read(dir.resolve(base + ".png").toFile());
      assertNotNull(png, base);
      assertEquals(1600, png.getWidth());
      assertEquals(560, png.getHeight());
      List<String> csv = Files.readAllLines(dir.resolve(base + ".csv"));
      assertEquals(22, csv.size(), base);
      assertTrue(csv.get(0).startsWith("w,t1"), csv.get(0));
    }
  }

  @Test
  void smoothnessNeedsAnOutDirectory() {
    CliResult r = CliResult.run("figure", "smoothness");
    assertEquals(2, r.exitCode());
  }
}
