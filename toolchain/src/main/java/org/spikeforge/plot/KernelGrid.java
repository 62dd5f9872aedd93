package org.spikeforge.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernels of a convolution layer as one picture: a tile per (output channel, input channel) pair, output
 * channels along a row (wrapping), kernel row 0 at the top and column 0 at the left, as the kernel meets the image.
 * Colours run blue (negative) through white (0) to red (positive), symmetric around 0 so that the sign of a weight
 * is visible at a glance; the scale is printed under the title. Weights are in the proto layout (out, in, kh, kw).
 */
public final class KernelGrid {
  /** Blue, white, red: a diverging scale whose middle stop is zero. */
  public static final List<Color> DIVERGING = List.of(new Color(0x2166ac), Color.WHITE, new Color(0xb2182b));
  private static final int HEADER = 44;
  private static final int GAP = 6;

  private KernelGrid() {}

  /**
   * Where everything goes: tiles of {@code kernelH × kernelW} cells of {@code cell} pixels, {@code columns} tiles per
   * row, below a header of {@value #HEADER} pixels.
   */
  public record Layout(int outChannels, int inChannels, int kernelH, int kernelW, int cell, int columns,
      ColourScale scale) {
    /** Tile index of (output channel o, input channel i): the input channels of one output sit side by side. */
    int tile(int o, int i) {
      return o * inChannels + i;
    }

    /** Image width in pixels. */
    public int width() {
      return Math.max(360, GAP + columns * (kernelW * cell + GAP));
    }

    /** Image height in pixels. */
    public int height() {
      int tiles = outChannels * inChannels;
      int rows = (tiles + columns - 1) / columns;
      return HEADER + GAP + rows * (kernelH * cell + GAP);
    }

    /** Top-left pixel (x, y) of kernel cell (ky, kx) of (o, i). */
    public int[] cellOrigin(int o, int i, int ky, int kx) {
      int t = tile(o, i);
      int x = GAP + (t % columns) * (kernelW * cell + GAP) + kx * cell;
      int y = HEADER + GAP + (t / columns) * (kernelH * cell + GAP) + ky * cell;
      return new int[] {x, y};
    }
  }

  /** The layout for {@code weights} (length out * in * kh * kw), tiles at most 16 per row. */
  public static Layout layout(double[] weights, int outChannels, int inChannels, int kernelH, int kernelW) {
    long n = (long) outChannels * inChannels * kernelH * kernelW;
    if (outChannels < 1 || inChannels < 1 || kernelH < 1 || kernelW < 1 || weights.length != n) {
      throw new IllegalArgumentException("kernel grid: " + weights.length + " weights for " + outChannels + "x"
          + inChannels + "x" + kernelH + "x" + kernelW);
    }
    double max = 0;
    for (double w : weights) {
      if (Double.isFinite(w)) {
        max = Math.max(max, Math.abs(w));
      }
    }
    max = max > 0 ? max : 1;
    int cell = Math.max(4, Math.min(24, 120 / Math.max(kernelH, kernelW)));
    int columns = Math.min(16, outChannels * inChannels);
    return new Layout(outChannels, inChannels, kernelH, kernelW, cell, columns, new ColourScale(-max, max,
        DIVERGING));
  }

  /** Draws the kernels. */
  public static BufferedImage image(String title, double[] weights, int outChannels, int inChannels, int kernelH,
      int kernelW) {
    Layout l = layout(weights, outChannels, inChannels, kernelH, kernelW);
    BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, GAP, 18);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(String.format(java.util.Locale.ROOT, "blue %.3g ... white 0 ... red %.3g; %d x %d tiles (out x in)",
          l.scale().min(), l.scale().max(), outChannels, inChannels), GAP, 36);
      for (int o = 0; o < outChannels; o++) {
        for (int i = 0; i < inChannels; i++) {
          for (int ky = 0; ky < kernelH; ky++) {
            for (int kx = 0; kx < kernelW; kx++) {
              double w = weights[((o * inChannels + i) * kernelH + ky) * kernelW + kx];
              int[] at = l.cellOrigin(o, i, ky, kx);
              g.setColor(Double.isFinite(w) ? l.scale().colour(w) : Color.BLACK);
              g.fillRect(at[0], at[1], l.cell(), l.cell());
            }
          }
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Writes {@link #image} atomically as a PNG file. */
  public static void write(Path file, String title, double[] weights, int outChannels, int inChannels,
      int kernelH, int kernelW) {
    PngFiles.write(file, image(title, weights, outChannels, inChannels, kernelH, kernelW));
  }
}
