package org.spikeforge.plot;

/**
 * One named line of a {@link DualAxisPlot}: y against x, read on the left or the right y axis. A NaN in
 * {@code y} leaves a gap (for example no validation set in that epoch).
 */
public record Curve(String name, double[] x, double[] y, Side side) {
  /** Which y axis a curve is read on; quantities with different units (percent, loss) need their own axis. */
  public enum Side {
    LEFT(0), RIGHT(1);

    private final int group;

    Side(int group) {
      this.group = group;
    }

    /** XChart's y-axis group index of this side. */
    public int group() {
      return group;
    }
  }

  public Curve {
    if (x.length != y.length) {
      throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
    }
  }

  /** True when no point of the curve can be drawn. */
  public boolean isEmpty() {
    return new XySeries(name, x, y).isEmpty();
  }
}
