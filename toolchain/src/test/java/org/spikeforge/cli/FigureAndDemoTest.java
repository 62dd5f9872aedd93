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
import org.spikeforge.cli.demo.ExampleNetwork;

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

  @Test
  void quickDemoRunsEveryStage() throws Exception {
    CliResult r = CliResult.run("demo", "--quick", "--out", dir.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("[1/2] simulate"), r.out());
    assertTrue(r.out().contains("[2/2] gradcheck"), r.out());
    assertTrue(r.lastOutLine().startsWith("demo: all 2 stages passed"), r.out());
    assertTrue(Files.exists(dir.resolve(ExampleNetwork.NAME + ".trace.json")));
    assertTrue(Files.exists(dir.resolve(ExampleNetwork.NAME + "-raster.png")));
  }

  @Test
  void demoListsItsStagesInOrder() {
    CliResult r = CliResult.run("demo", "--list");
    assertEquals(0, r.exitCode());
    assertEquals(List.of("simulate", "gradcheck"), r.out().lines().map(l -> l.substring(0, l.indexOf(':'))).toList());
  }
}
