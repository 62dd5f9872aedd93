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

  /** An upper bound of the distinct targets that the sources source[start..end) reach (at most n). */
  abstract int reachBound(int[] source, int start, int end);

  /**
   * The lazy layers' form of {@link #sumRows} ({@link SparseLifLayer}, {@link SparseThetaLayer}): appends every
   * target that the sources source[start..end) reach, once, to {@code touched} from index {@code at} and sets
   * acc[target] to its summed weight (the additions of sumRows, in its order, so the sums have its bits); other
   * entries of acc are left alone. {@code mark} is per-target scratch: a target is new in this group while
   * mark[target] != stamp (stamp must differ from every earlier group's). Returns the new end of {@code touched}.
   */
  abstract int gather(double[] p, int wOff, double[] acc, int[] mark, int stamp, int[] touched, int at,
      int[] source, int start, int end);

  /**
   * The reverse step of one source j's jump onto a lazy LIF layer in time-scaled coordinates (see
   * {@link SparseLifLayer}): per target t the jump a adds a * iu to alpha and -a * iu2 to beta, so dL/da_t =
   * lA[t] iu - lB[t] iu2 goes to the gradient of each trained weight; returns dL/d(source time) = sum_t w(j -> t)
   * (lA[t] iu - 2 lB[t] iu2) / tau.
   */
  abstract double jumpAdjoint(double[] p, double[] grad, int wOff, int j, double[] lA, double[] lB, double iu,
      double iu2, double invTau);

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
    int reachBound(int[] source, int start, int end) {
      return targets;
    }

    /** Every target, in order; acc as {@link #sumRows} leaves it. */
    @Override
    int gather(double[] p, int wOff, double[] acc, int[] mark, int stamp, int[] touched, int at, int[] source,
        int start, int end) {
      RowOps.sumRows(p, wOff, targets, source, start, end, acc);
      for (int i = 0; i < targets; i++) {
        touched[at + i] = i;
      }
      return at + targets;
    }

    @Override
    double jumpAdjoint(double[] p, double[] grad, int wOff, int j, double[] lA, double[] lB, double iu, double iu2,
        double invTau) {
      int row = wOff + j * targets;
      double dt = 0.0;
      for (int i = 0; i < targets; i++) {
        double a = lA[i] * iu;
        double b = lB[i] * iu2;
        grad[row + i] += a - b;
        dt += p[row + i] * (a - 2.0 * b);
      }
      return dt * invTau;
    }

    @Override
    boolean dense() {
      return true;
    }
  }
}
