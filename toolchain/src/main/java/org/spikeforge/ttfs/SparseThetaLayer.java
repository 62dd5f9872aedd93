package org.spikeforge.ttfs;

import org.spikeforge.model.ThetaKernel;

/**
 * The theta layer of {@link ThetaLayer} for conv and pool wiring: each input group visits only the neurons it
 * reaches (its touches), and a neuron's free rotation is advanced lazily from its last touch to the next one or to
 * T (see {@link SparseLifLayer} for the scheme). A neuron's anchor is always a group time or 0, so the rotation by
 * k (t_g - t_anchor) is the product of two rotations from the trial start whose cosines and sines are computed once
 * per group: no trigonometric call per touch. Jumps, spike timing (the slow path) and the recorded dH/dphi, dH/dw
 * are {@link ThetaLayer}'s; records are per touch, and the reverse pass visits the touches backwards.
 */
final class SparseThetaLayer {
  private final double k;
  private final double period;
  private final double invB;
  private final double hwScale;

  SparseThetaLayer(ThetaLayer eager) {
    k = eager.k;
    period = eager.period;
    invB = 1.0 / eager.b;
    hwScale = eager.tau / (eager.b * eager.b);
  }

  void forward(Wiring w, double[] p, int wOff, int sOff, LayerTrace tr, double trialEnd) {
    final int n = tr.size;
    final double[] xs = tr.stateA;
    final double[] ys = tr.stateB;
    final double[] anchor = tr.anchor;
    final double[] acc = tr.acc;
    final int[] last = tr.lastGroup;
    for (int i = 0; i < n; i++) {
      xs[i] = ThetaKernel.vectorX(p[sOff + i], k);
      ys[i] = ThetaKernel.vectorY(p[sOff + i], k);
      anchor[i] = 0.0;
    }
    java.util.Arrays.fill(last, -1);
    java.util.Arrays.fill(tr.mark, -1);
    tr.resetSpikes();
    tr.lazy = true;
    tr.touchCount = 0;
    final int groups = tr.groupCount;
    final double[] gc = tr.groupCos;
    final double[] gs = tr.groupSin;
    for (int g = 0; g < groups; g++) {
      double tg = tr.groupTime[g];
      double cg = Math.cos(k * tg);
      double sg = Math.sin(k * tg);
      gc[g] = cg;
      gs[g] = sg;
      int start = tr.groupStart[g];
      int end = tr.groupStart[g + 1];
      tr.ensureTouches(w.reachBound(tr.memberSource, start, end), false);
      final int[] touched = tr.touchNeuron;
      final double[] hPhi = tr.recA;
      final double[] hW = tr.recB;
      int e0 = tr.touchCount;
      int e1 = w.gather(p, wOff, acc, tr.mark, g, touched, e0, tr.memberSource, start, end);
      tr.touchStart[g] = e0;
      for (int e = e0; e < e1; e++) {
        int i = touched[e];
        int a = last[i];
        double x1;
        double y1;
        if (k * (tg - anchor[i]) < Math.PI) {
          double cd = a < 0 ? cg : cg * gc[a] + sg * gs[a];
          double sd = a < 0 ? sg : sg * gc[a] - cg * gs[a];
          double x = xs[i];
          double y = ys[i];
          x1 = ThetaKernel.rotateX(x, y, cd, sd);
          y1 = ThetaKernel.rotateY(x, y, cd, sd);
          if (!ThetaKernel.beforeSpike(x1, y1)) {
            advanceSlow(tr, i, tg, g);
            x1 = xs[i];
            y1 = ys[i];
          }
        } else {
          advanceSlow(tr, i, tg, g);
          x1 = xs[i];
          y1 = ys[i];
        }
        double yj = ThetaKernel.shearY(x1, y1, acc[i], invB);
        double hp = ThetaKernel.derivPhiOfVector(x1, yj);
        double inv = Math.sqrt(hp);
        hPhi[e] = hp;
        hW[e] = ThetaKernel.derivWOfVector(x1, hp, hwScale);
        xs[i] = x1 * inv;
        ys[i] = yj * inv;
        anchor[i] = tg;
        last[i] = g;
      }
      tr.touchCount = e1;
    }
    tr.touchStart[groups] = tr.touchCount;
    double cT = Math.cos(k * trialEnd);
    double sT = Math.sin(k * trialEnd);
    for (int i = 0; i < n; i++) {
      int a = last[i];
      if (k * (trialEnd - anchor[i]) < Math.PI) {
        double cd = a < 0 ? cT : cT * gc[a] + sT * gs[a];
        double sd = a < 0 ? sT : sT * gc[a] - cT * gs[a];
        double x = xs[i];
        double y = ys[i];
        double x1 = ThetaKernel.rotateX(x, y, cd, sd);
        double y1 = ThetaKernel.rotateY(x, y, cd, sd);
        if (ThetaKernel.beforeSpike(x1, y1)) {
          xs[i] = x1;
          ys[i] = y1;
          anchor[i] = trialEnd;
          continue;
        }
      }
      advanceSlow(tr, i, trialEnd, groups);
    }
    tr.finishLazySpikes(false);
  }

