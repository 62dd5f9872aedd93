package org.spikeforge.hil;

import java.util.Arrays;
import org.spikeforge.model.LifExpKernel;
import org.spikeforge.proto.NeuronModel;
import org.spikeforge.ttfs.TtfsNetwork;

/**
 * Per-neuron excitability calibration of a board from spike times alone, the step a BrainScaleS user runs before
 * training (per-neuron threshold calibration), done here without membrane read-out. For every neuron and trial with
 * a measured first spike at t, the float LIF model's potential at t is evaluated from the presynaptic spikes the
 * board saw (the input as delivered, the earlier layer as measured) and the weights the board was programmed with:
 * {@code V(t) = (V0 + I0) s0 - I0 s0^2 + sum_j w_ij sum_{t_j < t} (s_j - s_j^2)}, {@code s = exp(-(t - t_j)/tau)}
 * (the replay's LIF kernel, synaptic time constant tau/2). An ideal chip crosses where the model does, so
 * {@code r_i = mean V(t)/V_th} is 1 up to the step discretisation; a threshold offset (1 + delta_i) and a mean
 * weight gain g_i of that neuron make the chip cross where the model is at {@code (1 + delta_i)/g_i}. Scaling the
 * neuron's incoming weights by r_i makes the chip cross where the model crosses again ({@link HilTrainer} does this
 * before its first update). What stays is the spread of the per-synapse gains around their mean, which the
 * in-the-loop updates are left to absorb. Only the first spike of each neuron in each trial is used (the later
 * ones follow a reset).
 */
public final class ExcitabilityCalibration {
  private final int[] sizes;
  private final double invTau;
  private final double threshold;
  private final double[][] sum;
  private final int[][] count;

  /** An empty calibration for networks of {@code shape}'s layer sizes and neuron constants (LIF_EXP only). */
  public ExcitabilityCalibration(TtfsNetwork shape) {
    if (shape.model() != NeuronModel.LIF_EXP) {
      throw new IllegalArgumentException("excitability calibration needs a LIF_EXP network, got " + shape.model());
    }
    this.sizes = shape.layerSizes().clone();
    this.invTau = 1.0 / shape.neuron().tau();
    this.threshold = shape.neuron().threshold();
    this.sum = new double[sizes.length - 1][];
    this.count = new int[sizes.length - 1][];
    for (int l = 1; l < sizes.length; l++) {
      sum[l - 1] = new double[sizes[l]];
      count[l - 1] = new int[sizes[l]];
    }
  }

  /**
   * Adds one trial.
   *
   * @param programmed the float network whose weights are those programmed on the board (dequantized) and whose
   *     initial states are the board's
   * @param inputTimes input spike times as the board received them (negative, NaN or infinite: no spike)
   * @param measured per layer, per neuron, the measured spike times in ascending order ({@link TraceDecoder})
   */
  public void add(TtfsNetwork programmed, double[] inputTimes, double[][][] measured) {
    if (!Arrays.equals(programmed.layerSizes(), sizes)) {
      throw new IllegalArgumentException("excitability calibration: network layers " + Arrays.toString(
          programmed.layerSizes()) + " differ from " + Arrays.toString(sizes));
    }
    double[] p = programmed.parameters();
    double[][] input = new double[inputTimes.length][];
    for (int j = 0; j < inputTimes.length; j++) {
      double t = inputTimes[j];
      input[j] = t >= 0 && Double.isFinite(t) ? new double[] {t} : new double[0];
    }
    for (int l = 1; l < sizes.length; l++) {
      double[][] pre = l == 1 ? input : measured[l - 2];
      double[][] own = measured[l - 1];
      int n = sizes[l];
      int so = programmed.initialStateOffset(l);
      boolean hasStates = programmed.initialStateCount(l) > 0;
      for (int i = 0; i < n; i++) {
        if (own[i].length == 0) {
          continue;
        }
        double t = own[i][0];
        double v = 0;
        if (hasStates) {
          v = LifExpKernel.flowV(p[so + i], p[so + n + i], LifExpKernel.decay(t, invTau));
        }
        for (int j = 0; j < sizes[l - 1]; j++) {
          double kernel = 0;
          for (double tj : pre[j]) {
            if (tj >= t) {
              break;
            }
            kernel += LifExpKernel.flowV(0.0, 1.0, LifExpKernel.decay(t - tj, invTau)); // V of a unit jump
          }
          if (kernel != 0) {
            v += p[programmed.weightIndex(l, i, j)] * kernel;
          }
        }
        sum[l - 1][i] += v / threshold;
        count[l - 1][i]++;
      }
    }
  }

  /** Trials so far in which neuron {@code neuron} of layer {@code layer} (1-based) spiked. */
  public int spikes(int layer, int neuron) {
    return count[layer - 1][neuron];
  }

  /**
   * Per neuron of layer {@code layer} (1-based), the factor r_i = mean V(t)/V_th by which its incoming weights are
   * to be scaled; 1 for a neuron with fewer than {@code minSpikes} measured trials (too little to tell).
   */
  public double[] ratios(int layer, int minSpikes) {
    double[] r = new double[sizes[layer]];
    for (int i = 0; i < r.length; i++) {
      int c = count[layer - 1][i];
      r[i] = c >= Math.max(1, minSpikes) ? sum[layer - 1][i] / c : 1.0;
    }
    return r;
  }

  /**
   * Per neuron of layer {@code layer} (1-based), this calibration's factor divided by {@code ideal}'s, measured on
   * the same samples and program with an ideal chip: what the step discretisation contributes, both share. 1 where
   * either has fewer than {@code minSpikes} spiking trials.
   */
  public double[] relativeTo(ExcitabilityCalibration ideal, int layer, int minSpikes) {
    double[] r = ratios(layer, minSpikes);
    double[] base = ideal.ratios(layer, minSpikes);
    for (int i = 0; i < r.length; i++) {
      boolean enough = count[layer - 1][i] >= Math.max(1, minSpikes)
          && ideal.count[layer - 1][i] >= Math.max(1, minSpikes);
      r[i] = enough ? r[i] / base[i] : 1.0;
    }
    return r;
  }
}
