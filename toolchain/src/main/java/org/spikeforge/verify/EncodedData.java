package org.spikeforge.verify;

import java.util.Map;
import org.spikeforge.data.Encoders;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.proto.Network;
import org.spikeforge.train.ConfigException;
import org.spikeforge.train.LoadedData;
import org.spikeforge.train.TrainConfig;

/**
 * A dataset named as for {@code spikeforge train} ({@code yinyang}, {@code fashion-mnist}, {@code idx:DIR},
 * {@code mnist-json:DIR}), resolved by the trainer's own {@link LoadedData} and encoded with the input
 * encoding stored in the network, so samples reach the float model and the emulator exactly as in training.
 */
public final class EncodedData {
  private EncodedData() {}

  /** The test split. */
  public static SpikeDataset test(Network net, String dataset) {
    LoadedData d = load(net, dataset);
    return new SpikeDataset(d.name(), d.test().table(), Encoders.fromProto(net.getEncoding()));
  }

  /** The training split (calibration uses it so that the test set stays unseen). */
  public static SpikeDataset train(Network net, String dataset) {
    LoadedData d = load(net, dataset);
    return new SpikeDataset(d.name(), d.train().table(), Encoders.fromProto(net.getEncoding()));
  }

  private static LoadedData load(Network net, String dataset) {
    if (!net.hasEncoding()) {
      throw new ConfigException("network '" + net.getName() + "' has no input encoding to apply to " + dataset);
    }
    TrainConfig c = TrainConfig.defaults().with(Map.of("dataset", dataset, "validation", 0,
        "trial-end", net.getTrialEnd() > 0 ? net.getTrialEnd() : 2.0), "dataset " + dataset);
    return LoadedData.load(c);
  }
}
