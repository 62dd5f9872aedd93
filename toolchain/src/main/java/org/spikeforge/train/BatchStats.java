package org.spikeforge.train;

/**
 * Sums over a set of samples: loss, correct predictions (from the model's output times, pseudospikes included, and
 * "spikes only", as a chip decodes them: see {@link TrainableModel#spikesOnlyTimes}), and spike statistics (silent neuron-trials, in-trial
 * spikes, and neuron-trials counted). Combined with {@link #plus} in a fixed order.
 */
public record BatchStats(double lossSum, long correct, long correctSpikesOnly, long count, long silent, long spikes, long neuronTrials) implements java.io.Serializable {
  public static final BatchStats EMPTY = new BatchStats(0, 0, 0, 0, 0, 0, 0);

  public BatchStats plus(BatchStats o) {
    return new BatchStats(lossSum + o.lossSum, correct + o.correct, correctSpikesOnly + o.correctSpikesOnly, count + o.count, silent + o.silent,
        spikes + o.spikes, neuronTrials + o.neuronTrials);
  }

  public double meanLoss() {
    return count == 0 ? Double.NaN : lossSum / count;
  }

  public double accuracy() {
    return count == 0 ? Double.NaN : (double) correct / count;
  }

  /** Accuracy with every silent output decoded at one common time after the trial (the chip rule). */
  public double accuracySpikesOnly() {
    return count == 0 ? Double.NaN : (double) correctSpikesOnly / count;
  }

  /** Fraction of (neuron, sample) pairs in which the neuron fired no spike inside the trial. */
  public double silentFraction() {
    return neuronTrials == 0 ? Double.NaN : (double) silent / neuronTrials;
  }

  /** Mean in-trial spikes per neuron per sample. */
  public double spikesPerNeuron() {
    return neuronTrials == 0 ? Double.NaN : (double) spikes / neuronTrials;
  }
}
