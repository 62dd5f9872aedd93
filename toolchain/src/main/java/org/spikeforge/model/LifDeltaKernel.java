package org.spikeforge.model;

/**
 * The closed forms of the leaky integrate-and-fire neuron with instantaneous (delta) synapses, proto
 * {@code LIF_DELTA}: NIR's plain {@code LIF} node and a loihi2 compartment with {@code du = 4095}. It is the only
 * place in the project that computes this model's flow, threshold crossing, input jump and reset; {@link LifDeltaModel}
 * adapts it to the general event engine (simulator and reverse-mode gradient). All methods are static,
 * allocation-free and work on primitives; array arguments say whether they are written.
 *
 * <p><b>Dynamics.</b> {@code tau dV/dt = D - V}, with the constant drive D ({@code params.drive}, NIR's
 * {@code v_leak}; 0 by default). State: (V). An input spike of weight w makes V jump by w, and the neuron spikes
 * when V exceeds V_th (strictly, as NIR and Lava) and resets to {@link #RESET} = 0.
 *
 * <p><b>Flow.</b> With the decay s = exp(-dt / tau):
 * <pre>  V(dt) = D + (V0 - D) s,   dV/dV0 = s,   dV/d(dt) = (D - V) / tau.</pre>
 *
 * <p><b>Crossing.</b> Between inputs V relaxes monotonically towards D. So:
 * <ul>
 *   <li>V0 &gt; V_th: the neuron spikes at once (time 0, derivative 0). This is how a delta neuron without a
 *       supra-threshold drive fires: an input's jump lifts V above V_th and the spike happens at that input's
 *       arrival, whatever the exact weights, so the spike time is piecewise constant in the weights and in V0.</li>
 *   <li>V0 &lt;= V_th and D &gt; V_th: V reaches V_th between inputs, at
 *       <pre>  t* = tau ln((D - V0) / (D - V_th)),   d(t*)/dV0 = -tau / (D - V0).</pre>
 *       (the crossing slope (D - V_th) / tau is positive, so the implicit-function derivative is finite).</li>
 *   <li>otherwise (D &lt;= V_th): never; V tends to D without crossing.</li>
 * </ul>
 * With D &gt; V_th &gt; 0 a neuron left alone fires periodically with period tau ln(D / (D - V_th)).
 *
 * <p><b>Jump.</b> V + w: Jacobian 1, d/dw = 1. Its time adjoint (the change of the vector field across the jump,
 * f(y) - f(y + w) = w / tau, times the adjoint after it) is linear in w and independent of y, so coalesced jumps
 * split exactly into one term per source.
 */
public final class LifDeltaKernel {
  /** The membrane potential right after a spike. */
  public static final double RESET = 0.0;

  private LifDeltaKernel() {}

  /** s = exp(-dt / tau): the decay of V - D over dt. */
  public static double decay(double dt, double tau) {
    return Math.exp(-dt / tau);
  }

  /** V after a free flow with decay s: D + (V0 - D) s. */
  public static double flowV(double v0, double drive, double s) {
    return drive + (v0 - drive) * s;
  }

  /** dV/dt = (D - V) / tau at the potential v. */
  public static double slope(double v, double drive, double tau) {
    return (drive - v) / tau;
  }

  /**
   * The flow over dt &gt;= 0 with its derivatives. Reads {@code x[0]} = V0 (not modified); writes V into
   * {@code out[0]}, and if non-null dV/dV0 into {@code jac[0]} and dV/d(dt) into {@code dOutDt[0]}.
   */
  public static void flow(double[] x, double dt, double tau, double drive, double[] out, double[] jac,
      double[] dOutDt) {
    double s = Math.exp(-dt / tau);
    double v = flowV(x[0], drive, s);
    out[0] = v;
    if (jac != null) {
      jac[0] = s;
    }
    if (dOutDt != null) {
      dOutDt[0] = slope(v, drive, tau);
    }
  }

  /**
   * Time from the potential v0 to the next spike with no input: 0 when v0 &gt; V_th (the spike at an input's
   * arrival), tau ln((D - v0) / (D - V_th)) when the drive D exceeds V_th, +infinity otherwise. If {@code grad} is
   * non-null and the spike exists, writes d(t*)/dv0 into {@code grad[0]} (0 for an immediate spike).
   */
  public static double timeToSpike(double v0, double tau, double threshold, double drive, double[] grad) {
    if (v0 > threshold) {
      if (grad != null) {
        grad[0] = 0;
      }
      return 0;
    }
    if (!(drive > threshold)) {
      return Double.POSITIVE_INFINITY;
    }
    double gap = drive - v0; // >= drive - threshold > 0
    if (grad != null) {
      grad[0] = -tau / gap;
    }
    return tau * Math.log(gap / (drive - threshold));
  }

  /**
   * The state right after an input of weight w at the potential y: V = y + w. Writes {@code out[0]}, and if non-null
   * the Jacobian 1 into {@code jac[0]} and d/dw = 1 into {@code dOutDw[0]}; {@code y} is not modified.
   */
  public static void jump(double[] y, double w, double[] out, double[] jac, double[] dOutDw) {
    out[0] = y[0] + w;
    if (jac != null) {
      jac[0] = 1;
    }
    if (dOutDw != null) {
      dOutDw[0] = 1;
    }
  }

  /** The time adjoint of a jump of weight w given the adjoint a of V right after it: a w / tau. */
  public static double jumpTimeAdjoint(double w, double a, double tau) {
    return a * w / tau;
  }

  /**
   * The state right after a spike ({@link #RESET}, whatever the state before): writes {@code out[0]} and, if non-null,
   * the zero Jacobian {@code jac[0]} and zero time derivative {@code dOutDt[0]}.
   */
  public static void afterSpike(double[] out, double[] jac, double[] dOutDt) {
    out[0] = RESET;
    if (jac != null) {
      jac[0] = 0;
    }
    if (dOutDt != null) {
      dOutDt[0] = 0;
    }
  }

  /**
   * The period of a neuron that the drive alone makes fire from reset: tau ln(D / (D - V_th)), or +infinity when
   * D &lt;= V_th.
   */
  public static double drivenPeriod(double tau, double threshold, double drive) {
    return timeToSpike(RESET, tau, threshold, drive, null);
  }
}
