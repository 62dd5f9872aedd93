package org.spikeforge.grad;

import java.util.Random;
import java.util.function.IntConsumer;
import org.spikeforge.sim.CompiledNetwork;
import org.spikeforge.sim.EventLog;
import org.spikeforge.sim.EventSimulator;
import org.spikeforge.sim.InputTrains;
import org.spikeforge.sim.SimulationOptions;

/**
 * Central finite-difference check of {@link SpikeTimeGradient} on the {@link ReferenceNets}: for a random linear
 * loss L = sum a_k t_k over all spikes and pseudospikes, every component of dL/d(weights, input times, initial
 * states) is compared with the central difference (L(p+h) - L(p-h)) / 2h, h = 1e-5 (times the parameter's
 * magnitude if above 1), and where that is not within a tenth of the tolerance with the fourth-order central difference
 * (8 (L(p+h) - L(p-h)) - (L(p+2h) - L(p-2h))) / 12h. A component is skipped, and counted, when a perturbed run has a
 * different event structure than the base run (an event order change or a spike crossing T within h or 2h: a
 * branch switch). The relative error of a component is |analytic - fd| / max(|analytic|, |fd|, 1e-2): the floor
 * keeps the round-off of the loss (about 1e-14, divided by h) from counting for near-zero components, i.e. those are
 * held to an absolute error of 1e-8. A component over the tolerance gets a Richardson check with step 2h; if the two
 * estimates differ by more than the discrepancy the finite difference itself has not converged (a near-tangent LIF
 * crossing, a spike about to cross T) and the component counts as skipped near a branch.
 */
public final class GradientCheck {
  /** Largest accepted relative error. */
  public static final double TOLERANCE = 1e-6;
  /** Finite-difference step h of the stencil (points at +-h and +-2h). */
  public static final double STEP = 1e-5;
  /** Absolute floor of the relative-error denominator. */
  public static final double FLOOR = 1e-2;
  /** QIF pseudospikes per neuron used in the check. */
  public static final int QIF_PSEUDOSPIKES = 2;

  private GradientCheck() {}

  /** Drive D of the "lif-delta-driven" reference nets (above their V_th = 1, so they also fire between inputs). */
  public static final double DRIVE = 1.4;

  /** model is "qif", "theta", "lif", "lif-delta" or "lif-delta-driven"; progress receives the number of seeds done. Same nets as the tests. */
  public static GradCheckResult run(String model, int seeds, long baseSeed, IntConsumer progress) {
    return runDetailed(model, seeds, baseSeed, progress).result();
  }

  /** A result with its skips split into event-structure changes and unconverged finite differences. */
  record Detailed(GradCheckResult result, long structureSkips, long unconvergedSkips) {}

  static Detailed runDetailed(String model, int seeds, long baseSeed, IntConsumer progress) {
    long checked = 0;
    long skipped = 0;
    long unconverged = 0;
    double worst = 0;
    Checker checker = new Checker();
    for (int s = 0; s < seeds; s++) {
      ReferenceNets.Sample sample = sample(model, baseSeed + s);
      CompiledNetwork net = CompiledNetwork.fromProto(sample.network());
      InputTrains in = InputTrains.fromProto(sample.input(), net.numInputs());
      checker.check(net, in, baseSeed + s);
      checked += checker.checked;
      skipped += checker.skipped;
      unconverged += checker.unconverged;
      worst = Math.max(worst, checker.worst);
      if (progress != null) {
        progress.accept(s + 1);
      }
    }
    return new Detailed(new GradCheckResult(model, seeds, checked, skipped, worst), skipped - unconverged,
        unconverged);
  }

  static ReferenceNets.Sample sample(String model, long seed) {
    return switch (model) {
      case "qif" -> ReferenceNets.qifRecurrent(seed);
      case "theta" -> ReferenceNets.thetaFeedForward(seed);
      case "lif" -> ReferenceNets.lifFeedForward(seed);
      case "lif-delta" -> ReferenceNets.lifDeltaFeedForward(seed, 0);
      case "lif-delta-driven" -> ReferenceNets.lifDeltaFeedForward(seed, DRIVE);
      default -> throw new IllegalArgumentException("model must be qif, theta, lif, lif-delta or lif-delta-driven,"
          + " got \"" + model + "\"");
    };
  }

