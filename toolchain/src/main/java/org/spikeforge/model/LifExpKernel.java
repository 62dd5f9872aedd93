package org.spikeforge.model;

/**
 * The closed forms of the current-based LIF neuron with tau_s = tau / 2 (SCIENCE.md 1.3), the only place in the
 * project that computes its flow, threshold crossing, input jump and reset. {@link LifExpModel} (general event
 * simulator, gradients) and the layered TTFS engine ({@code ttfs.LifLayer}: forward, replay, backward, pseudospike
 * pass) both call these methods. All methods are static, allocation-free and work on primitives; array arguments
 * say whether they are written.
 *
 * <p><b>Flow.</b> tau dV/dt = -V + I, tau dI/dt = -2 I. With the decay s = exp(-dt / tau):
 * <pre>  V(dt) = (V0 + I0) s - I0 s^2,   I(dt) = I0 s^2,</pre>
 * Jacobian dV/dV0 = s, dV/dI0 = s - s^2, dI/dI0 = s^2, and d(V, I)/d(dt) = ((I - V) / tau, -2 I / tau) at the end.
 *
 * <p><b>Crossing.</b> V(s) = V_th is the quadratic I0 s^2 - (V0 + I0) s + V_th = 0 in s; the crossing is its largest
 * root in (0, 1] (the earliest time). With b = V0 + I0 the roots are taken in the cancellation-free form
 * q = (b + sign(b) sqrt(b^2 - 4 I0 V_th)) / 2, s1 = q / I0, s2 = V_th / q; at I0 = 0 the equation is linear,
 * s = V_th / b. From a state below threshold a crossing needs I0 &gt; 0 (for I0 &lt;= 0 the potential only relaxes
 * towards a value below V_th), which is the fast reject of the hot loop. The time is t* = -tau ln s*, and by the
 * implicit function theorem d(t*)/dx = -(dV/dx) / (dV/dt) with dV/dt = (I* - V_th) / tau, I* = I0 s*^2.
 *
 * <p><b>Jump.</b> An input spike of weight w adds w to I (V unchanged); see {@link CurrentJump} for its Jacobian and
 * time adjoint. <b>Reset.</b> At a crossing V is set to {@link #RESET} = 0 while I flows on.
 *
 * <p><b>Pseudospike drive</b> (docs/LIF-PSEUDOSPIKES.md): after T a silent neuron runs free under the constant current
 * c = V_th + E with E = softplus_alpha(x) = alpha ln(1 + e^(x / alpha)), alpha = {@link #PSEUDO_SOFTNESS} V_th, and
 * fires after tau L1 with L1 = ln(V_th - V(T) + E) - ln E.
 */
public final class LifExpKernel {
  /** The membrane potential right after a spike. */
  public static final double RESET = 0.0;
  /** Softplus softness alpha of the pseudospike drive, in units of V_th. */
  public static final double PSEUDO_SOFTNESS = 0.5;

  private LifExpKernel() {}

  /** s = exp(-dt / tau) given 1 / tau: the decay of V's leak over dt (I decays with s^2). */
  public static double decay(double dt, double invTau) {
    return Math.exp(-dt * invTau);
  }

  /** V after a free flow with decay s: (V0 + I0) s - I0 s^2. */
  public static double flowV(double v0, double i0, double s) {
    return (v0 + i0) * s - i0 * (s * s);
  }

  /** I after a free flow with decay s: I0 s^2. */
  public static double flowI(double i0, double s) {
    return i0 * (s * s);
  }

  /**
   * I right after a spike at decay s from I0: I0 s s (the reset keeps the current). Same value as
   * {@link #flowI} up to rounding; kept as its own product order so that the layered engine's results stay
   * bit-identical to earlier releases.
   */
  public static double resetCurrent(double i0, double s) {
    return i0 * s * s;
  }

  /** dV/dt = (I - V) / tau at the state (v, i). */
  public static double slopeV(double v, double i, double invTau) {
    return (i - v) * invTau;
  }

  /** dI/dt = -2 I / tau. */
  public static double slopeI(double i, double invTau) {
    return -2.0 * i * invTau;
  }

