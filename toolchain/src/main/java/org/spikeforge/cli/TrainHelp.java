package org.spikeforge.cli;

import java.util.LinkedHashMap;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.Objects;
import org.spikeforge.train.TrainConfig;

/**
 * The option descriptions of {@code spikeforge train --help}, with each option's default read from
 * {@link TrainConfig#defaults()} (theta) and {@link TrainConfig#defaultsFor(String) defaultsFor("lif")}, so the help
 * can never drift from the code. The options themselves carry no picocli default (a given option overrides
 * {@code --config FILE.yaml}, an absent one must not), so {@code ${DEFAULT-VALUE}} has nothing to show; picocli reads
 * these texts instead (a resource bundle keyed by option name).
 */
public final class TrainHelp extends ListResourceBundle {
  /** Option name (without dashes) -> what it does; the default is appended. */
  static final Map<String, String> TEXT = texts();

  private static Map<String, String> texts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dataset", "yinyang, fashion-mnist, idx:DIR (a directory of MNIST-style IDX files: train-images-idx3-ubyte"
        + "[.gz], train-labels-idx1-ubyte, t10k-...) or mnist-json:DIR");
    m.put("model", "theta (runs only on --target theta), lif (loihi2, xylo: use it for a LIF chip) or qif");
    m.put("hidden", "hidden layer sizes, e.g. 120 or 100,100");
    m.put("arch", "layers from input to output, replacing --hidden: conv<KH>x<KW>x<C>[s<stride>][p<pad>],"
        + " pool<K>[x<K>] (sum pooling, stride K) and dense<N>, the last dense<classes>; e.g."
        + " conv5x5x16,pool2,conv5x5x32,pool2,dense10 (empty: --hidden)");
    m.put("pool-weight", "fixed weight of every sum-pooling layer (0: auto, the weight with which one input spike"
        + " fires a pool neuron within 0.05 tau)");
    m.put("epochs", "passes over the training set");
    m.put("batch", "samples per optimizer step");
    m.put("lr", "learning rate");
    m.put("seed", "seed of the initial weights, the shuffling and the augmentations");
    m.put("out", "run directory: model.net.pb/.json, report.json, curves.png, raster.png, config.json and"
        + " checkpoint.bin (rewritten atomically after every epoch; about 32 bytes per parameter, 3 MB for 785-120-10);"
        + " a directory that holds a run is refused (see --resume, --overwrite)");
    m.put("optimizer", "adabelief or adam");
    m.put("lr-schedule", "exponential (lr x decay^(epoch/every)), step or constant");
    m.put("lr-decay", "factor of the learning-rate schedule");
    m.put("lr-decay-every", "epochs per decay factor");
    m.put("threads", "worker threads (0: all cores)");
    m.put("chunk", "samples per parallel work unit: a batch keeps at most batch/chunk threads busy, and the chunk, not --threads, fixes the order of the gradient sums (results do not depend on --threads)");
    m.put("shards", "contiguous shards per batch (<= batch), each shard's exact gradient sum added in shard order;"
        + " the weights depend on N, not on where the shards run: 'train --spark MASTER --shards N' (the cluster"
        + " jar) computes the shards on Spark executors and gives bit for bit the weights of a single-JVM"
        + " --shards N run");
    m.put("clip", "global gradient-norm clip (0: off)");
    m.put("patience", "early stopping patience in epochs (0: off)");
    m.put("restore-best", "save the best validation epoch's weights (false: the last epoch's)");
    m.put("gamma", "weight of the spike-time regulariser of the loss");
    m.put("tau0", "softmax temperature of the loss");
    m.put("tau1", "time scale of the loss's spike-time term (0: the trial end)");
    m.put("encoding", "auto (latency for Yin-Yang, threshold for images), latency, log or threshold");
    m.put("t-min", "earliest input spike time");
    m.put("t-max", "latest input spike time");
    m.put("bias", "add a bias input channel that spikes at a fixed time");
    m.put("flip", "images: training-time probability per pixel of a flipped input level (0: none)");
    m.put("shift", "images: random training-time translation by up to N pixels (0: none)");
    m.put("time-levels", "latency/log codes: round spike times to N levels (0: continuous)");
    m.put("trial-end", "trial length T (model time)");
    m.put("validation", "images held out of the training set for validation (-1: 10 %; Yin-Yang has its own set)");
    m.put("train-limit", "use only the first N training samples (0: all), for quick runs");
    m.put("tau", "membrane time constant");
    m.put("drive", "theta, qif: constant drive I0 (> 1/4)");
    m.put("threshold", "lif: firing threshold");
    m.put("phi0", "theta: initial phase as a fraction of Theta (negative: the model default)");
    m.put("weight-scale", "initial weights U(+-s/sqrt(fan_in)) (0: model default)");
    m.put("weight-mean", "added to every initial weight, in units of 1/sqrt(fan_in)");
    m.put("progress", "show progress (a bar on a terminal; a plain line every 10 % in logs and with CI=true)");
    m.put("from-rest", "lif: start every trial from rest, initial states fixed at 0 (xylo and netx need it)");
    m.put("fire-weight", "weight of the label-fires-before-T-minus-margin loss term (0: off)");
    m.put("fire-margin", "margin before the trial end for that term");
    m.put("fire-softness", "width of the smooth hinges of the fire and gap terms");
    m.put("gap-weight", "weight of the wrong-outputs-at-least-gap-after-the-label term (0: off)");
    m.put("gap-margin", "that gap");
    m.put("ema", "per-step decay of a moving average of the weights, used for validation, test and the saved net"
        + " (0: off; e.g. 0.999)");
    m.put("input-dropout", "images: training-time probability that a pixel's input spike is removed (0: none)");
    m.put("mirror", "images: training-time probability that an image is mirrored left to right (0: none)");
    m.put("select-on", "best-epoch metric: auto (spikes-only for lif, pseudospikes for theta), pseudospikes or"
        + " spikes-only");
    return m;
  }

  /** The text with the defaults, e.g. {@code "learning rate (default: 0.005; lif: 0.002)"}. */
  static String describe(String key) {
    Object theta = TrainConfig.defaults().toMap().get(key);
    Object lif = TrainConfig.defaultsFor("lif").toMap().get(key);
    if ("".equals(theta) && "".equals(lif)) {
      return TEXT.get(key) + " (default: none)";
    }
    String d = Objects.equals(theta, lif) ? "default: " + theta : "default: " + theta + "; with --model lif: " + lif;
    return TEXT.get(key) + " (" + d + ")";
  }

  @Override
  protected Object[][] getContents() {
    Object[][] c = new Object[TEXT.size()][];
    int i = 0;
    for (String key : TEXT.keySet()) {
      c[i++] = new Object[] {key, describe(key).replace("%", "%%")}; // picocli formats descriptions
    }
    return c;
  }
}
