package org.spikeforge.hil;

/**
 * Settings of a hardware-in-the-loop fine-tuning run. Built from {@link #defaults()} or {@link #tuned()} with
 * {@link #toBuilder()}, which names each changed setting.
 *
 * @param epochs passes over the training samples (>= 1)
 * @param batch samples per optimizer step (>= 1)
 * @param lr Adam learning rate on the float shadow weights (> 0)
 * @param minSlope lower bound of dV/dt at a replayed spike, in units of V_th / tau (> 0)
 * @param seed seed of the per-epoch sample order
 * @param trainLimit training samples per epoch (0: all)
 * @param testLimit test samples for the device accuracy (0: all)
 * @param retries times a trial that fails with a device error is retried before the run stops (>= 0)
 * @param tau0 softmax temperature of the TTFS cross-entropy (> 0)
 * @param gamma weight of its early-label-spike term (>= 0)
 * @param fireWeight weight λ of the deadline term λ κ softplus((t_y - (T - fireMargin))/κ), κ = fireMargin/4:
 *     a chip has no pseudospike read-out, so the label must fire inside the trial with a margin (0: off)
 * @param fireMargin how long before the trial end T the label should have fired (> 0)
 * @param lrDecay factor applied to the learning rate after every epoch (in (0, 1]; 1: constant)
 * @param outputLayerOnly update only the output layer's weights (the hidden weights stay as lowered)
 * @param silentOffset a silent output enters the loss at time T + silentOffset (0: T + tau, the float model's
 *     fallback); any value > 0 keeps it later than every in-trial spike, as the chip read-out does, and a small one
 *     keeps samples with a silent label from dominating the loss
 * @param shadowFromBoard start the float shadow weights at the board's dequantized weights (the middle of each
 *     quantization bin) instead of the trained float weights, so that an integer changes only after updates have
 *     moved its shadow half a step: trained weights lying next to a rounding boundary no longer flip on gradient noise
 * @param restoreBest at the end, put back the weights of the epoch with the best device accuracy on the validation
 *     samples (when there are any), as {@code train --restore-best} does; the test accuracy is measured after that
 * @param calibrationRounds rounds of {@link ExcitabilityCalibration} before the first update (0: none): each round
 *     runs the calibration samples on the board and scales every neuron's incoming weights by its measured factor
 * @param calibrationSamples training samples (the first ones) per calibration round (>= 1)
 * @param averageFrom first epoch (1-based) whose optimizer steps enter a running mean of the shadow weights
 *     (stochastic weight averaging); from then on every epoch is measured, validated and kept with the mean, quantized,
 *     on the board, while the updates continue from the raw weights (0: off)
 * @param gainCalibration before the first update (and again on resume), measure every synapse's weight gain through
 *     the board's synaptic-current probe ({@link SynapseGainCalibration}) and program {@code target / gain} from then
 *     on, so that the excitability calibration and the updates meet a chip whose weights are the ones asked for
 */
