package org.spikeforge.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.spikeforge.io.AtomicFiles;

/**
 * Writes charts as PNG files atomically (no half-written image is ever visible), and lays several
 * charts out as one grid image for multi-panel figures. Works headless.
 */
public final class PngFiles {
  private PngFiles() {}

  /** Writes one chart at its own size. */
  public static void write(Path file, Chart<?, ?> chart) {
    write(file, BitmapEncoder.getBufferedImage(chart));
  }

  /**
   * Writes charts as panels of one image, row by row, {@code columns} per row. Every panel is
   * drawn at the size of the first chart.
   */
  public static void writeGrid(Path file, List<? extends Chart<?, ?>> charts, int columns) {
    if (charts.isEmpty() || columns < 1) {
      throw new IllegalArgumentException("need at least one chart and one column");
    }
    int width = charts.get(0).getWidth();
    int height = charts.get(0).getHeight();
    int cols = Math.min(columns, charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    BufferedImage image = new BufferedImage(width * cols, height * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        Graphics2D panel = (Graphics2D) g.create((i % cols) * width, (i / cols) * height, width, height);
        try {
          charts.get(i).paint(panel, width, height);
        } finally {
          panel.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    write(file, image);
  }

  /** Writes an image as PNG, atomically. */
  public static void write(Path file, BufferedImage image) {
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new java.io.IOException("no PNG writer available");
      }
    });
  }
}
