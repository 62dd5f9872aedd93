package org.spikeforge.train;

/**
 * What the trainer needs from a model whose outputs are spike times: a flat parameter vector, a reusable per-thread
 * workspace, a forward pass from input spike times, and a backward pass that adds dL/dparams given dL/d(output
 * times). Outputs that did not spike in the trial must already carry a finite pseudospike time so the loss and its
 * gradient stay defined.
 *
 * @param <W> per-thread scratch state; one instance is only ever used by one thread at a time
 */
public interface TrainableModel<W> {
  int numInputs();

  int numOutputs();

  /** The live parameter vector; optimizers update it in place. */
  double[] params();

  /** Fresh scratch state for one thread. */
  W newWorkspace();

  /** Runs one sample; afterwards {@link #outputTimes} and the spike statistics describe it. */
  void forward(double[] inputTimes, W ws);

  /** Output first-spike times of the last forward pass (pseudospike times for silent outputs). */
  double[] outputTimes(W ws);

  /**
   * Output times as a chip decodes them ("spikes only"): an output's first in-trial spike, and one common time
   * after the trial for every output that stayed silent, so that silent outputs lose to any firing one and tie with
   * each other (ties go to the lowest index). This is the rule of {@code verify.OutputDecoder} for LIF nets. The
   * default suits models whose outputs always fire inside the trial: it copies {@link #outputTimes}.
   */
  default void spikesOnlyTimes(W ws, double[] dst) {
    double[] t = outputTimes(ws);
    System.arraycopy(t, 0, dst, 0, dst.length);
  }

  /** Adds dL/dparams for the last forward pass to {@code gradAccumulator}. */
  void backward(double[] dLdOutputTimes, W ws, double[] gradAccumulator);

  /**
   * As {@link #backward}, but the model may hold back part of the gradient in the workspace until
   * {@link #flushGradient}, to batch the widest updates over several samples; the flushed sum must be bit-identical
   * to what {@link #backward} would have accumulated. The batch engine calls it for every sample of a chunk and
   * flushes once at the chunk's end.
   */
  default void backwardBatched(double[] dLdOutputTimes, W ws, double[] gradAccumulator) {
    backward(dLdOutputTimes, ws, gradAccumulator);
  }

  /** Adds what {@link #backwardBatched} held back to {@code gradAccumulator}. */
  default void flushGradient(W ws, double[] gradAccumulator) {}

  /** Drops what {@link #backwardBatched} held back (a chunk that failed half-way). */
  default void discardGradient(W ws) {}

  /** Clips parameters back into their valid domain after an optimizer step (e.g. initial phases into [0, Θ]). */
  default void project(double[] params) {}

  /** Neurons counted by the spike statistics (hidden and output). */
  int statNeurons();

  /** Of {@link #statNeurons()}, how many fired no spike inside the trial in the last forward pass. */
  int silentNeurons(W ws);

  /** In-trial spikes of all {@link #statNeurons()} neurons in the last forward pass. */
  int spikeCount(W ws);
}
