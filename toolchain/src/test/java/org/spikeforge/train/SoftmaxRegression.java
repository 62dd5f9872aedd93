package org.spikeforge.train;

/**
 * Multinomial logistic regression on input spike times, written as a {@link TrainableModel}: output "time"
 * {@code t_k = -(b_k + Σ_j W_kj x_j)} (silent inputs contribute 0), so the TTFS cross-entropy with τ0 = 1 is the
 * usual softmax cross-entropy on logits {@code -t}. A real, small differentiable model for testing trainer mechanics.
 */
final class SoftmaxRegression implements TrainableModel<SoftmaxRegression.Ws> {
  static final class Ws {
    final double[] x;
    final double[] out;

    Ws(int in, int out) {
      this.x = new double[in];
      this.out = new double[out];
    }
  }

  private final int in;
  private final int out;
  private final double[] params;

  SoftmaxRegression(int in, int out, long seed) {
    this.in = in;
    this.out = out;
    this.params = new double[out * in + out];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < out * in; i++) {
      params[i] = (r.nextDouble() - 0.5) * 0.2;
    }
  }

  @Override
  public int numInputs() {
    return in;
  }

  @Override
  public int numOutputs() {
    return out;
  }

  @Override
  public double[] params() {
    return params;
  }

  @Override
  public Ws newWorkspace() {
    return new Ws(in, out);
  }

  @Override
  public void forward(double[] inputTimes, Ws ws) {
    for (int j = 0; j < in; j++) {
      ws.x[j] = Double.isFinite(inputTimes[j]) ? inputTimes[j] : 0;
    }
    for (int k = 0; k < out; k++) {
      double z = params[out * in + k];
      for (int j = 0; j < in; j++) {
        z += params[k * in + j] * ws.x[j];
      }
      ws.out[k] = -z;
    }
  }

  @Override
  public double[] outputTimes(Ws ws) {
    return ws.out;
  }

  @Override
  public void backward(double[] dLdt, Ws ws, double[] grad) {
    for (int k = 0; k < out; k++) {
      double dz = -dLdt[k];
      for (int j = 0; j < in; j++) {
        grad[k * in + j] += dz * ws.x[j];
      }
      grad[out * in + k] += dz;
    }
  }

  @Override
  public int statNeurons() {
    return out;
  }

  @Override
  public int silentNeurons(Ws ws) {
    return 0;
  }

  @Override
  public int spikeCount(Ws ws) {
    return out;
  }
}
