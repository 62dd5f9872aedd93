package org.spikeforge.train;

import org.spikeforge.proto.Network;

/**
 * Builds the model a {@link TrainConfig} names ({@code theta}, {@code lif}, {@code qif}) for a given number of
 * inputs and classes, and restores trained models from their proto form.
 */
public final class ModelFactory {
  private ModelFactory() {}

  /** A freshly initialised model. */
  public static SpikingClassifier<?> create(TrainConfig c, int numInputs, int numClasses) {
    throw new ConfigException("model '" + c.model() + "': the feed-forward TTFS network is not available in this"
        + " build");
  }

  /** A trained model read back from its proto form. */
  public static SpikingClassifier<?> fromNetwork(Network n) {
    throw new ConfigException("network '" + n.getName() + "': the feed-forward TTFS network is not available in"
        + " this build");
  }
}
