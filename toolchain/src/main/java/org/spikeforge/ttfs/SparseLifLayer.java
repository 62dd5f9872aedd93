package org.spikeforge.ttfs;

import org.spikeforge.model.LifExpKernel;

/**
 * The LIF layer of {@link LifLayer} for conv and pool wiring, where an input group reaches only a few of the layer's
 * neurons (a conv source reaches out-channels x kernel footprint, a pool source one window): each group visits only
 * the neurons that it reaches (its <em>touches</em>), and a neuron's free flow is advanced lazily, in one closed-form
 * step from its last event (touch or spike) to the next touch or to T. The closed forms, the crossing test, the
 * spike records and the adjoint formulas are {@link LifLayer}'s, so the spikes and gradients are those of the eager
 * layer up to rounding (a flow over two intervals is one flow here, with one decay factor instead of a product).
 * Spikes found late (when the neuron is next touched) get the interval they fall in by a binary search over the
 * group times, and the layer's spike list is sorted once at the end into the eager order (interval, time, neuron).
 *
 * <p>Records are per touch (see {@link LayerTrace#touchStart}), so a layer's memory and work per sample are the
 * number of synaptic events, not groups x neurons. The reverse pass visits the same touches backwards.
 */
final class SparseLifLayer {
  private final LifLayer eager;
  private final double tau;
  private final double threshold;
  private final double invTau;

  SparseLifLayer(LifLayer eager) {
    this.eager = eager;
    tau = eager.tau;
    threshold = eager.threshold;
    invTau = 1.0 / tau;
  }

  private double crossing(double v, double cur, double sEnd) {
    double sp = LifExpKernel.crossingFromBelow(v, cur, threshold);
    return sp >= sEnd ? sp : -1.0;
  }

  void forward(SparseWiring w, double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd) {
    final int n = tr.size;
    final double[] vs = tr.stateA;
    final double[] is = tr.stateB;
    final double[] anchor = tr.anchor;
    final double[] acc = tr.acc;
    final int[] last = tr.lastGroup;
    for (int i = 0; i < n; i++) {
      double v0 = p[sOff + i];
      if (!(v0 < threshold)) {
        throw new IllegalArgumentException("ttfs LIF initial V0 of neuron " + i + " is " + v0
            + ": must be below the threshold " + threshold);
      }
      vs[i] = v0;
      is[i] = p[sOff + n + i];
      anchor[i] = 0.0;
    }
    java.util.Arrays.fill(last, -1);
    java.util.Arrays.fill(tr.mark, -1);
    tr.resetSpikes();
    tr.lazy = true;
    tr.touchCount = 0;
    final int groups = tr.groupCount;
    for (int g = 0; g < groups; g++) {
      double tg = tr.groupTime[g];
      int start = tr.groupStart[g];
      int end = tr.groupStart[g + 1];
      tr.ensureTouches(w.reachBound(tr.memberSource, start, end), true);
      final int[] touched = tr.touchNeuron;
      final double[] recV = tr.recA;
      final double[] recI = tr.recB;
      final double[] recS = tr.recC;
      int e0 = tr.touchCount;
      int e1 = w.gather(p, wOff, acc, tr.mark, g, touched, e0, tr.memberSource, start, end);
      tr.touchStart[g] = e0;
      for (int e = e0; e < e1; e++) {
        int i = touched[e];
        double s = LifExpKernel.decay(tg - anchor[i], invTau);
        double v = vs[i];
        double cur = is[i];
        double sp = crossing(v, cur, s);
        while (sp > 0.0) {
          double tSpike = anchor[i] + LifExpKernel.crossingTime(sp, tau);
          double iPost = LifExpKernel.resetCurrent(cur, sp);
          addSpike(tr, tSpike, i, tr.intervalOf(tSpike, last[i] + 1, g), sp, iPost);
          anchor[i] = tSpike;
          v = LifExpKernel.RESET;
          cur = iPost;
          s = LifExpKernel.decay(tg - tSpike, invTau);
          sp = crossing(v, cur, s);
        }
        double vm = LifExpKernel.flowV(v, cur, s);
        double im = LifExpKernel.flowI(cur, s);
        recV[e] = vm;
        recI[e] = im;
        recS[e] = s;
        vs[i] = vm;
        is[i] = im + acc[i];
        anchor[i] = tg;
        last[i] = g;
      }
      tr.touchCount = e1;
    }
    tr.touchStart[groups] = tr.touchCount;
    final double[] sEnd = tr.tmpX;
    for (int i = 0; i < n; i++) {
      double v = vs[i];
      double cur = is[i];
      double s = LifExpKernel.decay(trialEnd - anchor[i], invTau);
      double sp = crossing(v, cur, s);
      while (sp > 0.0) {
        double tSpike = anchor[i] + LifExpKernel.crossingTime(sp, tau);
        double iPost = LifExpKernel.resetCurrent(cur, sp);
        addSpike(tr, tSpike, i, tr.intervalOf(tSpike, last[i] + 1, groups), sp, iPost);
        anchor[i] = tSpike;
        v = LifExpKernel.RESET;
        cur = iPost;
        s = LifExpKernel.decay(trialEnd - tSpike, invTau);
        sp = crossing(v, cur, s);
      }
      vs[i] = LifExpKernel.flowV(v, cur, s);
      is[i] = LifExpKernel.flowI(cur, s);
      sEnd[i] = s;
    }
    tr.sortAllSpikesByInterval(true);
    tr.indexFirstSpikes();
  }

