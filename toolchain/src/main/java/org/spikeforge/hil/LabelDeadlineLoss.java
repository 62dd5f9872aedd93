package org.spikeforge.hil;

import org.spikeforge.train.ClassificationLoss;
import org.spikeforge.train.TtfsCrossEntropy;

/**
 * The hardware-in-the-loop loss on the replayed output times (measured in-trial spikes, the float model's LIF
 * pseudospikes for silent outputs): the TTFS cross-entropy plus a smooth hinge that wants the label to fire before
 * the deadline d = T - margin, {@code L = CE(t, y) + λ κ softplus((t_y - d)/κ)}. A chip has no pseudospike
 * read-out: a label that stays silent, or fires only in the last steps, loses to any other output that fired,
 * however favourable its pseudospike. For t_y well before d the extra term is ~0, well after it it has slope λ.
 * Gradient: {@code dCE/dt_k + δ_ky λ σ((t_y - d)/κ)}, σ the logistic function.
 *
 * @param crossEntropy the TTFS cross-entropy
 * @param fireWeight λ (>= 0; 0 turns the hinge off)
 * @param deadline d, model time
 * @param softness κ (> 0), width of the hinge's bend
 */
public record LabelDeadlineLoss(TtfsCrossEntropy crossEntropy, double fireWeight, double deadline, double softness)
    implements ClassificationLoss {

  public LabelDeadlineLoss {
    if (!(fireWeight >= 0) || !Double.isFinite(fireWeight) || !Double.isFinite(deadline) || !(softness > 0)
        || !Double.isFinite(softness)) {
      throw new IllegalArgumentException("label deadline loss: need fire weight >= 0, a finite deadline and "
          + "softness > 0; got " + fireWeight + ", " + deadline + ", " + softness);
    }
  }

  /** The loss of these settings for a trial ending at {@code trialEnd} (κ = margin / 4). */
  public static LabelDeadlineLoss of(HilSettings s, double trialEnd) {
    return new LabelDeadlineLoss(new TtfsCrossEntropy(s.tau0(), trialEnd, s.gamma()), s.fireWeight(),
        trialEnd - s.fireMargin(), s.fireMargin() / 4);
  }

  @Override
  public double lossAndGradient(double[] t, int label, double[] grad) {
    double loss = crossEntropy.lossAndGradient(t, label, grad);
    if (fireWeight > 0) {
      double z = (t[label] - deadline) / softness;
      double softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
      double logistic = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      loss += fireWeight * softness * softplus;
      grad[label] += fireWeight * logistic;
    }
    return loss;
  }
}