public record HilSettings(int epochs, int batch, double lr, double minSlope, long seed, int trainLimit,
    int testLimit, int retries, double tau0, double gamma, boolean restoreBest, double fireWeight,
    double fireMargin, double lrDecay, boolean outputLayerOnly, double silentOffset,
    boolean shadowFromBoard, int calibrationRounds, int calibrationSamples, int averageFrom,
    boolean gainCalibration) {

  public HilSettings {
    require(epochs >= 1, "epochs", epochs, ">= 1");
    require(batch >= 1, "batch", batch, ">= 1");
    require(lr > 0 && Double.isFinite(lr), "lr", lr, "finite and > 0");
    require(minSlope > 0 && Double.isFinite(minSlope), "min-slope", minSlope, "finite and > 0");
    require(trainLimit >= 0, "train-limit", trainLimit, ">= 0 (0: all)");
    require(testLimit >= 0, "test-limit", testLimit, ">= 0 (0: all)");
    require(retries >= 0, "retries", retries, ">= 0");
    require(tau0 > 0 && Double.isFinite(tau0), "tau0", tau0, "finite and > 0");
    require(gamma >= 0 && Double.isFinite(gamma), "gamma", gamma, "finite and >= 0");
    require(fireWeight >= 0 && Double.isFinite(fireWeight), "fire-weight", fireWeight, "finite and >= 0");
    require(silentOffset >= 0 && Double.isFinite(silentOffset), "silent-offset", silentOffset, "finite and >= 0");
    require(lrDecay > 0 && lrDecay <= 1, "lr-decay", lrDecay, "in (0, 1]");
    require(fireMargin > 0 && Double.isFinite(fireMargin), "fire-margin", fireMargin, "finite and > 0");
    require(calibrationRounds >= 0, "calibration-rounds", calibrationRounds, ">= 0 (0: none)");
    require(calibrationSamples >= 1, "calibration-samples", calibrationSamples, ">= 1");
    require(averageFrom >= 0, "average-from", averageFrom, ">= 0 (0: off)");
  }

  /**
   * 20 epochs, batch 50, lr 5e-4, slope floor 0.1, all samples, 2 retries, the training loss's tau0 = 1, gamma =
   * 0.01, restore-best on, constant learning rate, no deadline term ({@code hil-finetune}'s own defaults differ: see
   * {@link #tuned()}).
   */
  public static HilSettings defaults() {
    return new HilSettings(20, 50, 5e-4, 0.1, 0, 0, 0, 2, 1.0, 0.01, true, 0, 0.2, 1.0, false, 0, false, 0, 1000, 0,
        false);
  }

  /**
   * The settings measured to bring a mismatched loihi2 board back to float accuracy on Yin-Yang (bench/results/hil.md):
   * {@link #defaults()} with batch 10, lr 8e-4 decaying by 0.8 per epoch, a sharper softmax (tau0 = 0.1) and one
   * round of {@link ExcitabilityCalibration} on 1000 samples before the first update (chosen on validation accuracy
   * over mismatch draws 1-6), after a probe calibration of every synapse's gain and every neuron's threshold
   * ({@link SynapseGainCalibration}, chosen the same way in the fourth session). These are also
   * {@code hil-finetune}'s command-line defaults.
   */
  public static HilSettings tuned() {
    return defaults().toBuilder().batch(10).lr(8e-4).tau0(0.1).lrDecay(0.8).calibrationRounds(1)
        .gainCalibration(true).build();
  }

  /**
   * A builder starting from these settings, for changing a few of them by name: the one way to derive settings
   * (start from {@link #defaults()} or {@link #tuned()}; the canonical constructor is there for the record and for
   * reading a saved value back).
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The learning rate during epoch {@code epoch} (1-based): lr * lrDecay^(epoch - 1). */
  public double learningRate(int epoch) {
    return lr * Math.pow(lrDecay, Math.max(0, epoch - 1));
  }

  private static void require(boolean ok, String field, Object value, String limit) {
    if (!ok) {
      throw new IllegalArgumentException("hil setting " + field + " = " + value + " must be " + limit);
    }
  }

  /**
   * Named setters over a copy of a {@link HilSettings}, so that a caller changes the settings it means without
   * restating the others; {@link #build()} checks the limits.
   */
  public static final class Builder {
    private int epochs;
    private int batch;
    private double lr;
    private double minSlope;
    private long seed;
    private int trainLimit;
    private int testLimit;
    private int retries;
    private double tau0;
    private double gamma;
    private boolean restoreBest;
    private double fireWeight;
    private double fireMargin;
    private double lrDecay;
    private boolean outputLayerOnly;
    private double silentOffset;
    private boolean shadowFromBoard;
    private int calibrationRounds;
    private int calibrationSamples;
    private int averageFrom;
    private boolean gainCalibration;

    private Builder(HilSettings s) {
      epochs = s.epochs;
      batch = s.batch;
      lr = s.lr;
      minSlope = s.minSlope;
      seed = s.seed;
      trainLimit = s.trainLimit;
      testLimit = s.testLimit;
      retries = s.retries;
      tau0 = s.tau0;
      gamma = s.gamma;
      restoreBest = s.restoreBest;
      fireWeight = s.fireWeight;
      fireMargin = s.fireMargin;
      lrDecay = s.lrDecay;
      outputLayerOnly = s.outputLayerOnly;
      silentOffset = s.silentOffset;
      shadowFromBoard = s.shadowFromBoard;
      calibrationRounds = s.calibrationRounds;
      calibrationSamples = s.calibrationSamples;
      averageFrom = s.averageFrom;
      gainCalibration = s.gainCalibration;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder batch(int v) {
      batch = v;
      return this;
    }

    public Builder lr(double v) {
      lr = v;
      return this;
    }

    public Builder minSlope(double v) {
      minSlope = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder trainLimit(int v) {
      trainLimit = v;
      return this;
    }

    public Builder testLimit(int v) {
      testLimit = v;
      return this;
    }

    public Builder retries(int v) {
      retries = v;
      return this;
    }

    public Builder tau0(double v) {
      tau0 = v;
      return this;
    }

    public Builder gamma(double v) {
      gamma = v;
      return this;
    }

    public Builder restoreBest(boolean v) {
      restoreBest = v;
      return this;
    }

    public Builder fireWeight(double v) {
      fireWeight = v;
      return this;
    }

    public Builder fireMargin(double v) {
      fireMargin = v;
      return this;
    }

    public Builder lrDecay(double v) {
      lrDecay = v;
      return this;
    }

    public Builder outputLayerOnly(boolean v) {
      outputLayerOnly = v;
      return this;
    }

    public Builder silentOffset(double v) {
      silentOffset = v;
      return this;
    }

    public Builder shadowFromBoard(boolean v) {
      shadowFromBoard = v;
      return this;
    }

    public Builder calibrationRounds(int v) {
      calibrationRounds = v;
      return this;
    }

    public Builder calibrationSamples(int v) {
      calibrationSamples = v;
      return this;
    }

    public Builder averageFrom(int v) {
      averageFrom = v;
      return this;
    }

    public Builder gainCalibration(boolean v) {
      gainCalibration = v;
      return this;
    }

    /** The settings; throws {@link IllegalArgumentException} naming the first value outside its limits. */
    public HilSettings build() {
      return new HilSettings(epochs, batch, lr, minSlope, seed, trainLimit, testLimit, retries, tau0, gamma,
          restoreBest, fireWeight, fireMargin, lrDecay, outputLayerOnly, silentOffset, shadowFromBoard,
          calibrationRounds, calibrationSamples, averageFrom, gainCalibration);
    }
  }
}