  /**
   * {@link ThetaLayer}'s slow path: advances neuron i from its anchor to tEnd (group {@code to}, or T for to =
   * groupCount), emitting every spike at or before tEnd with the interval it falls in.
   */
  private void advanceSlow(LayerTrace tr, int i, double tEnd, int to) {
    double t0 = tr.anchor[i];
    int from = tr.lastGroup[i] + 1;
    double psi = ThetaKernel.angleOfVector(tr.stateA[i], tr.stateB[i]);
    double tSpike = t0 + (ThetaKernel.SPIKE_ANGLE - psi) / k;
    while (tSpike <= tEnd) {
      tr.addLazySpike(tSpike, i, from, to);
      t0 = tSpike;
      psi = ThetaKernel.RESET_ANGLE;
      tSpike = t0 + period;
    }
    double psiEnd = Math.min(psi + k * (tEnd - t0), ThetaKernel.SPIKE_ANGLE);
    tr.stateA[i] = Math.cos(psiEnd);
    tr.stateB[i] = Math.sin(psiEnd);
    tr.anchor[i] = tEnd;
  }

  /** {@link ThetaLayer#backward} over the touches of {@link #forward}. */
  void backward(Wiring w, int wOff, int sOff, LayerTrace tr, double[] grad, double[] prevAdjoint) {
    final int n = tr.size;
    final double[] lambda = tr.lambdaA;
    final double[] dLda = tr.acc;
    final double[] hPhi = tr.recA;
    final double[] hW = tr.recB;
    final int[] touched = tr.touchNeuron;
    int sp = tr.spikeCount - 1;
    for (int g = tr.groupCount - 1; g >= 0; g--) {
      while (sp >= 0 && tr.spikeInterval[sp] > g) {
        lambda[tr.spikeNeuron[sp]] -= tr.spikeAdjoint[sp];
        sp--;
      }
      double dLdt = 0.0;
      boolean any = false;
      for (int e = tr.touchStart[g], e1 = tr.touchStart[g + 1]; e < e1; e++) {
        int i = touched[e];
        double l = lambda[i];
        double hp = hPhi[e];
        double d = l * hW[e];
        dLda[i] = d;
        any |= d != 0.0;
        dLdt += l * (hp - 1.0);
        lambda[i] = l * hp;
      }
      int start = tr.groupStart[g];
      int end = tr.groupStart[g + 1];
      if (any) {
        w.addToRows(grad, wOff, tr.memberSource, start, end, dLda);
      }
      if (prevAdjoint != null && dLdt != 0.0) {
        double share = dLdt / (end - start);
        for (int m = start; m < end; m++) {
          prevAdjoint[tr.memberSpike[m]] += share;
        }
      }
    }
    while (sp >= 0) {
      lambda[tr.spikeNeuron[sp]] -= tr.spikeAdjoint[sp];
      sp--;
    }
    for (int i = 0; i < n; i++) {
      grad[sOff + i] += lambda[i];
    }
  }
}
