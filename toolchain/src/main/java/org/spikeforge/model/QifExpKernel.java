package org.spikeforge.model;

/**
 * The closed forms of the QIF neuron with exponentially decaying current and tau_s = tau / 2 (SCIENCE.md 1.1):
 * tau dV/dt = V (V - 1) + I, I(t) = I0 s^2 with s = exp(-t / tau). Threshold V = +infinity, reset V = -infinity (held exactly as
 * {@code Double.NEGATIVE_INFINITY}). State: (V, I).
 *
 * <p>Instead of the four regimes of the table in SCIENCE.md we use one formula valid in all of them. Writing
 * V = s W and u = 1 - s turns the equation into dW/du = W^2 + I0, whose solution is the Moebius map
 * W(u) = (V0 C + I0 Sn) / (C - V0 Sn) with C = cos(sqrt(I0) u), Sn = sin(sqrt(I0) u) / sqrt(I0) (cosh and sinh for
 * I0 &lt; 0, C = 1 and Sn = u at I0 = 0). C and Sn are entire functions of I0, evaluated by their power series near
 * I0 u^2 = 0, so values and derivatives are smooth across I0 = 0 and there is no boundary at |V0| = sqrt(|I0|) at
 * all. The spike is the first zero of the denominator, u* = Q(I0 / V0^2) / V0 for V0 &gt; 0 with
 * Q(y) = atan(sqrt y) / sqrt y (atanh for y &lt; 0, again a power series near 0), and
 * u* = (pi/2 - atan(V0 / sqrt I0)) / sqrt I0 for V0 &lt;= 0. The spike time is -tau ln(1 - u*).
 *
 *
 * <p>This class is the only place that computes the QIF flow, spike time, jump ({@link CurrentJump}) and reset;
 * {@link QifExpModel} adapts it to the general engine. The layered TTFS engine has no QIF layer. All methods are
 * static and allocation-free; array arguments say whether they are written.
 */
public final class QifExpKernel {
  /** The membrane potential right after a spike (the QIF reset is V = -infinity, held exactly). */
  public static final double RESET = Double.NEGATIVE_INFINITY;
  /** |I0 u^2| below which C, Sn and dSn/dI0 come from their power series. */
  private static final double SERIES_LIMIT = 0.5;
  /** |y| below which Q and Q' come from their power series. */
  private static final double Q_SERIES_LIMIT = 1e-4;
  /** 1 / k! for k = 0 .. 31 (filled once, never written afterwards). */
  private static final double[] INV_FACT = new double[32];

  static {
    INV_FACT[0] = 1;
    for (int k = 1; k < INV_FACT.length; k++) {
      INV_FACT[k] = INV_FACT[k - 1] / k;
    }
  }

  private QifExpKernel() {}

