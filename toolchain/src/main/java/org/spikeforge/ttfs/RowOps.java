package org.spikeforge.ttfs;

/**
 * The row loops over source-major weight matrices that dominate the layered engine's time (the dense 784-wide input
 * layer above all), written so that every output element sees exactly the additions, in exactly the order, of the
 * plain one-row-at-a-time loop: results are bit-identical to it, only faster.
 *
 * <p>Why the unrolling helps: a row has n_l (about 100) contiguous doubles. One loop per row re-loads and re-stores
 * the accumulator for every row and runs the part of the row past the last full vector as scalar code. Taking four
 * rows per pass over i keeps the accumulator in a register across four additions ({@code a + x0 + x1 + x2 + x3}
 * is evaluated left to right in Java, the same rounding sequence as four separate {@code a += x}), and quarters the
 * loop and tail overhead. Java never contracts {@code a + x * r} into a fused multiply-add, so the products round
 * as before too.
 */
final class RowOps {
  private RowOps() {}

  /**
   * acc[i] = sum over members m in [start, end) of p[wOff + source[m] * n + i], summed in member order
   * (acc is overwritten, its first n entries only).
   */
  static void sumRows(double[] p, int wOff, int n, int[] source, int start, int end, double[] acc) {
    int m = start;
    if (end - m >= 4) {
      int r0 = wOff + source[m] * n;
      int r1 = wOff + source[m + 1] * n;
      int r2 = wOff + source[m + 2] * n;
      int r3 = wOff + source[m + 3] * n;
      for (int i = 0; i < n; i++) {
        acc[i] = 0.0 + p[r0 + i] + p[r1 + i] + p[r2 + i] + p[r3 + i];
      }
      m += 4;
    } else {
      java.util.Arrays.fill(acc, 0, n, 0.0);
    }
    for (; m + 4 <= end; m += 4) {
      int r0 = wOff + source[m] * n;
      int r1 = wOff + source[m + 1] * n;
      int r2 = wOff + source[m + 2] * n;
      int r3 = wOff + source[m + 3] * n;
      for (int i = 0; i < n; i++) {
        acc[i] = acc[i] + p[r0 + i] + p[r1 + i] + p[r2 + i] + p[r3 + i];
      }
    }
    for (; m < end; m++) {
      int row = wOff + source[m] * n;
      for (int i = 0; i < n; i++) {
        acc[i] += p[row + i];
      }
    }
  }

  /** grad[wOff + source[m] * n + i] += d[i] for every member m in [start, end): one addition per element. */
  static void addToRows(double[] grad, int wOff, int n, int[] source, int start, int end, double[] d) {
    for (int m = start; m < end; m++) {
      int row = wOff + source[m] * n;
      for (int i = 0; i < n; i++) {
        grad[row + i] += d[i];
      }
    }
  }

  /**
   * x[i] += sum over j in [0, rows) of p[wOff + j * n + i] * r[j], in j order; rows with r[j] == 0 are skipped
   * (adding w * 0 = +-0 to a sum that started at +0 never changes it, weights being finite).
   */
  static void addWeighted(double[] p, int wOff, int n, double[] r, int rows, double[] x) {
    int j = 0;
    while (j < rows) {
      // gather the next four rows with r != 0
      int j0 = nextNonZero(r, j, rows);
      int j1 = nextNonZero(r, j0 + 1, rows);
      int j2 = nextNonZero(r, j1 + 1, rows);
      int j3 = nextNonZero(r, j2 + 1, rows);
      if (j3 < rows) {
        int o0 = wOff + j0 * n;
        int o1 = wOff + j1 * n;
        int o2 = wOff + j2 * n;
        int o3 = wOff + j3 * n;
        double a0 = r[j0];
        double a1 = r[j1];
        double a2 = r[j2];
        double a3 = r[j3];
        for (int i = 0; i < n; i++) {
          x[i] = x[i] + p[o0 + i] * a0 + p[o1 + i] * a1 + p[o2 + i] * a2 + p[o3 + i] * a3;
        }
        j = j3 + 1;
      } else {
        for (int q = j0; q < rows; q++) {
          double a = r[q];
          if (a == 0.0) {
            continue;
          }
          int o = wOff + q * n;
          for (int i = 0; i < n; i++) {
            x[i] += p[o + i] * a;
          }
        }
        return;
      }
    }
  }

  private static int nextNonZero(double[] r, int from, int rows) {
    int j = from;
    while (j < rows && r[j] == 0.0) {
      j++;
    }
    return j;
  }

  /**
   * For every row j in [0, rows): prevAdjoint[j] += scale-free dot(p row j, dx) (summed in i order, then
   * multiplied by {@code scale} if it is not 1) and grad row j += r[j] * dx. Four rows share each pass over i
   * (four independent dot-product chains instead of one latency-bound chain).
   */
  static void dotAndOuter(double[] p, double[] grad, int wOff, int n, double[] r, int rows, double[] dx,
      double[] prevAdjoint, double scale, boolean scaled) {
    int j = 0;
    for (; j + 4 <= rows; j += 4) {
      int o0 = wOff + j * n;
      int o1 = o0 + n;
      int o2 = o1 + n;
      int o3 = o2 + n;
      double a0 = r[j];
      double a1 = r[j + 1];
      double a2 = r[j + 2];
      double a3 = r[j + 3];
      double d0 = 0.0;
      double d1 = 0.0;
      double d2 = 0.0;
      double d3 = 0.0;
      for (int i = 0; i < n; i++) {
        double g = dx[i];
        d0 += p[o0 + i] * g;
        d1 += p[o1 + i] * g;
        d2 += p[o2 + i] * g;
        d3 += p[o3 + i] * g;
        grad[o0 + i] += a0 * g;
        grad[o1 + i] += a1 * g;
        grad[o2 + i] += a2 * g;
        grad[o3 + i] += a3 * g;
      }
      prevAdjoint[j] += scaled ? d0 * scale : d0;
      prevAdjoint[j + 1] += scaled ? d1 * scale : d1;
      prevAdjoint[j + 2] += scaled ? d2 * scale : d2;
      prevAdjoint[j + 3] += scaled ? d3 * scale : d3;
    }
    for (; j < rows; j++) {
      int o = wOff + j * n;
      double a = r[j];
      double d = 0.0;
      for (int i = 0; i < n; i++) {
        d += p[o + i] * dx[i];
        grad[o + i] += a * dx[i];
      }
      prevAdjoint[j] += scaled ? d * scale : d;
    }
  }
}