  /**
   * The adjoint of a flow's end time: (a, c) . d(V, I)/dt at the end state (v, i), i.e.
   * (a (i - v) - 2 c i) / tau, for the adjoints (a, c) of (V, I) there.
   */
  public static double flowTimeAdjoint(double a, double c, double v, double i, double invTau) {
    return (a * (i - v) - 2.0 * c * i) * invTau;
  }

  /** The adjoint of V0 through a flow with decay s, given the adjoint a of V at its end: a s. */
  public static double adjointV(double a, double s) {
    return a * s;
  }

  /** The adjoint of I0 through a flow with decay s, given the adjoints (a, c) of (V, I) at its end. */
  public static double adjointI(double a, double c, double s) {
    double s2 = s * s;
    return a * (s - s2) + c * s2;
  }

  /**
   * The flow with its derivatives: writes (V, I) into {@code out[0..1]}; if non-null, the row-major Jacobian into
   * {@code jac[0..3]} and d(V, I)/d(dt) into {@code dOutDt[0..1]}. Reads {@code x[0..1]} = (V0, I0), not modified.
   */
  public static void flow(double[] x, double dt, double tau, double[] out, double[] jac, double[] dOutDt) {
    double v0 = x[0];
    double i0 = x[1];
    double s = Math.exp(-dt / tau);
    double v = (v0 + i0) * s - i0 * s * s;
    double i = i0 * s * s;
    out[0] = v;
    out[1] = i;
    if (jac != null) {
      jac[0] = s;
      jac[1] = s - s * s;
      jac[2] = 0;
      jac[3] = s * s;
    }
    if (dOutDt != null) {
      dOutDt[0] = (-v + i) / tau;
      dOutDt[1] = -2 * i / tau;
    }
  }

  /**
   * The crossing: the largest root s* in (0, 1] of I0 s^2 - (V0 + I0) s + V_th = 0, 1 when V0 &gt;= V_th already, or
   * NaN when V never reaches V_th. Callers that flow only up to a decay sEnd accept the root when s* &gt;= sEnd.
   */
  public static double crossing(double v0, double i0, double threshold) {
    if (v0 >= threshold) {
      return 1.0;
    }
    return crossingFromBelow(v0, i0, threshold);
  }

  /**
   * {@link #crossing} for a state known to be below threshold (the layered engine's invariant: its initial V0 is
   * checked, V does not jump at inputs and resets to 0): the largest root s* = q / I0 if it is at most 1, else NaN.
   */
  public static double crossingFromBelow(double v0, double i0, double threshold) {
    if (!(i0 > 0.0)) {
      return Double.NaN; // from below threshold, only a positive current can lift V to V_th
    }
    double b = v0 + i0;
    if (!(b > 0.0)) {
      return Double.NaN; // both roots are negative
    }
    double disc = b * b - 4.0 * i0 * threshold;
    if (disc < 0.0) {
      return Double.NaN;
    }
    double s = 0.5 * (b + Math.sqrt(disc)) / i0;
    return s <= 1.0 ? s : Double.NaN;
  }

  /** The time -tau ln s of a crossing with decay s. */
  public static double crossingTime(double s, double tau) {
    return -tau * Math.log(s);
  }

  /**
   * Time to threshold from x = (V0, I0) ({@code x} not modified), +infinity when there is none; if {@code grad} is
   * non-null and the spike exists, writes d(t*)/d(V0, I0) into {@code grad[0..1]}.
   */
  public static double timeToSpike(double[] x, double tau, double threshold, double[] grad) {
    double v0 = x[0];
    double i0 = x[1];
    if (v0 >= threshold) {
      if (grad != null) {
        grad[0] = 0;
        grad[1] = 0;
      }
      return 0;
    }
    double s = crossing(v0, i0, threshold);
    if (!(s > 0 && s <= 1)) {
      return Double.POSITIVE_INFINITY;
    }
    if (grad != null) {
      // dV/ds * s = -tau dV/dt: ps = 2 I0 s - b; ds/dV0 = s / ps, ds/dI0 = -(s^2 - s) / ps, dt/ds = -tau / s
      double ps = 2 * i0 * s - (v0 + i0);
      double dtds = -tau / s;
      grad[0] = dtds * (s / ps);
      grad[1] = dtds * (-(s * s - s) / ps);
    }
    return crossingTime(s, tau);
  }