  /**
   * The flow from x = (V0, I0) ({@code x} not modified) over dt: writes (V, I) into {@code out[0..1]}, and if
   * non-null the row-major Jacobian into {@code jac[0..3]} and d(V, I)/d(dt) into {@code dOutDt[0..1]}.
   */
  public static void flow(double[] x, double dt, double tau, double[] out, double[] jac, double[] dOutDt) {
    double v0 = x[0];
    double i0 = x[1];
    if (dt == 0) {
      out[0] = v0;
      out[1] = i0;
      if (jac != null) {
        jac[0] = 1;
        jac[1] = 0;
        jac[2] = 0;
        jac[3] = 1;
      }
      if (dOutDt != null) {
        vectorField(out, tau, dOutDt);
      }
      return;
    }
    double r = dt / tau;
    double s = Math.exp(-r);
    double u = -Math.expm1(-r);
    double c;
    double sn;
    double dsn;
    double xi = i0 * u * u;
    if (Math.abs(xi) <= SERIES_LIMIT) {
      // C = sum (-x)^k / (2k)!, Sn = u sum (-x)^k / (2k+1)!, dSn/dI0 = -u^3 sum_{k>=1} k (-x)^(k-1) / (2k+1)!
      double sumC = 1;
      double sumS = 1;
      double sumD = 0;
      double prevPow = 1; // (-x)^(k-1)
      for (int k = 1; k < INV_FACT.length / 2; k++) {
        double pow = prevPow * -xi;
        double termS = pow * INV_FACT[2 * k + 1];
        sumC += pow * INV_FACT[2 * k];
        sumS += termS;
        sumD -= k * prevPow * INV_FACT[2 * k + 1];
        prevPow = pow;
        if (Math.abs(prevPow) * INV_FACT[2 * k + 1] < 1e-18) {
          break;
        }
      }
      c = sumC;
      sn = u * sumS;
      dsn = u * u * u * sumD;
    } else if (i0 > 0) {
      double a = Math.sqrt(i0);
      c = Math.cos(a * u);
      sn = Math.sin(a * u) / a;
      dsn = (u * c - sn) / (2 * i0);
    } else {
      double a = Math.sqrt(-i0);
      c = Math.cosh(a * u);
      sn = Math.sinh(a * u) / a;
      dsn = (u * c - sn) / (2 * i0);
    }
    double w;
    double dwdv = 0;
    double dwdi = 0;
    if (v0 == Double.NEGATIVE_INFINITY) {
      w = -c / sn;
      if (jac != null) {
        double dc = -0.5 * u * sn;
        dwdi = -(dc * sn - c * dsn) / (sn * sn);
      }
    } else {
      double num = v0 * c + i0 * sn;
      double den = c - v0 * sn;
      w = num / den;
      if (jac != null) {
        double dc = -0.5 * u * sn;
        dwdv = 1 / (den * den);
        double dnum = v0 * dc + sn + i0 * dsn;
        double dden = dc - v0 * dsn;
        dwdi = (dnum * den - num * dden) / (den * den);
      }
    }
    double v = s * w;
    double i = i0 * s * s;
    out[0] = v;
    out[1] = i;
    if (jac != null) {
      jac[0] = s * dwdv;
      jac[1] = s * dwdi;
      jac[2] = 0;
      jac[3] = s * s;
    }
    if (dOutDt != null) {
      dOutDt[0] = (v * (v - 1) + i) / tau;
      dOutDt[1] = -2 * i / tau;
    }
  }

  /** Q(y) = atan(sqrt y) / sqrt y, continued to y &lt; 0 as atanh(sqrt(-y)) / sqrt(-y); defined for y &gt; -1. */
  static double q(double y) {
    if (Math.abs(y) < Q_SERIES_LIMIT) {
      return 1 - y * (1.0 / 3 - y * (1.0 / 5 - y * (1.0 / 7 - y * (1.0 / 9))));
    }
    if (y > 0) {
      double r = Math.sqrt(y);
      return Math.atan(r) / r;
    }
    double r = Math.sqrt(-y);
    return 0.5 * Math.log1p(2 * r / (1 - r)) / r;
  }

  /** dQ/dy = (1 / (1 + y) - Q) / (2 y). */
  static double qPrime(double y) {
    if (Math.abs(y) < Q_SERIES_LIMIT) {
      return -1.0 / 3 + y * (2.0 / 5 - y * (3.0 / 7 - y * (4.0 / 9 - y * (5.0 / 11))));
    }
    return (1 / (1 + y) - q(y)) / (2 * y);
  }

