package org.spikeforge.model;

/**
 * The closed forms of the theta neuron (SCIENCE.md 1.2), the only place in the project that computes its flow, spike
 * time, phase response (input jump) and reset. {@link ThetaModel} (general event simulator, pseudospikes, gradients)
 * and the layered TTFS engine ({@code ttfs.ThetaLayer}: forward, backward, pseudospike pass) both call these methods.
 * All methods are static, allocation-free and work on primitives; none writes its arguments.
 *
 * <p>Constants: b = sqrt(I0 - 1/4), k = b / tau, period Theta = pi / k. The phase phi in [0, Theta] grows with unit
 * speed (flow: phi + dt, d/dphi = 1), the neuron spikes at phi = Theta (time to spike Theta - phi, d/dphi = -1) and
 * resets to phi = 0 ({@link #RESET}). An input of weight w maps phi to H(phi, w) = Phi(Phi^-1(phi) + w).
 *
 * <p><b>Two representations of the phase, one formula.</b> With the angle a = k phi in [0, pi] and the unit vector
 * (x, y) = (sin a, -cos a) = (cos psi, sin psi), psi = a - pi/2, the potential is V - 1/2 = b tan psi, so adding w
 * to V is the shear (x, y) -&gt; (x, y + x w / b). Hence
 * <pre>  H(phi, w) = (atan2(y + x w / b, x) + pi/2) / k,
 *   dH/dphi = 1 / n^2,  dH/dw = (tau / b^2) x^2 / n^2,  n^2 = x^2 + (y + x w / b)^2.</pre>
 * The <em>phase</em> form ({@link #jump}, {@link #jumpDerivPhi}, {@link #jumpDerivW}) takes phi and evaluates sin, cos
 * and atan2 per call: simple and exact for the general simulator, whose events are one neuron at a time. The
 * <em>vector</em> form ({@link #rotateX}, {@link #shearY}, {@link #derivPhiOfVector}, {@link #derivWOfVector},
 * {@link #phaseOfVector}) keeps (x, y) per neuron: a free flow is a rotation by k dt shared by the whole layer, the
 * jump is a shear and a normalisation, so the layered engine's hot loop needs no trigonometric call per event (and
 * vectorises); it takes an angle (atan2) only to time a spike. Both give H to within a few ulps of each other.
 */
public final class ThetaKernel {
  /** The phase right after a spike. */
  public static final double RESET = 0.0;
  private static final double HALF_PI = 0.5 * Math.PI;

  private ThetaKernel() {}

  /** b = sqrt(I0 - 1/4). */
  public static double rootDrive(double drive) {
    return Math.sqrt(drive - 0.25);
  }

  /** The period Theta = tau pi / b, which is also the spike phase. */
  public static double period(double tau, double b) {
    return tau * Math.PI / b;
  }

  /** Flow of the phase over dt: phi + dt (d/dphi = 1, d/d(dt) = 1). */
  public static double flow(double phi, double dt) {
    return phi + dt;
  }

  /** Time until the spike from phase phi: Theta - phi (d/dphi = -1). */
  public static double timeToSpike(double phi, double period) {
    return period - phi;
  }

  // ---- phase form ----

  /** H(phi, w) from the phase (tau, b as above). */
  public static double jump(double phi, double w, double tau, double b) {
    double a = phi * b / tau;
    double sin = Math.sin(a);
    return tau / b * Math.atan2(sin, Math.cos(a) - w / b * sin);
  }

  /** dH/dphi at (phi, w) = 1 / n^2. */
  public static double jumpDerivPhi(double phi, double w, double tau, double b) {
    double a = phi * b / tau;
    double sin = Math.sin(a);
    double c = Math.cos(a) - w / b * sin;
    return 1 / (sin * sin + c * c);
  }

  /** dH/dw at (phi, w) = (tau / b^2) sin^2 a / n^2. */
  public static double jumpDerivW(double phi, double w, double tau, double b) {
    double a = phi * b / tau;
    double sin = Math.sin(a);
    double c = Math.cos(a) - w / b * sin;
    return tau / (b * b) * sin * sin / (sin * sin + c * c);
  }

  /** Phi(V) = (tau / b) atan2(b, 1/2 - V): the phase of membrane potential V. */
  public static double phaseOfPotential(double v, double tau, double b) {
    return tau / b * Math.atan2(b, -(v - 0.5));
  }

  /** Phi^-1(phi): the potential at phase phi (-infinity at 0, +infinity at Theta). */
  public static double potentialOfPhase(double phi, double tau, double b) {
    double a = phi * b / tau;
    if (a <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (a >= Math.PI) {
      return Double.POSITIVE_INFINITY;
    }
    return 0.5 - b * Math.cos(a) / Math.sin(a);
  }

  // ---- vector form (x, y) = (sin(k phi), -cos(k phi)) ----

  /** x of the unit vector of phase phi: sin(k phi). */
  public static double vectorX(double phi, double k) {
    return Math.sin(k * phi);
  }

  /** y of the unit vector of phase phi: -cos(k phi). */
  public static double vectorY(double phi, double k) {
    return -Math.cos(k * phi);
  }

  /** x after a free flow that rotates by the angle whose cosine and sine are (cs, sn) (= k dt). */
  public static double rotateX(double x, double y, double cs, double sn) {
    return x * cs - y * sn;
  }

  /** y after the rotation of {@link #rotateX}. */
  public static double rotateY(double x, double y, double cs, double sn) {
    return x * sn + y * cs;
  }

  /** True while the rotated vector has not passed the spike (psi &lt; pi/2, i.e. x &gt; 0, or x = 0 below). */
  public static boolean beforeSpike(double x, double y) {
    return x > 0.0 || (x == 0.0 && y < 0.0);
  }

  /** The sheared (unnormalised) y of a jump of weight w: y + x w / b, given 1 / b. */
  public static double shearY(double x, double y, double w, double invB) {
    return y + w * invB * x;
  }

  /** dH/dphi = 1 / n^2 from x and the sheared y. */
  public static double derivPhiOfVector(double x, double yShear) {
    return 1.0 / (x * x + yShear * yShear);
  }

  /** dH/dw = hwScale x^2 dH/dphi with hwScale = tau / b^2. */
  public static double derivWOfVector(double x, double derivPhi, double hwScale) {
    return hwScale * x * x * derivPhi;
  }

  /** The phase (atan2(y, x) + pi/2) / k of a (not necessarily normalised) vector. */
  public static double phaseOfVector(double x, double y, double k) {
    return (Math.atan2(y, x) + HALF_PI) / k;
  }

  /** The angle psi = atan2(y, x) in [-pi/2, pi/2] of the vector; the phase is (psi + pi/2) / k. */
  public static double angleOfVector(double x, double y) {
    return Math.atan2(y, x);
  }

  /** The angle psi of the reset phase 0. */
  public static final double RESET_ANGLE = -HALF_PI;
  /** The angle psi of the spike phase Theta. */
  public static final double SPIKE_ANGLE = HALF_PI;
}
