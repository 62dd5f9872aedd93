package org.spikeforge.train;

/**
 * Clamps a contiguous range of the flat parameter vector into [lo, hi]; models use it to project, e.g., trainable
 * initial phases back into [0, Θ] after each optimizer step.
 */
public record ParameterBox(int from, int to, double lo, double hi) {
  public ParameterBox {
    if (from < 0 || to < from || !(lo <= hi)) {
      throw new IllegalArgumentException("parameter box [" + from + ", " + to + ") -> [" + lo + ", " + hi
          + "] is invalid");
    }
  }

  public void apply(double[] params) {
    for (int i = from; i < to; i++) {
      params[i] = Math.min(hi, Math.max(lo, params[i]));
    }
  }
}
