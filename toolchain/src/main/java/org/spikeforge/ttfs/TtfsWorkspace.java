package org.spikeforge.ttfs;

/**
 * All per-sample buffers of one {@link TtfsNetwork} pass, allocated once and reused: one per thread. After
 * {@link TtfsNetwork#forward} it also reports activity (spike counts, silent fractions) of every layer.
 * Not thread-safe; a workspace fits every network with the same layer sizes.
 */
public final class TtfsWorkspace {
  final int[] layerSizes;
  /** traces[l] for l = 1..L; traces[0] is unused. */
  final LayerTrace[] traces;
  final double[] outputTimes;
  final boolean[] outputSilent;
  final double[] inputTimeAdjoint;
  // Layer-1 input sorting buffers.
  final double[] inputKeys;
  final int[] inputChannels;
  final int[] inputOrder;
  final int[] inputScratch;
  final double[] sortedInputTimes;
  final int[] sortedInputChannels;
  /** Input-layer weight gradients recorded by TtfsNetwork.backwardDeferringInputWeights, until flushed. */
  final InputGradientBuffer inputGradient;
  boolean pseudoDone;
  boolean forwardDone;

  TtfsWorkspace(int[] layerSizes) {
    this.layerSizes = layerSizes.clone();
    int layers = layerSizes.length - 1;
    traces = new LayerTrace[layers + 1];
    for (int l = 1; l <= layers; l++) {
      traces[l] = new LayerTrace(layerSizes[l]);
    }
    int out = layerSizes[layers];
    outputTimes = new double[out];
    outputSilent = new boolean[out];
    int in = layerSizes[0];
    inputTimeAdjoint = new double[in];
    inputKeys = new double[in];
    inputChannels = new int[in];
    inputOrder = new int[in];
    inputScratch = new int[in];
    sortedInputTimes = new double[in];
    sortedInputChannels = new int[in];
    inputGradient = new InputGradientBuffer(layerSizes[1]);
  }

  /** Number of layers L (the input is layer 0). */
  public int numLayers() {
    return traces.length - 1;
  }

  /** In-trial spikes of layer l (1..L) in the last forward pass. */
  public int spikeCount(int layer) {
    return trace(layer).spikeCount;
  }

  /** Mean number of in-trial spikes per neuron of layer l in the last forward pass. */
  public double spikesPerNeuron(int layer) {
    LayerTrace t = trace(layer);
    return (double) t.spikeCount / t.size;
  }

  /** Fraction of neurons of layer l that did not spike within the trial in the last forward pass. */
  public double silentFraction(int layer) {
    LayerTrace t = trace(layer);
    int silent = 0;
    for (int c : t.spikesOfNeuron) {
      if (c == 0) {
        silent++;
      }
    }
    return (double) silent / t.size;
  }

  /** In-trial spikes of neuron i of layer l in the last forward pass. */
  public int spikesOfNeuron(int layer, int neuron) {
    return trace(layer).spikesOfNeuron[neuron];
  }

  /**
   * Neuron updates of layer l (1..L) in the last forward pass: the (input group, reached neuron) pairs that a conv or
   * pool layer visited, or groups x neurons for a dense layer, which visits every neuron at every group. The work
   * measure of the layered engine (for benchmarks and activity reports).
   */
  public long neuronUpdates(int layer) {
    LayerTrace t = trace(layer);
    return t.lazy ? t.touchCount : (long) t.groupCount * t.size;
  }

  /**
   * Coalesced input groups of layer l (1..L) in the last forward pass: the distinct times among the spikes it
   * received (for benchmarks and activity reports: a sparse layer pays a per-group cost for each).
   */
  public int inputGroups(int layer) {
    return trace(layer).groupCount;
  }

  /** Time of the s-th in-trial spike (sorted by time) of layer l. */
  public double spikeTime(int layer, int s) {
    LayerTrace t = trace(layer);
    if (s < 0 || s >= t.spikeCount) {
      throw new IndexOutOfBoundsException("spike " + s + " of layer " + layer + ": has " + t.spikeCount);
    }
    return t.spikeTime[s];
  }

  /** Neuron of the s-th in-trial spike (sorted by time) of layer l. */
  public int spikeNeuron(int layer, int s) {
    LayerTrace t = trace(layer);
    if (s < 0 || s >= t.spikeCount) {
      throw new IndexOutOfBoundsException("spike " + s + " of layer " + layer + ": has " + t.spikeCount);
    }
    return t.spikeNeuron[s];
  }

  /**
   * dL/d(input spike time) per input channel from the last backward pass (0 for silent channels and those
   * after T). Read-only view, overwritten by the next backward pass.
   */
  public double[] inputTimeGradient() {
    return inputTimeAdjoint;
  }

  private LayerTrace trace(int layer) {
    if (layer < 1 || layer >= traces.length) {
      throw new IndexOutOfBoundsException("layer " + layer + ": must be in 1.." + (traces.length - 1));
    }
    return traces[layer];
  }
}
