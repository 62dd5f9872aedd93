package org.spikeforge.ttfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately plain, independent re-implementation for tests: one presynaptic spike at a time (no
 * coalescing), theta phases as numbers with H through tan/atan, LIF crossings found by sampling and
 * bisection of V(t) instead of the quadratic root. Slow and allocating on purpose.
 */
final class ReferenceTtfs {
  private ReferenceTtfs() {}

  /** Spike lists per layer (index 1..L), each a time-sorted list of {time, neuron}. */
  static List<List<double[]>> spikes(TtfsNetwork net, double[] inputTimes) {
    List<List<double[]>> layers = new ArrayList<>();
    List<double[]> pre = new ArrayList<>();
    for (int c = 0; c < inputTimes.length; c++) {
      if (inputTimes[c] <= net.trialEnd()) {
        pre.add(new double[] {inputTimes[c], c});
      }
    }
    pre.sort((a, b) -> Double.compare(a[0], b[0]));
    layers.add(pre);
    for (int l = 1; l <= net.numLayers(); l++) {
      List<double[]> out = new ArrayList<>();
      for (int i = 0; i < net.layerSize(l); i++) {
        if (net.model() == org.spikeforge.proto.NeuronModel.THETA) {
          thetaNeuron(net, l, i, pre, out);
        } else {
          lifNeuron(net, l, i, pre, out);
        }
      }
      out.sort((a, b) -> Double.compare(a[0], b[0]));
      layers.add(out);
      pre = out;
    }
    return layers;
  }

  static double hRef(TtfsNetwork net, double phi, double w) {
    NeuronConstants c = net.neuron();
    double b = Math.sqrt(c.drive() - 0.25);
    double k = b / c.tau();
    if (phi == 0.0) {
      return 0.0;
    }
    return (Math.atan(Math.tan(k * phi - Math.PI / 2) + w / b) + Math.PI / 2) / k;
  }

  /** Phase at T per neuron of layer l. */
  static double[] thetaPhasesAtEnd(TtfsNetwork net, int l, List<double[]> pre) {
    double[] res = new double[net.layerSize(l)];
    for (int i = 0; i < res.length; i++) {
      List<double[]> sink = new ArrayList<>();
      res[i] = thetaNeuron(net, l, i, pre, sink);
    }
    return res;
  }

  private static double thetaNeuron(TtfsNetwork net, int l, int i, List<double[]> pre, List<double[]> out) {
    double period = net.thetaPeriod();
    double[] p = net.parameters();
    double phi = p[net.initialStateOffset(l) + i];
    double t0 = 0;
    for (double[] ev : pre) {
      double t = ev[0];
      while (t0 + period - phi <= t) {
        t0 = t0 + period - phi;
        out.add(new double[] {t0, i});
        phi = 0;
      }
      phi += t - t0;
      t0 = t;
      phi = hRef(net, phi, p[net.weightIndex(l, i, (int) ev[1])]);
    }
    while (t0 + period - phi <= net.trialEnd()) {
      t0 = t0 + period - phi;
      out.add(new double[] {t0, i});
      phi = 0;
    }
    return phi + net.trialEnd() - t0;
  }

  /** Output times with the theta pseudospike pass for silent outputs, written straight from SCIENCE.md 3. */
  static double[] thetaOutputTimes(TtfsNetwork net, double[] inputTimes) {
    List<List<double[]>> sp = spikes(net, inputTimes);
    int layers = net.numLayers();
    double period = net.thetaPeriod();
    double[] x = null;
    double[] h = null;
    double[] p = net.parameters();
    for (int l = 1; l <= layers; l++) {
      double[] phiT = thetaPhasesAtEnd(net, l, sp.get(l - 1));
      h = new double[phiT.length];
      double[] r = new double[phiT.length];
      for (int i = 0; i < phiT.length; i++) {
        double xi = 0;
        if (x != null) {
          for (int j = 0; j < x.length; j++) {
            xi += p[net.weightIndex(l, i, j)] * x[j];
          }
        }
        h[i] = l == 1 ? phiT[i] : hRefAny(net, phiT[i], xi);
        r[i] = h[i] / period;
      }
      x = r;
    }
    double[] outT = new double[net.layerSize(layers)];
    Arrays.fill(outT, Double.NaN);
    for (double[] s : sp.get(layers)) {
      int q = (int) s[1];
      if (Double.isNaN(outT[q])) {
        outT[q] = s[0];
      }
    }
    for (int q = 0; q < outT.length; q++) {
      if (Double.isNaN(outT[q])) {
        outT[q] = net.trialEnd() + period - h[q];
      }
    }
    return outT;
  }

  private static double hRefAny(TtfsNetwork net, double phi, double w) {
    return phi == 0.0 ? 0.0 : hRef(net, phi, w);
  }

  private static void lifNeuron(TtfsNetwork net, int l, int i, List<double[]> pre, List<double[]> out) {
    NeuronConstants c = net.neuron();
    double tau = c.tau();
    double th = c.threshold();
    double[] p = net.parameters();
    int n = net.layerSize(l);
    double v = p[net.initialStateOffset(l) + i];
    double cur = p[net.initialStateOffset(l) + n + i];
    double t0 = 0;
    List<double[]> events = new ArrayList<>(pre);
    events.add(new double[] {net.trialEnd(), -1});
    for (double[] ev : events) {
      double t1 = ev[0];
      while (true) {
        double ts = firstCrossing(v, cur, t0, t1, tau, th);
        if (Double.isNaN(ts)) {
          break;
        }
        double s = Math.exp(-(ts - t0) / tau);
        cur = cur * s * s;
        v = 0;
        t0 = ts;
        out.add(new double[] {ts, i});
      }
      double s = Math.exp(-(t1 - t0) / tau);
      v = (v + cur) * s - cur * s * s;
      cur = cur * s * s;
      t0 = t1;
      if (ev[1] >= 0) {
        cur += p[net.weightIndex(l, i, (int) ev[1])];
      }
    }
  }

  private static double vAt(double v, double cur, double dt, double tau) {
    double s = Math.exp(-dt / tau);
    return (v + cur) * s - cur * s * s;
  }

  private static double firstCrossing(double v, double cur, double t0, double t1, double tau, double th) {
    int steps = 1000;
    double prevT = t0;
    for (int q = 1; q <= steps; q++) {
      double t = t0 + (t1 - t0) * q / steps;
      if (vAt(v, cur, t - t0, tau) >= th) {
        double lo = prevT;
        double hi = t;
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
          double mid = 0.5 * (lo + hi);
          if (vAt(v, cur, mid - t0, tau) >= th) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        return hi;
      }
      prevT = t;
    }
    return Double.NaN;
  }
}