  private void addSpike(LayerTrace tr, double tSpike, int i, int interval, double sp, double iPost) {
    int idx = tr.addSpike(tSpike, i, interval);
    tr.spikeS[idx] = sp;
    tr.spikeVdot[idx] = LifExpKernel.crossingSlope(iPost, threshold, invTau);
    tr.spikeIpost[idx] = iPost;
  }

  /** {@link LifLayer#backward} over the touches of {@link #forward}. */
  void backward(SparseWiring w, double[] p, int wOff, int sOff, LayerTrace tr, double[] grad,
      double[] prevAdjoint, boolean seededAtEnd) {
    final int n = tr.size;
    final double[] lv = tr.lambdaA;
    final double[] li = tr.lambdaB;
    final double[] lt = tr.lambdaT;
    final double[] dLda = tr.acc;
    final double[] perWeight = tr.tmpY;
    if (seededAtEnd) {
      final double[] sEnd = tr.tmpX;
      for (int i = 0; i < n; i++) {
        double a = lv[i];
        double c = li[i];
        double s = sEnd[i];
        lv[i] = LifExpKernel.adjointV(a, s);
        li[i] = LifExpKernel.adjointI(a, c, s);
        lt[i] = -LifExpKernel.flowTimeAdjoint(a, c, tr.stateA[i], tr.stateB[i], invTau);
      }
    } else {
      java.util.Arrays.fill(lv, 0.0);
      java.util.Arrays.fill(li, 0.0);
      java.util.Arrays.fill(lt, 0.0);
    }
    final double[] recV = tr.recA;
    final double[] recI = tr.recB;
    final double[] recS = tr.recC;
    final int[] touched = tr.touchNeuron;
    int sp = tr.spikeCount - 1;
    for (int g = tr.groupCount - 1; g >= -1; g--) {
      while (sp >= 0 && tr.spikeInterval[sp] > g) {
        eager.spikeBackward(tr, sp, lv, li, lt);
        sp--;
      }
      if (g < 0) {
        break;
      }
      double dLdt = 0.0;
      boolean any = false;
      for (int e = tr.touchStart[g], e1 = tr.touchStart[g + 1]; e < e1; e++) {
        int i = touched[e];
        double a = lv[i];
        double c = li[i];
        double s = recS[e];
        dLda[i] = c;
        perWeight[i] = -(a - 2.0 * c) * invTau;
        any |= c != 0.0;
        double flowEnd = LifExpKernel.flowTimeAdjoint(a, c, recV[e], recI[e], invTau);
        dLdt += lt[i] + flowEnd;
        lv[i] = LifExpKernel.adjointV(a, s);
        li[i] = LifExpKernel.adjointI(a, c, s);
        lt[i] = -flowEnd;
      }
      int start = tr.groupStart[g];
      int end = tr.groupStart[g + 1];
      if (any) {
        w.addToRows(grad, wOff, tr.memberSource, start, end, dLda);
      }
      if (prevAdjoint != null && end - start > 1) {
        for (int m = start; m < end; m++) {
          prevAdjoint[tr.memberSpike[m]] += w.rowDot(p, wOff, tr.memberSource[m], perWeight);
        }
      } else if (prevAdjoint != null && dLdt != 0.0) {
        prevAdjoint[tr.memberSpike[start]] += dLdt;
      }
    }
    for (int i = 0; i < n; i++) {
      grad[sOff + i] += lv[i];
      grad[sOff + n + i] += li[i];
    }
  }
}
