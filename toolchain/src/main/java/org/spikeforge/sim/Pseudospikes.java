package org.spikeforge.sim;

import org.spikeforge.model.LifExpKernel;
import org.spikeforge.model.LifExpModel;
import org.spikeforge.model.QifExpKernel;
import org.spikeforge.model.ThetaKernel;
import org.spikeforge.model.ThetaModel;

/**
 * Pseudospikes after the trial end T (SCIENCE.md 3), computed from the states at T.
 *
 * <p>QIF_EXP (softplus scheme): neuron i continues as a free QIF neuron with constant drive
 * c_i = alpha ln(1 + exp(I_p / alpha)), I_p = I_i(T) + sum_j w_ij r_j over every projection from a population
 * (input channels have no rate). Presynaptic rate r_j = phi~_j / Theta~_j at c = alpha ln 2, i.e.
 * r_j = atan2(sqrt(c0), 1/2 - V_j(T)) / pi. With sigma = sqrt(c_i): Theta~ = tau pi / sigma,
 * phi~ = tau atan2(sigma, 1/2 - V_i(T)) / sigma, and the k-th pseudospike is T + k Theta~ - phi~.
 *
 * <p>THETA (layer-wise time-to-first-spike scheme): populations in order; x_i = sum_j w_ij r_j over projections from
 * earlier populations (input and recurrent projections contribute nothing), h_i = H(phi_i(T), x_i),
 * r_i = h_i / Theta, and a neuron with no in-trial spike gets one pseudospike T + Theta - h_i.
 *
 * <p>LIF_EXP: none by default. With {@link SimulationOptions#lifPseudospikes()} the layer-wise scheme of the layered
 * TTFS engine (docs/LIF-PSEUDOSPIKES.md), populations in order like THETA: x_i = I_i(T) + sum_j w_ij r_j over
 * projections from earlier populations, {@link LifExpKernel#pseudoDrive} gives L1 (and L0), r_i = 1 - L1 / L0, and a
 * neuron with no in-trial spike gets one pseudospike T + tau L1. The log keeps x in pseudoInput, L1 in pseudoDrive.
 *
 * <p>LIF_DELTA: none.
 */
public final class Pseudospikes {
  private Pseudospikes() {}

  static void compute(CompiledNetwork net, SimulationOptions options, EventLog log, int[] counts) {
    int n = net.neuronCount();
    switch (net.kind()) {
      case QIF_EXP -> {
        java.util.Arrays.fill(counts, 0, n, options.qifPseudospikes());
        log.preparePseudo(counts);
        qif(net, log, options.qifPseudospikes());
      }
      case THETA -> {
        for (int i = 0; i < n; i++) {
          counts[i] = log.spikeCount(i) == 0 ? 1 : 0;
        }
        log.preparePseudo(counts);
        theta(net, log);
      }
      case LIF_EXP -> {
        for (int i = 0; i < n; i++) {
          counts[i] = options.lifPseudospikes() && log.spikeCount(i) == 0 ? 1 : 0;
        }
        log.preparePseudo(counts);
        if (options.lifPseudospikes()) {
          lif(net, log);
        }
      }
      default -> {
        java.util.Arrays.fill(counts, 0, n, 0);
        log.preparePseudo(counts);
      }
    }
  }

  /** Softplus alpha ln(1 + e^(x / alpha)), computed without overflow. */
  public static double softplus(double x, double alpha) {
    double z = x / alpha;
    return alpha * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
  }

  /** Presynaptic pseudo-rate of a QIF neuron with V(T) = v: atan2(sqrt(c0), 1/2 - v) / pi, c0 = alpha ln 2. */
  public static double qifRate(double v, double alpha) {
    return QifExpKernel.pseudoRate(v, alpha);
  }

