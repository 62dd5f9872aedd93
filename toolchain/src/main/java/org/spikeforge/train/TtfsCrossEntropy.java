package org.spikeforge.train;

/**
 * Time-to-first-spike cross-entropy of Klos and Memmesheimer plus two optional margin terms for hardware:
 * {@code L = -log softmax(-t/τ0)[y] + γ (exp(t_y/τ1) - 1) + λ κ softplus((t_y - d)/κ)
 * + μ κ Σ_{k≠y} softplus((t_y + g - t_k)/κ)}.
 * The first term rewards the label neuron for spiking before the others; the second pushes the label spike early
 * and keeps it from running off to late pseudospike times. The third ({@code fireWeight} λ &gt; 0) is a smooth hinge
 * on the label time past the deadline {@code d = T - margin}: a chip has no pseudospike read-out, so a label output
 * that stays silent (or fires only just before T, where time quantisation can drop it) loses even when its
 * pseudospike would have won. κ ({@code fireSoftness}) is the width of the hinge's bend; for t_y well before d the
 * term is ~0, for t_y well after it grows with slope λ. The fourth ({@code gapWeight} μ &gt; 0) is the same smooth
 * hinge on every wrong output that is not at least {@code gap} g later than the label: on a chip, outputs a step or
 * two apart can swap, and a wrong output that is silent in the float net only by a hair (its pseudospike just
 * after T) can fire. Gradient, with {@code p = softmax(-t/τ0)}, σ the logistic function and
 * {@code s_k = σ((t_y + g - t_k)/κ)}:
 * {@code dL/dt_k = (δ_ky - p_k)/τ0 + δ_ky [γ/τ1 exp(t_y/τ1) + λ σ((t_y - d)/κ) + μ Σ_{j≠y} s_j] - (1 - δ_ky) μ s_k}.
 * Every term is smooth (C^∞) in the output times, except that the regulariser's exponential continues as its
 * tangent line beyond {@code t_y/τ1 = }{@link #REGULARISER_CAP} (C^1 there). Why: a silent label output of a conv
 * net can get a pseudospike hundreds of τ1 after T (a strongly negative drive; the LIF pseudospike delay grows
 * linearly in it), where exp(t_y/τ1) first overflowed to an infinite loss and gradient and then, continued past
 * t_y/τ1 = 20, still gave that one output a gradient γ e^20/τ1 ~ 10^6 times the cross-entropy's 1/τ0, so that
 * the clipped batch gradient followed the regulariser of a few samples only. Past the cap of 5 (two trials after T
 * with τ1 = T) the regulariser's slope γ e^5/τ1 stays below the cross-entropy's for the default γ, τ0, and the
 * far pseudospike is pulled in by the cross-entropy and the fire term like any late one. Every in-trial spike and
 * every pseudospike up to 5 τ1 gets exactly the value and gradient of before.
 */
public record TtfsCrossEntropy(double tau0, double tau1, double gamma, double fireWeight, double fireDeadline,
    double fireSoftness, double gapWeight, double gap) implements ClassificationLoss {

  public TtfsCrossEntropy {
    if (!(tau0 > 0) || !(tau1 > 0) || !(gamma >= 0)) {
      throw new IllegalArgumentException("ttfs loss: need tau0 > 0, tau1 > 0, gamma >= 0; got " + tau0 + ", "
          + tau1 + ", " + gamma);
    }
    if (!(fireWeight >= 0) || !Double.isFinite(fireWeight) || !Double.isFinite(fireDeadline)
        || !(fireSoftness > 0) || !Double.isFinite(fireSoftness)) {
      throw new IllegalArgumentException("ttfs loss: need fire weight >= 0, a finite deadline and softness > 0; got "
          + fireWeight + ", " + fireDeadline + ", " + fireSoftness);
    }
    if (!(gapWeight >= 0) || !Double.isFinite(gapWeight) || !Double.isFinite(gap)) {
      throw new IllegalArgumentException("ttfs loss: need gap weight >= 0 and a finite gap; got " + gapWeight + ", "
          + gap);
    }
  }

  /**
   * t_y/τ1 beyond which the regulariser exp(t_y/τ1) continues linearly (slope e^5 ≈ 148, times γ/τ1: 0.6 for the
   * defaults γ = 0.01, τ1 = T = 2.5, below the cross-entropy's 1/τ0 = 2 of the LIF recipe).
   */
  public static final double REGULARISER_CAP = 5.0;

  /** exp(u) up to the cap, then its tangent line: finite for every finite u. */
  static double cappedExp(double u) {
    return u <= REGULARISER_CAP ? Math.exp(u) : Math.exp(REGULARISER_CAP) * (1.0 + (u - REGULARISER_CAP));
  }

  /** d/du of {@link #cappedExp}. */
  static double cappedExpSlope(double u) {
    return Math.exp(Math.min(u, REGULARISER_CAP));
  }

  /** With the fire-in-trial term only. */
  public TtfsCrossEntropy(double tau0, double tau1, double gamma, double fireWeight, double fireDeadline,
      double fireSoftness) {
    this(tau0, tau1, gamma, fireWeight, fireDeadline, fireSoftness, 0, 0);
  }

  /** Without the fire-in-trial term. */
  public TtfsCrossEntropy(double tau0, double tau1, double gamma) {
    this(tau0, tau1, gamma, 0, 0, 1);
  }

  /** The paper's choice: τ0 = 1, τ1 = T, γ = 0.01. */
  public static TtfsCrossEntropy paper(double trialEnd) {
    return new TtfsCrossEntropy(1, trialEnd, 0.01);
  }

  /** The loss a {@link TrainConfig} describes (deadline = trial end - fire margin). */
  public static TtfsCrossEntropy of(TrainConfig c) {
    return new TtfsCrossEntropy(c.tau0(), c.effectiveTau1(), c.gamma(), c.fireWeight(),
        c.trialEnd() - c.fireMargin(), c.fireSoftness(), c.gapWeight(), c.gapMargin());
  }

  @Override
  public double lossAndGradient(double[] t, int label, double[] grad) {
    int n = t.length;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      max = Math.max(max, -t[k] / tau0);
    }
    double sum = 0;
    for (int k = 0; k < n; k++) {
      double e = Math.exp(-t[k] / tau0 - max);
      grad[k] = e;
      sum += e;
    }
    double logSumExp = max + Math.log(sum);
    double u = t[label] / tau1;
    double regulariser = cappedExp(u);
    for (int k = 0; k < n; k++) {
      grad[k] = -grad[k] / sum / tau0;
    }
    grad[label] += 1 / tau0 + gamma / tau1 * cappedExpSlope(u);
    double loss = t[label] / tau0 + logSumExp + gamma * (regulariser - 1);
    if (fireWeight > 0) {
      double z = (t[label] - fireDeadline) / fireSoftness;
      loss += fireWeight * fireSoftness * softplus(z);
      grad[label] += fireWeight * logistic(z);
    }
    if (gapWeight > 0) {
      for (int k = 0; k < n; k++) {
        if (k != label) {
          double z = (t[label] + gap - t[k]) / fireSoftness;
          double s = gapWeight * logistic(z);
          loss += gapWeight * fireSoftness * softplus(z);
          grad[label] += s;
          grad[k] -= s;
        }
      }
    }
    return loss;
  }

  /** ln(1 + e^z) without overflow or loss of precision for large |z|. */
  private static double softplus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** 1 / (1 + e^-z) without overflow. */
  private static double logistic(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