  /** Checks one network; reusable workspaces. */
  static final class Checker {
    private final EventSimulator sim = new EventSimulator(SimulationOptions.DEFAULT.withQifPseudospikes(
        QIF_PSEUDOSPIKES));
    private final EventLog base = new EventLog();
    private final EventLog probe = new EventLog();
    private final SpikeTimeGradient gradient = new SpikeTimeGradient();
    long checked;
    long skipped;
    long unconverged;
    double worst;
    double[] spikeCoef;
    double[] pseudoCoef;

    void check(CompiledNetwork net, InputTrains in, long seed) {
      checked = 0;
      skipped = 0;
      unconverged = 0;
      worst = 0;
      sim.run(net, in, base);
      Random rnd = new Random(~seed);
      spikeCoef = new double[base.totalSpikes()];
      pseudoCoef = new double[base.totalPseudospikes()];
      for (int k = 0; k < spikeCoef.length; k++) {
        spikeCoef[k] = rnd.nextGaussian();
      }
      for (int k = 0; k < pseudoCoef.length; k++) {
        pseudoCoef[k] = rnd.nextGaussian();
      }
      ParameterGradients g = new ParameterGradients(net, in.spikeCount());
      gradient.backward(base, spikeCoef, pseudoCoef, g);
      long hash = base.structureHash();
      compare(net, in, net.weights(), g.weights(), hash);
      compare(net, in, in.times(), g.inputTimes(), hash);
      compare(net, in, net.initialState(), g.initialState(), hash);
    }

    private void compare(CompiledNetwork net, InputTrains in, double[] params, double[] analytic, long hash) {
      for (int k = 0; k < params.length; k++) {
        double p0 = params[k];
        double h = STEP * Math.max(1, Math.abs(p0));
        params[k] = p0 + h;
        double lPlus = loss(net, in, hash);
        params[k] = p0 - h;
        double lMinus = loss(net, in, hash);
        params[k] = p0;
        if (Double.isNaN(lPlus) || Double.isNaN(lMinus)) {
          skipped++;
          continue;
        }
        double a = analytic[k];
        double fd = (lPlus - lMinus) / (2 * h);
        if (relativeError(a, fd) <= 0.1 * TOLERANCE) {
          worst = Math.max(worst, relativeError(a, fd));
          checked++;
          continue;
        }
        // the second-order estimate is not clearly within tolerance: fourth-order stencil
        params[k] = p0 + 2 * h;
        double lPlus2 = loss(net, in, hash);
        params[k] = p0 - 2 * h;
        double lMinus2 = loss(net, in, hash);
        params[k] = p0;
        if (Double.isNaN(lPlus2) || Double.isNaN(lMinus2)) {
          skipped++;
          continue;
        }
        fd = (8 * (lPlus - lMinus) - (lPlus2 - lMinus2)) / (12 * h);
        double err = relativeError(a, fd);
        if (err > TOLERANCE) {
          // Richardson check: the same stencil at step 2h. If the two estimates differ by more than the discrepancy,
          // the finite difference has not converged (a spike near tangency or near T): the point is too close to a
          // branch switch to judge, and it is skipped and counted. A wrong analytic value with a converged finite
          // difference still fails.
          params[k] = p0 + 4 * h;
          double lPlus4 = loss(net, in, hash);
          params[k] = p0 - 4 * h;
          double lMinus4 = loss(net, in, hash);
          params[k] = p0;
          double fd2 = (8 * (lPlus2 - lMinus2) - (lPlus4 - lMinus4)) / (24 * h);
          if (Double.isNaN(fd2) || Math.abs(fd2 - fd) >= Math.abs(fd - a)) {
            skipped++;
            unconverged += Double.isNaN(fd2) ? 0 : 1;
            continue;
          }
        }
        worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(worst, err);
        checked++;
      }
    }

    private static double relativeError(double a, double fd) {
      return Math.abs(a - fd) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(fd)));
    }

    /** The loss, or NaN when the run's event structure differs from the base run (a branch switch). */
    private double loss(CompiledNetwork net, InputTrains in, long hash) {
      try {
        sim.run(net, in, probe);
      } catch (IllegalArgumentException e) {
        return Double.NaN; // e.g. an input time pushed below 0 or a phase outside [0, Theta]
      }
      if (probe.structureHash() != hash) {
        return Double.NaN;
      }
      double sum = 0;
      double[] t = probe.spikeTimes();
      for (int k = 0; k < spikeCoef.length; k++) {
        sum += spikeCoef[k] * t[k];
      }
      double[] pt = probe.pseudoTimes();
      for (int k = 0; k < pseudoCoef.length; k++) {
        sum += pseudoCoef[k] * pt[k];
      }
      return sum;
    }
  }
}
