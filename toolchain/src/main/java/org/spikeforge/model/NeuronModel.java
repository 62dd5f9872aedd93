package org.spikeforge.model;

/**
 * One neuron's exact dynamics between and at events. The state is a small vector x (dimension 1 or 2) held in caller
 * arrays so that simulators can run allocation-free. Jacobian arguments may be {@code null} when only values are
 * needed; when given, {@code jac[r * d + c]} receives the partial derivative of output r with respect to input c.
 */
public interface NeuronModel {

  /** State dimension d: 2 for (V, I), 1 for a phase. */
  int dimension();

  /** Membrane time constant tau. */
  double tau();

  /** Maps a population's proto initial values (initial_v, initial_i) onto a state vector. */
  void initialState(double v, double i, double[] x);

  /**
   * Flows x for a time dt >= 0 with no input: out = F(x, dt). jac receives F_x, dOutDt receives F_dt (the vector
   * field at the end state).
   */
  void flow(double[] x, double dt, double[] out, double[] jac, double[] dOutDt);

  /** Time until the next threshold crossing from x with no input, or +infinity if there is none. */
  double timeToSpike(double[] x);

  /** As {@link #timeToSpike(double[])}, also writing dS/dx into grad when the spike exists. */
  double timeToSpike(double[] x, double[] grad);

  /** Input of total weight w arriving at state y: out = J(y, w), jac = J_y, dOutDw = J_w. */
  void jump(double[] y, double w, double[] out, double[] jac, double[] dOutDw);

  /**
   * Derivative of the loss with respect to the time of a jump of weight w applied at y (state just before it),
   * given the adjoint lambdaPlus of the state just after it: lambdaPlus . (J_y f(y) - f(J(y, w))). It is written in
   * closed form so that it stays finite at reset states (QIF: V = -infinity) where f itself is infinite.
   */
  double jumpTimeAdjoint(double[] y, double w, double[] lambdaPlus);

  /**
   * State right after a spike that happens dt after the state xPrev: out = R(xPrev, dt) (the flowed state with the
   * membrane variable reset). jac = R_x, dOutDt = R_dt.
   */
  void afterSpike(double[] xPrev, double dt, double[] out, double[] jac, double[] dOutDt);

  /** The vector field f(x) = dx/dt with no input. */
  void vectorField(double[] x, double[] out);

  /**
   * True when an input's effect is a pure addition to one state variable (QIF and LIF add to I): then
   * {@link #jumpTimeAdjoint} is linear in w and independent of y, so a coalesced jump's time derivative splits
   * exactly into one term per source.
   */
  default boolean additiveJumps() {
    return true;
  }

  /**
   * True when an input's jump can itself take the state past threshold, so that the neuron spikes at the input's
   * arrival (LIF_DELTA). Such a spike's time is the input's time, not a crossing of the flow, and the gradient
   * engine sends its adjoint to the jump's sources instead of to the neuron's previous event. The
   * current-based models and the theta neuron cross only during a flow.
   */
  default boolean firesAtJumps() {
    return false;
  }
}
