package org.spikeforge.grad;

import java.util.Arrays;
import org.spikeforge.model.LifExpKernel;
import org.spikeforge.model.LifExpModel;
import org.spikeforge.model.NeuronModel;
import org.spikeforge.model.QifExpKernel;
import org.spikeforge.model.ThetaModel;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;

/**
 * Reverse-mode gradient of a loss L(spike times, pseudospike times) through one simulated run.
 *
 * <p>The loss enters as dL/dt per in-trial spike (layout {@link EventLog#spikeTimes()}) and per pseudospike (layout
 * {@link EventLog#pseudoTimes()}). The walk goes through the tape backwards keeping, per neuron, the adjoint lambda of
 * its state after its current record and, per record, the adjoint mu of the record's time with the state after it
 * held fixed. Flows pass lambda through F_x and move F_dt . lambda between the two ends' times; a spike at
 * t = t_prev + S(x_prev) with post-spike state R(x_prev, S) sends mu to the previous time and
 * (mu + R_dt . lambda) S_x to the previous state; a jump sends J_w . lambda to each contributing weight and the
 * closed-form time adjoint {@link NeuronModel#jumpTimeAdjoint} to each contributing spike or input time (split by
 * weight share for the theta model, whose coalesced jump has no per-source derivative at an exact tie). A LIF_DELTA
 * spike at an input's arrival (the jump itself took V past threshold) has the jump's time: its adjoint goes to the
 * jump's sources, and its derivatives in the weights and earlier states are 0. Everything stays finite at the QIF
 * reset V = -infinity because no vector field is ever evaluated there.
 *
 * <p>One instance owns reusable workspaces; not thread-safe.
 */
public final class SpikeTimeGradient {
  private double[] lambda = new double[0];
  private double[] mu = new double[0];
  private double[] rateAdjoint = new double[0];
  private double[] inputAdjoint = new double[0];
  private final double[] xPrev = new double[2];
  private final double[] y = new double[2];
  private final double[] out = new double[2];
  private final double[] lam = new double[2];
  private final double[] lamPrev = new double[2];
  private final double[] jac = new double[4];
  private final double[] jac2 = new double[4];
  private final double[] vec = new double[2];
  private final double[] vec2 = new double[2];
  private final double[] kernelOut = new double[5];
  private final double[] pair = new double[2];

