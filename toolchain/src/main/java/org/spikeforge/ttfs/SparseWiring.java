package org.spikeforge.ttfs;

/**
 * Conv2d and SumPool2d weight access through index tables built once per layer: for source neuron j the entries
 * q in [outStart[j], outStart[j + 1]) name a target {@code outTarget[q]} and a weight index {@code outWeight[q]}
 * (into the layer's kernel (out, in, kh, kw) for conv; unused for pool, whose one fixed weight is not a parameter).
 * Shared weights are shared indices, so a gradient written per entry sums over all positions. Entries of one source
 * are in target order. Nothing is allocated after construction.
 */
final class SparseWiring extends Wiring {
  private final int[] outStart;
  private final int[] outTarget;
  private final int[] outWeight;
  /** Pool: the one fixed weight (not a parameter, no gradient); conv: weights are parameters. */
  private final boolean fixed;
  private final double fixedWeight;

  SparseWiring(Connectivity c) {
    super(c.targets());
    boolean conv = c.kind() == Connectivity.Kind.CONV2D;
    fixed = !conv;
    fixedWeight = c.fixedWeight();
    int sources = c.sources();
    int[] count = new int[sources + 1];
    // two passes over the synapses: count per source, then fill
    c.forEachSynapse((target, source, entry) -> count[source + 1]++);
    for (int j = 0; j < sources; j++) {
      count[j + 1] += count[j];
    }
    int[] fill = count.clone();
    int[] tgtAll = new int[count[sources]];
    int[] wkAll = new int[count[sources]];
    c.forEachSynapse((target, source, entry) -> {
      int q = fill[source]++;
      tgtAll[q] = target;
      wkAll[q] = entry;
    });
    outTarget = tgtAll;
    outWeight = wkAll;
    outStart = count;
  }

  @Override
  void sumRows(double[] p, int wOff, double[] acc, int[] source, int start, int end) {
    java.util.Arrays.fill(acc, 0, targets, 0.0);
    if (fixed) {
      for (int m = start; m < end; m++) {
        int j = source[m];
        for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
          acc[outTarget[q]] += fixedWeight;
        }
      }
      return;
    }
    for (int m = start; m < end; m++) {
      int j = source[m];
      for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
        acc[outTarget[q]] += p[wOff + outWeight[q]];
      }
    }
  }

  @Override
  int reachBound(int[] source, int start, int end) {
    long sum = 0;
    for (int m = start; m < end && sum < targets; m++) {
      sum += outStart[source[m] + 1] - outStart[source[m]];
    }
    return (int) Math.min(sum, targets);
  }

  /** The targets of a single source are distinct, so a group of one needs no de-duplication. */
  @Override
  int gather(double[] p, int wOff, double[] acc, int[] mark, int stamp, int[] touched, int at, int[] source,
      int start, int end) {
    int c = at;
    if (end - start == 1) {
      int j = source[start];
      for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
        int t = outTarget[q];
        touched[c++] = t;
        acc[t] = 0.0 + weight(p, wOff, q);
      }
      return c;
    }
    for (int m = start; m < end; m++) {
      int j = source[m];
      for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
        int t = outTarget[q];
        if (mark[t] != stamp) {
          mark[t] = stamp;
          touched[c++] = t;
          acc[t] = 0.0;
        }
        acc[t] += weight(p, wOff, q);
      }
    }
    return c;
  }

  /** Trained weights only: a pool's fixed weight gets no gradient. */
  @Override
  double jumpAdjoint(double[] p, double[] grad, int wOff, int j, double[] lA, double[] lB, double iu, double iu2,
      double invTau) {
    double dt = 0.0;
    for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
      int t = outTarget[q];
      double a = lA[t] * iu;
      double b = lB[t] * iu2;
      if (!fixed) {
        grad[wOff + outWeight[q]] += a - b;
      }
      dt += weight(p, wOff, q) * (a - 2.0 * b);
    }
    return dt * invTau;
  }

  @Override
  void addToRows(double[] grad, int wOff, int[] source, int start, int end, double[] d) {
    if (fixed) {
      return;
    }
    for (int m = start; m < end; m++) {
      int j = source[m];
      for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
        grad[wOff + outWeight[q]] += d[outTarget[q]];
      }
    }
  }

  @Override
  double rowDot(double[] p, int wOff, int j, double[] vec) {
    double s = 0.0;
    for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
      s += weight(p, wOff, q) * vec[outTarget[q]];
    }
    return s;
  }

  @Override
  void addWeighted(double[] p, int wOff, double[] r, int rows, double[] x) {
    for (int j = 0; j < rows; j++) {
      double a = r[j];
      if (a == 0.0) {
        continue;
      }
      for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
        x[outTarget[q]] += weight(p, wOff, q) * a;
      }
    }
  }

  @Override
  void dotAndOuter(double[] p, double[] grad, int wOff, double[] r, int rows, double[] dx,
      double[] prevAdjoint, double scale, boolean scaled) {
    for (int j = 0; j < rows; j++) {
      double a = r[j];
      double d = 0.0;
      for (int q = outStart[j], e = outStart[j + 1]; q < e; q++) {
        double g = dx[outTarget[q]];
        d += weight(p, wOff, q) * g;
        if (!fixed) {
          grad[wOff + outWeight[q]] += a * g;
        }
      }
      prevAdjoint[j] += scaled ? d * scale : d;
    }
  }

  private double weight(double[] p, int wOff, int q) {
    return fixed ? fixedWeight : p[wOff + outWeight[q]];
  }

  @Override
  boolean dense() {
    return false;
  }
}