  /**
   * Time to the spike (V = +infinity) from x = (V0, I0) ({@code x} not modified), +infinity when there is none; if
   * {@code grad} is non-null and the spike exists, writes d(t*)/d(V0, I0) into {@code grad[0..1]}.
   */
  public static double timeToSpike(double[] x, double tau, double[] grad) {
    double v0 = x[0];
    double i0 = x[1];
    double u;
    double dudv;
    double dudi;
    if (v0 == Double.POSITIVE_INFINITY) {
      u = 0;
      dudv = 0;
      dudi = 0;
    } else if (v0 == Double.NEGATIVE_INFINITY) {
      if (!(i0 > 0)) {
        return Double.POSITIVE_INFINITY;
      }
      double a = Math.sqrt(i0);
      u = Math.PI / a;
      dudv = 0;
      dudi = -Math.PI / (2 * a * i0);
    } else if (v0 > 0) {
      double y = i0 / (v0 * v0);
      if (!(y > -1)) {
        return Double.POSITIVE_INFINITY;
      }
      u = q(y) / v0;
      dudv = -1 / (v0 * v0 + i0);
      dudi = qPrime(y) / (v0 * v0 * v0);
    } else {
      if (!(i0 > 0)) {
        return Double.POSITIVE_INFINITY;
      }
      double a = Math.sqrt(i0);
      u = (0.5 * Math.PI + Math.atan(-v0 / a)) / a;
      dudv = -1 / (v0 * v0 + i0);
      dudi = (v0 / (i0 + v0 * v0) - u) / (2 * i0);
    }
    if (!(u < 1)) {
      return Double.POSITIVE_INFINITY;
    }
    double s = 1 - u;
    if (grad != null) {
      grad[0] = tau / s * dudv;
      grad[1] = tau / s * dudi;
    }
    return -tau * Math.log1p(-u);
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

  /** The vector field (V (V - 1) + I, -2 I) / tau at x ({@code x} not modified) into {@code out[0..1]}. */
  public static void vectorField(double[] x, double tau, double[] out) {
    out[0] = (x[0] * (x[0] - 1) + x[1]) / tau;
    out[1] = -2 * x[1] / tau;
  }

  // ---- pseudospikes (SCIENCE.md 3): a free QIF neuron after T under a constant drive c = sigma^2 ----

  /** The period tau pi / sigma of the free run under the constant drive c = sigma^2 (V from -infinity to +infinity). */
  public static double constantDrivePeriod(double sigma, double tau) {
    return tau * Math.PI / sigma;
  }

  /**
   * The phase tau atan2(sigma, 1/2 - V) / sigma of potential V in that free run: the next pseudospike comes
   * {@link #constantDrivePeriod} minus this after T. 0 at V = -infinity (the reset).
   */
  public static double constantDrivePhase(double v, double sigma, double tau) {
    return tau * Math.atan2(sigma, 0.5 - v) / sigma;
  }

  /**
   * The partials of {@link #constantDrivePhase}: writes d(phase)/d(sigma) into {@code out[0]} and d(phase)/dV into
   * {@code out[1]}; both 0 at V = -infinity, where the phase is 0 for every sigma.
   */
  public static void constantDrivePhaseGrad(double v, double sigma, double tau, double[] out) {
    double dv = v - 0.5;
    double den = sigma * sigma + dv * dv;
    double angle = Math.atan2(sigma, -dv);
    double dAngleDsigma = Double.isInfinite(v) ? 0 : -dv / den;
    double dAngleDv = Double.isInfinite(v) ? 0 : sigma / den;
    out[0] = tau * (dAngleDsigma * sigma - angle) / (sigma * sigma);
    out[1] = tau * dAngleDv / sigma;
  }

  /**
   * The presynaptic pseudo-rate phase / period at the drive c0 = alpha ln 2, i.e. atan2(sqrt(c0), 1/2 - V) / pi
   * (0 at the reset, 1 at the spike).
   */
  public static double pseudoRate(double v, double alpha) {
    double sigma0 = Math.sqrt(alpha * Math.log(2));
    return Math.atan2(sigma0, 0.5 - v) / Math.PI;
  }

  /** d{@link #pseudoRate}/dV = sigma0 / (pi (sigma0^2 + (V - 1/2)^2)); 0 where V is not finite. */
  public static double pseudoRateDerivV(double v, double alpha) {
    if (!Double.isFinite(v)) {
      return 0;
    }
    double sigma0 = Math.sqrt(alpha * Math.log(2));
    double dv = v - 0.5;
    return sigma0 / (Math.PI * (sigma0 * sigma0 + dv * dv));
  }
}
