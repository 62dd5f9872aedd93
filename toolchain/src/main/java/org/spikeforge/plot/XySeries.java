package org.spikeforge.plot;

/**
 * One named line of a {@link LinePlot}: y against x. A NaN in {@code y} leaves a gap, which is how
 * spike times that do not exist for some parameter values are drawn.
 */
public record XySeries(String name, double[] x, double[] y) {
  public XySeries {
    if (x.length != y.length) {
      throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
    }
  }

  /** True when no point of the series can be drawn. */
  public boolean isEmpty() {
    for (int i = 0; i < y.length; i++) {
      if (Double.isFinite(y[i]) && Double.isFinite(x[i])) {
        return false;
      }
    }
    return true;
  }
}
