package org.spikeforge.grad;

import java.util.Arrays;
import org.spikeforge.sim.CompiledNetwork;

/**
 * Gradient buffers in the layouts of the parameters: {@link #weights()} like {@link CompiledNetwork#weights()},
 * {@link #inputTimes()} like {@code InputTrains.times()}, {@link #initialState()} like
 * {@link CompiledNetwork#initialState()}. {@link SpikeTimeGradient} adds into them, so a batch accumulates until
 * {@link #clear()}.
 */
public final class ParameterGradients {
  private double[] weights;
  private double[] inputTimes;
  private double[] initialState;

  public ParameterGradients(CompiledNetwork net, int inputSpikes) {
    weights = new double[net.weights().length];
    inputTimes = new double[inputSpikes];
    initialState = new double[net.initialState().length];
  }

  /** Makes sure the input-time buffer holds at least n entries (inputs differ per sample); keeps it cleared. */
  void ensureInputs(int n) {
    if (inputTimes.length < n) {
      inputTimes = Arrays.copyOf(inputTimes, n);
    }
  }

  public void clear() {
    Arrays.fill(weights, 0);
    Arrays.fill(inputTimes, 0);
    Arrays.fill(initialState, 0);
  }

  /** dL/dw, flat, projection k at [net.weightOffset(k), + rows * cols), row-major. */
  public double[] weights() {
    return weights;
  }

  /** A copy of dL/dw of projection k (row-major rows x cols). */
  public double[] projectionWeights(CompiledNetwork net, int k) {
    int off = net.weightOffset(k);
    return Arrays.copyOfRange(weights, off, off + net.projectionRows(k) * net.projectionCols(k));
  }

  /** dL/dt of each input spike, in the layout of InputTrains.times(). */
  public double[] inputTimes() {
    return inputTimes;
  }

  /** dL/d(initial state): [neuron * d + k]; THETA: phase, QIF/LIF: (V, I). */
  public double[] initialState() {
    return initialState;
  }
}