  /**
   * Adds dL/d(parameters) of the run in log into grads.
   *
   * @param dLdSpike dL/dt per in-trial spike, at least log.totalSpikes() entries (null: all zero)
   * @param dLdPseudo dL/dt per pseudospike, at least log.totalPseudospikes() entries (null: all zero)
   */
  public void backward(EventLog log, double[] dLdSpike, double[] dLdPseudo, ParameterGradients grads) {
    CompiledNetwork net = log.network();
    NeuronModel model = net.model();
    int n = log.neuronCount();
    int d = model.dimension();
    int records = log.recordCount();
    grads.ensureInputs(log.inputs().spikeCount());
    if (lambda.length < n * d) {
      lambda = new double[n * d];
      rateAdjoint = new double[n];
      inputAdjoint = new double[n];
    }
    if (mu.length < records) {
      mu = new double[Math.max(records, 2 * mu.length)];
    }
    Arrays.fill(lambda, 0, n * d, 0);
    Arrays.fill(mu, 0, records, 0);
    double[] gW = grads.weights();
    double[] gIn = grads.inputTimes();
    double[] w = net.weights();
    if (dLdSpike != null) {
      int[] start = log.spikeStart();
      for (int i = 0; i < n; i++) {
        for (int k = start[i]; k < start[i + 1]; k++) {
          mu[spikeRecordOf(log, i, k - start[i])] += dLdSpike[k];
        }
      }
    }
    if (dLdPseudo != null && log.totalPseudospikes() > 0) {
      switch (net.kind()) {
        case QIF_EXP -> qifPseudoBackward(log, dLdPseudo, gW);
        case THETA -> thetaPseudoBackward(log, dLdPseudo, gW);
        case LIF_EXP -> lifPseudoBackward(log, dLdPseudo, gW);
        default -> { }
      }
    }
    boolean additive = model.additiveJumps();
    boolean fireAtJumps = model.firesAtJumps();
    for (int r = records - 1; r >= 0; r--) {
      int i = log.recordNeuron(r);
      int p = log.recordPrevious(r);
      log.stateAfter(p, i, xPrev);
      double tPrev = p < 0 ? 0 : log.recordTime(p);
      double dt = log.recordTime(r) - tPrev;
      for (int k = 0; k < d; k++) {
        lam[k] = lambda[i * d + k];
      }
      switch (log.recordKind(r)) {
        case EventLog.END -> {
          model.flow(xPrev, dt, out, jac, vec);
          transposeTimes(jac, lam, lamPrev, d);
          if (p >= 0) {
            mu[p] -= dot(vec, lam, d);
          }
        }
        case EventLog.JUMP -> {
          log.stateBeforeJump(r, y);
          double total = log.recordWeight(r);
          model.jump(y, total, out, jac, vec);
          double dW = dot(vec, lam, d);
          double g = model.jumpTimeAdjoint(y, total, lam);
          for (int c = log.contributionStart(r); c < log.contributionEnd(r); c++) {
            int wi = log.contributionWeight(c);
            gW[wi] += dW;
            double share;
            if (additive) {
              share = model.jumpTimeAdjoint(y, w[wi], lam);
            } else {
              share = total != 0 ? g * w[wi] / total : 0;
            }
            int src = log.contributionSource(c);
            if (src >= 0) {
              mu[src] += share;
            } else {
              gIn[-src - 1] += share;
            }
          }
          transposeTimes(jac, lam, vec2, d); // adjoint of the state just before the jump
          model.flow(xPrev, dt, out, jac2, null);
          transposeTimes(jac2, vec2, lamPrev, d);
          if (p >= 0) {
            mu[p] += mu[r] - g;
          }
        }
        default -> { // SPIKE
          if (fireAtJumps && p >= 0 && dt == 0 && log.recordKind(p) == EventLog.JUMP
              && model.timeToSpike(xPrev) == 0) {
            // fired at an input's arrival: its time is the jump's, which belongs to the jump's sources
            model.afterSpike(xPrev, dt, out, jac, vec);
            arrivalSpikeBackward(log, model, p, mu[r] + dot(vec, lam, d), w, gIn);
            transposeTimes(jac, lam, lamPrev, d);
            break;
          }
          model.afterSpike(xPrev, dt, out, jac, vec);
          double dDelta = mu[r] + dot(vec, lam, d);
          model.timeToSpike(xPrev, vec2);
          transposeTimes(jac, lam, lamPrev, d);
          for (int k = 0; k < d; k++) {
            lamPrev[k] += vec2[k] * dDelta;
          }
          if (p >= 0) {
            mu[p] += mu[r];
          }
        }
      }
      for (int k = 0; k < d; k++) {
        lambda[i * d + k] = lamPrev[k];
      }
    }
    double[] gInit = grads.initialState();
    for (int k = 0; k < n * d; k++) {
      gInit[k] += lambda[k];
    }
  }

  /**
   * A spike at an input's arrival (models that {@linkplain NeuronModel#firesAtJumps fire at jumps}): the jump record
   * jumpRecord lifted the state past threshold, so the spike time is the jump's time, which is the time of its
   * sources. g (dL/dt of the spike, downstream included) is split equally among the sources the spike needs, i.e.
   * those without whose weight the coalesced jump would not fire at once; if every source would suffice without it,
   * among the excitatory ones. With a single source (no tie) this is the exact derivative 1. Tied sources that move
   * together (a cascade of arrival spikes from one input, the usual way ties arise) get shares summing to 1, which is
   * again exact; for independent sources at an exact tie the spike time has no derivative and the equal split is a
   * convention. The record's previous event gets nothing: the spike does not depend on when the neuron last changed.
   * A source's contributions are contiguous in the record (the simulator fills them source by source), so a run of
   * equal sources is one source with its summed weight.
   */
  private void arrivalSpikeBackward(EventLog log, NeuronModel model, int jumpRecord, double g, double[] w,
      double[] gIn) {
    if (g == 0) {
      return;
    }
    log.stateBeforeJump(jumpRecord, y);
    double total = log.recordWeight(jumpRecord);
    int begin = log.contributionStart(jumpRecord);
    int end = log.contributionEnd(jumpRecord);
    int needed = 0;
    int excitatory = 0;
    for (int pass = 0; pass < 2; pass++) {
      boolean byNeed = needed > 0;
      double share = pass == 0 ? 0 : g / (byNeed ? needed : excitatory);
      int c = begin;
      while (c < end) {
        int src = log.contributionSource(c);
        double ws = 0;
        int runEnd = c;
        while (runEnd < end && log.contributionSource(runEnd) == src) {
          ws += w[log.contributionWeight(runEnd++)];
        }
        model.jump(y, total - ws, out, null, null);
        boolean need = model.timeToSpike(out) > 0;
        if (pass == 0) {
          needed += need ? 1 : 0;
          excitatory += ws > 0 ? 1 : 0;
        } else if (byNeed ? need : ws > 0) {
          if (src >= 0) {
            mu[src] += share;
          } else {
            gIn[-src - 1] += share;
          }
        }
        c = runEnd;
      }
      if (needed == 0 && excitatory == 0) {
        return;
      }
    }
  }