  /** dV/dt at a crossing where the current is iPost: (iPost - V_th) / tau, positive for a genuine crossing. */
  public static double crossingSlope(double iPost, double threshold, double invTau) {
    return slopeV(threshold, iPost, invTau);
  }

  /**
   * The state right after a spike dt after xPrev ({@code xPrev} not modified): V = {@link #RESET}, I = I0 s^2.
   * Writes {@code out[0..1]}, and if non-null the Jacobian {@code jac[0..3]} and d/d(dt) {@code dOutDt[0..1]}.
   */
  public static void afterSpike(double[] xPrev, double dt, double tau, double[] out, double[] jac,
      double[] dOutDt) {
    double s2 = Math.exp(-2 * dt / tau);
    double i = xPrev[1] * s2;
    out[0] = RESET;
    out[1] = i;
    if (jac != null) {
      jac[0] = 0;
      jac[1] = 0;
      jac[2] = 0;
      jac[3] = s2;
    }
    if (dOutDt != null) {
      dOutDt[0] = 0;
      dOutDt[1] = -2 * i / tau;
    }
  }

  /**
   * The pseudospike drive at T for drive x = I(T) + sum_j w_ij r_j and potential vT = V(T) (docs/LIF-PSEUDOSPIKES.md).
   * Writes into {@code out[0..4]}: L1 = ln(V_th - V(T) + E) - ln E (log time to threshold in units of tau), dL1/dV(T),
   * dL1/dx, and L0 = ln(c / E) with c = V_th + E (log time from reset) with dL0/dx. Stable for very negative x.
   */
  public static void pseudoDrive(double x, double vT, double threshold, double[] out) {
    double alpha = PSEUDO_SOFTNESS * threshold;
    double z = x / alpha;
    // ln E, sigma = dE/dx and sigma / E, stable for very negative z (E -> alpha e^z, sigma / E -> 1 / alpha)
    double lnE;
    double sigma;
    double sigmaOverE;
    if (z < -30.0) {
      lnE = Math.log(alpha) + z;
      sigma = Math.exp(z);
      sigmaOverE = 1.0 / alpha;
    } else {
      double sp = z > 30.0 ? z : Math.log1p(Math.exp(z));
      lnE = Math.log(alpha) + Math.log(sp);
      sigma = 1.0 / (1.0 + Math.exp(-z));
      sigmaOverE = sigma / (alpha * sp);
    }
    double e = Math.exp(lnE);
    double d = Math.max(threshold - vT + e, Double.MIN_NORMAL);
    out[0] = Math.log(d) - lnE;
    out[1] = -1.0 / d;
    out[2] = sigma / d - sigmaOverE;
    double c = threshold + e;
    out[3] = Math.log(c) - lnE;
    out[4] = sigma / c - sigmaOverE;
  }

  /** The pseudospike's delay after T, tau L1, given L1 = {@link #pseudoDrive}'s {@code out[0]}. */
  public static double pseudospikeDelay(double l1, double tau) {
    return tau * l1;
  }

  /**
   * The hidden neuron's pseudo-rate r = 1 - L1 / L0 from {@link #pseudoDrive}'s {@code out} (read, not modified):
   * 1 at V(T) = V_th, 0 right after a reset, so the next layer's drive stays continuous when a spike crosses T.
   */
  public static double pseudoRate(double[] drive) {
    return 1.0 - drive[0] / drive[3];
  }

  /** dr/dV(T) = -(dL1/dV) / L0 of {@link #pseudoRate}. */
  public static double pseudoRateDerivV(double[] drive) {
    return -drive[1] / drive[3];
  }

  /** dr/dx = -(dL1/dx L0 - L1 dL0/dx) / L0^2 of {@link #pseudoRate}. */
  public static double pseudoRateDerivX(double[] drive) {
    double l0 = drive[3];
    return -(drive[2] * l0 - drive[0] * drive[4]) / (l0 * l0);
  }
}
