package org.spikeforge.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent, time-stepped reference simulator for single-population QIF or LIF networks (input projection plus
 * an optional recurrent one), used only in tests. It integrates every neuron with RK4 at a fixed step (QIF in the
 * angle psi = atan V, which passes smoothly through V = +-infinity), finds each threshold crossing by bisection on the
 * length of the last step, and then delivers the spike's weights. Nothing here shares code with the event simulator.
 */
final class SteppedReference {
  private final boolean qif;
  private final double tau;
  private final double vth;
  private final int n;
  private final double[] wIn; // [n][inputs]
  private final double[] wRec; // [n][n] or null
  private final int inputs;

  SteppedReference(boolean qif, double tau, double vth, int n, int inputs, double[] wIn, double[] wRec) {
    this.qif = qif;
    this.tau = tau;
    this.vth = vth;
    this.n = n;
    this.inputs = inputs;
    this.wIn = wIn;
    this.wRec = wRec;
  }

  /** Returns per-neuron spike times up to trialEnd. x0 = initial (V, I) per neuron; inputs as (time, channel). */
  List<List<Double>> run(double[] v0, double[] i0, double[][] inputSpikes, double trialEnd, double h) {
    double[] a = new double[n]; // psi (QIF) or V (LIF)
    double[] cur = new double[n];
    for (int k = 0; k < n; k++) {
      a[k] = qif ? Math.atan(v0[k]) : v0[k];
      cur[k] = i0[k];
    }
    List<List<Double>> spikes = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      spikes.add(new ArrayList<>());
    }
    double[][] in = inputSpikes.clone();
    java.util.Arrays.sort(in, (p, q) -> Double.compare(p[0], q[0]));
    int next = 0;
    double t = 0;
    while (t < trialEnd) {
      double stop = Math.min(trialEnd, next < in.length ? in[next][0] : Double.POSITIVE_INFINITY);
      double step = Math.min(h, stop - t);
      double[] na = new double[n];
      double[] nc = new double[n];
      advance(a, cur, step, na, nc);
      int crossing = firstCrossing(na);
      if (crossing >= 0) {
        double lo = 0;
        double hi = step;
        for (int it = 0; it < 80; it++) {
          double mid = 0.5 * (lo + hi);
          advance(a, cur, mid, na, nc);
          if (firstCrossing(na) >= 0) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        advance(a, cur, hi, na, nc);
        System.arraycopy(na, 0, a, 0, n);
        System.arraycopy(nc, 0, cur, 0, n);
        t += hi;
        for (int k = 0; k < n; k++) {
          if (crossed(a[k])) {
            spikes.get(k).add(t);
            a[k] = qif ? -Math.PI / 2 : 0;
            if (wRec != null) {
              for (int r = 0; r < n; r++) {
                cur[r] += wRec[r * n + k];
              }
            }
          }
        }
        continue;
      }
      System.arraycopy(na, 0, a, 0, n);
      System.arraycopy(nc, 0, cur, 0, n);
      t += step;
      while (next < in.length && in[next][0] <= t && t < trialEnd) {
        int c = (int) in[next][1];
        for (int r = 0; r < n; r++) {
          cur[r] += wIn[r * inputs + c];
        }
        next++;
      }
    }
    return spikes;
  }

  private boolean crossed(double a) {
    return qif ? a >= Math.PI / 2 : a >= vth;
  }

  private int firstCrossing(double[] a) {
    for (int k = 0; k < n; k++) {
      if (crossed(a[k])) {
        return k;
      }
    }
    return -1;
  }

  private void advance(double[] a, double[] cur, double dt, double[] na, double[] nc) {
    for (int k = 0; k < n; k++) {
      double x = a[k];
      double i = cur[k];
      double k1 = rate(x, i);
      double j1 = -2 * i / tau;
      double k2 = rate(x + 0.5 * dt * k1, i + 0.5 * dt * j1);
      double j2 = -2 * (i + 0.5 * dt * j1) / tau;
      double k3 = rate(x + 0.5 * dt * k2, i + 0.5 * dt * j2);
      double j3 = -2 * (i + 0.5 * dt * j2) / tau;
      double k4 = rate(x + dt * k3, i + dt * j3);
      double j4 = -2 * (i + dt * j3) / tau;
      na[k] = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      nc[k] = i + dt / 6 * (j1 + 2 * j2 + 2 * j3 + j4);
    }
  }

  private double rate(double x, double i) {
    if (qif) {
      double s = Math.sin(x);
      double c = Math.cos(x);
      return (s * s - s * c + i * c * c) / tau;
    }
    return (-x + i) / tau;
  }
}
