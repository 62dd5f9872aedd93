package org.spikeforge.cli.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of the Yin-Yang part of the demo, in one place: the training run, the two compile targets'
 * step sizes, how many samples each check uses, the hardware-in-the-loop run and the goals each stage must meet.
 * {@link #full} is the real demo; {@link #quick} shrinks everything for tests (its goals are only "clearly
 * better than chance", since a few seconds of training cannot reach the full goal).
 *
 * @param train training overrides on {@code TrainConfig.defaults()}, as kebab-case keys
 * @param accuracyGoal test accuracy the trained float net must reach
 * @param loihi2Dt model time per loihi2 step; 0: the target's automatic step (as {@code compile} without --dt)
 * @param xyloDt model time per xylo step (tau/dt and tau_s/dt powers of two make the bit-shift decays exact); 0: automatic
 * @param calibrationSamples training samples used to calibrate the quantization
 * @param verifySamples test samples compared in the emulator (0: all)
 * @param agreementGoal float/emulator prediction agreement each target must reach
 * @param deploySamples test samples run on the board and in the emulator, trace against trace
 * @param hilEpochs hardware-in-the-loop epochs
 * @param hilTrainLimit training samples per HIL epoch
 * @param hilTestLimit test samples for the device accuracy
 * @param hilLearningRate Adam rate of the HIL run
 * @param thresholdSigma board mismatch: relative threshold offset sigma
 * @param gainSigma board mismatch: relative weight gain sigma
 */
public record DemoRecipe(Map<String, Object> train, double accuracyGoal, double loihi2Dt, double xyloDt,
    int calibrationSamples, int verifySamples, double agreementGoal, int deploySamples, int hilEpochs,
    int hilTrainLimit, int hilTestLimit, double hilLearningRate, double thresholdSigma, double gainSigma) {

  public DemoRecipe {
    train = Map.copyOf(train);
  }

  /** The recipe for a run with {@code quick} as given on the command line. */
  public static DemoRecipe of(boolean quick, long seed) {
    return quick ? quick(seed) : full(seed);
  }

  /**
   * The full demo: a 4+1 -> 120 -> 3 LIF net trained on all 5000 Yin-Yang samples with the tuned LIF recipe
   * ({@code TrainConfig.defaultsFor("lif")}: tau 2, V_th 1, T 2, from rest, pseudospikes for silent neurons, the
   * hardware margin terms of the loss), shortened to 25 epochs at lr 5e-3 decaying 1/e per 10 epochs. The goal is
   * on the spikes-only accuracy (silent outputs lose, as on a chip). Both chips run at the step their targets choose
   * (loihi2: dt 0.0093098 for tau 2, where the 12-bit decays round to 0.12 %; xylo: tau/dt near 2^7).
   */
  public static DemoRecipe full(long seed) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("dataset", "yinyang");
    t.put("model", "lif");
    t.put("hidden", "120");
    t.put("epochs", 25);
    t.put("lr", 5e-3);
    t.put("lr-decay-every", 10);
    t.put("from-rest", true);
    t.put("restore-best", true);
    t.put("progress", false);
    t.put("seed", seed);
    return new DemoRecipe(t, 0.95, 0, 0, 500, 0, 0.95, 20, 5, 1000, 1000, 8e-4, 0.02, 0.05);
  }

  /** Seconds instead of a minute: 30 hidden neurons, 500 training samples, a few epochs, small checks. */
  public static DemoRecipe quick(long seed) {
    Map<String, Object> t = lif(seed);
    t.put("hidden", "30");
    t.put("epochs", 15);
    t.put("train-limit", 500);
    t.put("lr", 5e-3);
    return new DemoRecipe(t, 0.6, 0.01, 1.0 / 64, 100, 200, 0.8, 3, 1, 100, 100, 5e-4, 0.1, 0.2);
  }

  private static Map<String, Object> lif(long seed) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("dataset", "yinyang");
    t.put("model", "lif");
    t.put("tau", 1.0);
    t.put("threshold", 1.0);
    t.put("trial-end", 2.0);
    t.put("batch", 50);
    t.put("optimizer", "adam");
    t.put("lr", 1e-3);
    t.put("clip", 1.0);
    t.put("weight-scale", 3.0);
    t.put("weight-mean", 4.0);
    t.put("from-rest", true);
    t.put("restore-best", true);
    t.put("progress", false);
    t.put("seed", seed);
    return t;
  }
}
