package org.spikeforge.ttfs;

/**
 * The weight access of one layer, the only place where dense, conv and pool layers differ: the neuron code in
 * {@link ThetaLayer} and {@link LifLayer} is written once and calls these five operations. A dense layer delegates
 * to {@link RowOps} (source-major rows, unchanged bits); a conv or pool layer uses index tables built once per
 * layer ({@link SparseWiring}): per source neuron its targets and the weight index of each, in primitive arrays.
 */
abstract class Wiring {
  /** Number of target neurons n. */
  final int targets;

  Wiring(int targets) {
    this.targets = targets;
  }

  /** acc[i] = summed weight onto target i of the sources source[start..end) (acc overwritten, n entries). */
  abstract void sumRows(double[] p, int wOff, double[] acc, int[] source, int start, int end);

  /** grad of each weight from source[m], m in [start, end), onto target i += d[i] (trained weights only). */
  abstract void addToRows(double[] grad, int wOff, int[] source, int start, int end, double[] d);

  /** sum over targets i of w(j -> i) * vec[i]. */
  abstract double rowDot(double[] p, int wOff, int j, double[] vec);

  /** x[i] += sum over sources j of w(j -> i) * r[j]. */
  abstract void addWeighted(double[] p, int wOff, double[] r, int rows, double[] x);

  /**
   * For every source j: prevAdjoint[j] += (sum_i w(j -> i) dx[i]) (times scale if scaled) and grad of w(j -> i)
   * += r[j] dx[i] (trained weights only).
   */
  abstract void dotAndOuter(double[] p, double[] grad, int wOff, double[] r, int rows, double[] dx,
      double[] prevAdjoint, double scale, boolean scaled);

  /** Whether the weights are source-major dense rows (the deferred input-gradient buffer needs that). */
  abstract boolean dense();

  static Wiring of(Connectivity c) {
    return c.kind() == Connectivity.Kind.DENSE ? new Dense(c.targets()) : new SparseWiring(c);
  }

  /** Dense source-major rows: exactly the {@link RowOps} calls the engine made before layer kinds existed. */
  static final class Dense extends Wiring {
    Dense(int targets) {
      super(targets);
    }

    @Override
    void sumRows(double[] p, int wOff, double[] acc, int[] source, int start, int end) {
      RowOps.sumRows(p, wOff, targets, source, start, end, acc);
    }

    @Override
    void addToRows(double[] grad, int wOff, int[] source, int start, int end, double[] d) {
      RowOps.addToRows(grad, wOff, targets, source, start, end, d);
    }

    @Override
    double rowDot(double[] p, int wOff, int j, double[] vec) {
      int row = wOff + j * targets;
      double share = 0.0;
      for (int i = 0; i < targets; i++) {
        share += p[row + i] * vec[i];
      }
      return share;
    }

    @Override
    void addWeighted(double[] p, int wOff, double[] r, int rows, double[] x) {
      RowOps.addWeighted(p, wOff, targets, r, rows, x);
    }

    @Override
    void dotAndOuter(double[] p, double[] grad, int wOff, double[] r, int rows, double[] dx,
        double[] prevAdjoint, double scale, boolean scaled) {
      RowOps.dotAndOuter(p, grad, wOff, targets, r, rows, dx, prevAdjoint, scale, scaled);
    }

    @Override
    boolean dense() {
      return true;
    }
  }
}