  private static int spikeRecordOf(EventLog log, int neuron, int k) {
    return log.spikeRecord(neuron, k);
  }

  private static double dot(double[] a, double[] b, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  /** out = jac^T v (jac row-major d x d). */
  private static void transposeTimes(double[] jac, double[] v, double[] out, int d) {
    for (int c = 0; c < d; c++) {
      double s = 0;
      for (int r = 0; r < d; r++) {
        s += jac[r * d + c] * v[r];
      }
      out[c] = s;
    }
  }

  private void qifPseudoBackward(EventLog log, double[] dLdPseudo, double[] gW) {
    CompiledNetwork net = log.network();
    int n = log.neuronCount();
    double alpha = net.pseudoAlpha();
    double tau = net.model().tau();
    int[] start = log.pseudoStart();
    Arrays.fill(rateAdjoint, 0, n, 0);
    for (int i = 0; i < n; i++) {
      double dPeriod = 0;
      double dPhase = 0;
      for (int k = start[i]; k < start[i + 1]; k++) {
        double g = dLdPseudo[k];
        dPeriod += (k - start[i] + 1) * g;
        dPhase -= g;
      }
      double c = log.pseudoDrive(i);
      double sigma = Math.sqrt(c);
      double v = log.stateAtEnd(i, 0);
      QifExpKernel.constantDrivePhaseGrad(v, sigma, tau, pair);
      double period = QifExpKernel.constantDrivePeriod(sigma, tau);
      double dPeriodDsigma = -period / sigma;
      double dPhaseDsigma = pair[0];
      double dPhaseDv = pair[1];
      double dSigma = dPeriod * dPeriodDsigma + dPhase * dPhaseDsigma;
      double dIp = dSigma / (2 * sigma) * sigmoid(log.pseudoInput(i) / alpha);
      inputAdjoint[i] = dIp;
      lambda[i * 2] += dPhase * dPhaseDv;
      lambda[i * 2 + 1] += dIp;
    }
    double[] w = net.weights();
    for (int proj = 0; proj < net.projectionCount(); proj++) {
      int src = net.projectionSource(proj);
      if (src == CompiledNetwork.INPUT) {
        continue;
      }
      int srcOff = net.populationOffset(src);
      int tgtOff = net.populationOffset(net.projectionTarget(proj));
      int rows = net.projectionRows(proj);
      int cols = net.projectionCols(proj);
      int base = net.weightOffset(proj);
      for (int r = 0; r < rows; r++) {
        double dIp = inputAdjoint[tgtOff + r];
        if (dIp == 0) {
          continue;
        }
        for (int c = 0; c < cols; c++) {
          gW[base + r * cols + c] += dIp * log.pseudoRate(srcOff + c);
          rateAdjoint[srcOff + c] += dIp * w[base + r * cols + c];
        }
      }
    }
    for (int j = 0; j < n; j++) {
      double v = log.stateAtEnd(j, 0);
      if (rateAdjoint[j] != 0 && Double.isFinite(v)) {
        lambda[j * 2] += rateAdjoint[j] * QifExpKernel.pseudoRateDerivV(v, alpha);
      }
    }
  }

  private static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  private void thetaPseudoBackward(EventLog log, double[] dLdPseudo, double[] gW) {
    CompiledNetwork net = log.network();
    ThetaModel model = (ThetaModel) net.model();
    double period = model.period();
    int n = log.neuronCount();
    int[] start = log.pseudoStart();
    double[] w = net.weights();
    Arrays.fill(rateAdjoint, 0, n, 0);
    for (int p = net.populationCount() - 1; p >= 0; p--) {
      int off = net.populationOffset(p);
      int size = net.populationSize(p);
      for (int r = 0; r < size; r++) {
        int i = off + r;
        double dh = rateAdjoint[i] / period;
        if (start[i + 1] > start[i]) {
          dh -= dLdPseudo[start[i]];
        }
        y[0] = log.stateAtEnd(i, 0);
        model.jump(y, log.pseudoInput(i), out, jac, vec);
        lambda[i] += jac[0] * dh;
        inputAdjoint[i] = vec[0] * dh;
      }
      for (int proj = 0; proj < net.projectionCount(); proj++) {
        int src = net.projectionSource(proj);
        if (net.projectionTarget(proj) != p || src == CompiledNetwork.INPUT || src == p) {
          continue;
        }
        int srcOff = net.populationOffset(src);
        int cols = net.projectionCols(proj);
        int base = net.weightOffset(proj);
        for (int r = 0; r < size; r++) {
          double dx = inputAdjoint[off + r];
          if (dx == 0) {
            continue;
          }
          for (int c = 0; c < cols; c++) {
            gW[base + r * cols + c] += dx * log.pseudoRate(srcOff + c);
            rateAdjoint[srcOff + c] += dx * w[base + r * cols + c];
          }
        }
      }
    }
  }

  /**
   * Reverse of the LIF layer-wise pseudospike pass (sim.Pseudospikes): populations backwards; per neuron the
   * adjoint of its pseudospike T + tau L1 and of its rate r = 1 - L1 / L0 go through the partials of
   * {@link LifExpKernel#pseudoDrive} to V(T) and to the drive x = I(T) + sum_j w_ij r_j, which passes them on to
   * I(T), the weights and the earlier populations' rates.
   */
  private void lifPseudoBackward(EventLog log, double[] dLdPseudo, double[] gW) {
    CompiledNetwork net = log.network();
    LifExpModel model = (LifExpModel) net.model();
    int n = log.neuronCount();
    int[] start = log.pseudoStart();
    double[] w = net.weights();
    double[] k = kernelOut;
    Arrays.fill(rateAdjoint, 0, n, 0);
    for (int p = net.populationCount() - 1; p >= 0; p--) {
      int off = net.populationOffset(p);
      int size = net.populationSize(p);
      for (int r = 0; r < size; r++) {
        int i = off + r;
        LifExpKernel.pseudoDrive(log.pseudoInput(i), log.stateAtEnd(i, 0), model.threshold(), k);
        double dL1 = start[i + 1] > start[i] ? model.tau() * dLdPseudo[start[i]] : 0;
        double dRate = rateAdjoint[i];
        double dV = dL1 * k[1] + dRate * LifExpKernel.pseudoRateDerivV(k);
        double dx = dL1 * k[2] + dRate * LifExpKernel.pseudoRateDerivX(k);
        lambda[i * 2] += dV;
        lambda[i * 2 + 1] += dx;
        inputAdjoint[i] = dx;
      }
      for (int proj = 0; proj < net.projectionCount(); proj++) {
        int src = net.projectionSource(proj);
        if (net.projectionTarget(proj) != p || src == CompiledNetwork.INPUT || src == p) {
          continue;
        }
        int srcOff = net.populationOffset(src);
        int cols = net.projectionCols(proj);
        int base = net.weightOffset(proj);
        for (int r = 0; r < size; r++) {
          double dx = inputAdjoint[off + r];
          if (dx == 0) {
            continue;
          }
          for (int c = 0; c < cols; c++) {
            gW[base + r * cols + c] += dx * log.pseudoRate(srcOff + c);
            rateAdjoint[srcOff + c] += dx * w[base + r * cols + c];
          }
        }
      }
    }
  }

  /**
   * Adds g to the dL/dt slot of the n-th (0-based) spike of neuron i, continued by pseudospikes: in-trial spike n
   * when the neuron fired more than n times, else pseudospike n - K (K in-trial spikes). Returns false (and adds
   * nothing) when neither exists, e.g. a LIF neuron that fired n times or fewer.
   */
  public static boolean addToNthSpike(EventLog log, int i, int n, double g, double[] dLdSpike, double[] dLdPseudo) {
    int k = log.spikeCount(i);
    if (n < k) {
      dLdSpike[log.spikeStart()[i] + n] += g;
      return true;
    }
    if (n - k < log.pseudospikeCount(i)) {
      dLdPseudo[log.pseudoStart()[i] + n - k] += g;
      return true;
    }
    return false;
  }

  /** Convenience: a dL/dt buffer of the right size for the log's spikes (zeros). */
  public static double[] spikeBuffer(EventLog log) {
    return new double[log.totalSpikes()];
  }

  /** Convenience: a dL/dt buffer of the right size for the log's pseudospikes (zeros). */
  public static double[] pseudoBuffer(EventLog log) {
    return new double[log.totalPseudospikes()];
  }
}