  private static void qif(CompiledNetwork net, EventLog log, int count) {
    int n = net.neuronCount();
    double alpha = net.pseudoAlpha();
    double tau = net.model().tau();
    double trialEnd = net.trialEnd();
    double[] w = net.weights();
    for (int j = 0; j < n; j++) {
      log.pseudoRate[j] = qifRate(log.stateAtEnd(j, 0), alpha);
      log.pseudoInput[j] = log.stateAtEnd(j, 1);
    }
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
        double sum = 0;
        for (int c = 0; c < cols; c++) {
          sum += w[base + r * cols + c] * log.pseudoRate[srcOff + c];
        }
        log.pseudoInput[tgtOff + r] += sum;
      }
    }
    for (int i = 0; i < n; i++) {
      double c = softplus(log.pseudoInput[i], alpha);
      log.pseudoDrive[i] = c;
      double sigma = Math.sqrt(c);
      double period = QifExpKernel.constantDrivePeriod(sigma, tau);
      double phase = QifExpKernel.constantDrivePhase(log.stateAtEnd(i, 0), sigma, tau);
      int at = log.pseudoStart[i];
      for (int k = 1; k <= count; k++) {
        log.pseudoTime[at + k - 1] = trialEnd + k * period - phase;
      }
    }
  }

  private static void theta(CompiledNetwork net, EventLog log) {
    ThetaModel model = (ThetaModel) net.model();
    double period = model.period();
    double trialEnd = net.trialEnd();
    for (int p = 0; p < net.populationCount(); p++) {
      int off = net.populationOffset(p);
      int size = net.populationSize(p);
      for (int r = 0; r < size; r++) {
        log.pseudoInput[off + r] = 0;
      }
      addEarlierRates(net, log, p);
      for (int r = 0; r < size; r++) {
        int i = off + r;
        double h = model.phaseResponse(log.stateAtEnd(i, 0), log.pseudoInput[i]);
        log.pseudoDrive[i] = h;
        log.pseudoRate[i] = h / period;
        if (log.spikeCount(i) == 0) {
          log.pseudoTime[log.pseudoStart[i]] = trialEnd + ThetaKernel.timeToSpike(h, period);
        }
      }
    }
  }

  private static void lif(CompiledNetwork net, EventLog log) {
    LifExpModel model = (LifExpModel) net.model();
    double trialEnd = net.trialEnd();
    double[] k = new double[5];
    for (int p = 0; p < net.populationCount(); p++) {
      int off = net.populationOffset(p);
      int size = net.populationSize(p);
      for (int r = 0; r < size; r++) {
        log.pseudoInput[off + r] = log.stateAtEnd(off + r, 1);
      }
      addEarlierRates(net, log, p);
      for (int r = 0; r < size; r++) {
        int i = off + r;
        LifExpKernel.pseudoDrive(log.pseudoInput[i], log.stateAtEnd(i, 0), model.threshold(), k);
        log.pseudoDrive[i] = k[0];
        log.pseudoRate[i] = LifExpKernel.pseudoRate(k);
        if (log.spikeCount(i) == 0) {
          log.pseudoTime[log.pseudoStart[i]] = trialEnd + LifExpKernel.pseudospikeDelay(k[0], model.tau());
        }
      }
    }
  }

  /** Adds sum_j w_ij r_j over the projections into population p from earlier populations to pseudoInput. */
  private static void addEarlierRates(CompiledNetwork net, EventLog log, int p) {
    double[] w = net.weights();
    int off = net.populationOffset(p);
    int size = net.populationSize(p);
    for (int proj = 0; proj < net.projectionCount(); proj++) {
      int src = net.projectionSource(proj);
      if (net.projectionTarget(proj) != p || src == CompiledNetwork.INPUT || src == p) {
        continue;
      }
      int srcOff = net.populationOffset(src);
      int cols = net.projectionCols(proj);
      int base = net.weightOffset(proj);
      for (int r = 0; r < size; r++) {
        double sum = 0;
        for (int c = 0; c < cols; c++) {
          sum += w[base + r * cols + c] * log.pseudoRate[srcOff + c];
        }
        log.pseudoInput[off + r] += sum;
      }
    }
  }
}
