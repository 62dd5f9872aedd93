package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.data.LatencyEncoder;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.data.YinYang;

/**
 * The debiased exponential moving average of the weights ({@code --ema}): the formula on hand-worked numbers, and a
 * real (small) training run that evaluates, selects and returns averaged weights, bit-identically on any thread count
 * and across a checkpoint/resume.
 */
class ParameterAverageTest {
  private static final SpikeDataset TRAIN =
      new SpikeDataset("yinyang", YinYang.generate(600, 42), LatencyEncoder.yinYangDefault());
  private static final SpikeDataset VAL =
      new SpikeDataset("yinyang", YinYang.generate(300, 41), LatencyEncoder.yinYangDefault());

  @Test
  void debiasedAverageWeighsTheIteratesByPowersOfTheDecay() {
    ParameterAverage a = new ParameterAverage(0.5, 2);
    double[] out = new double[2];
    a.update(new double[] {2, -4});
    // m1 = 0.5 * 0 + 0.5 * 2 = 1; debiased 1 / (1 - 0.5) = 2: after one step the average is the iterate itself.
    a.averageInto(out);
    assertArrayEquals(new double[] {2, -4}, out, 0.0);
    a.update(new double[] {4, 8});
    // m2 = 0.5 * 1 + 0.5 * 4 = 2.5; / (1 - 0.25) = 10/3 = (0.5 * 2 + 1 * 4) / 1.5.
    // Second entry: m2 = 0.5 * (-2) + 0.5 * 8 = 3; / 0.75 = 4 = (0.5 * -4 + 1 * 8) / 1.5.
    a.averageInto(out);
    assertEquals(10.0 / 3, out[0], 1e-15);
    assertEquals(4.0, out[1], 1e-15);
    a.update(new double[] {1, 0});
    // m3 = 0.5 * 2.5 + 0.5 * 1 = 1.75; / (1 - 0.125) = 2 = (0.25 * 2 + 0.5 * 4 + 1 * 1) / 1.75.
    a.averageInto(out);
    assertEquals(2.0, out[0], 1e-15);
    assertEquals(1.5 / 0.875, out[1], 1e-15); // m3 = 0.5 * 3 + 0 = 1.5
    assertEquals(3, a.steps());
    assertArrayEquals(new double[] {1.75, 1.5}, a.accumulator(), 0.0);
  }

  @Test
  void restoredAverageContinuesExactlyAndBadStateIsRefused() {
    ParameterAverage whole = new ParameterAverage(0.9, 3);
    ParameterAverage first = new ParameterAverage(0.9, 3);
    double[][] iterates = {{1, 2, 3}, {0.5, -1, 7}, {2, 2, 2}, {-3, 0.25, 1}};
    for (int i = 0; i < 4; i++) {
      whole.update(iterates[i]);
      if (i < 2) {
        first.update(iterates[i]);
      }
    }
    ParameterAverage resumed = new ParameterAverage(0.9, 3);
    resumed.restore(first.accumulator(), first.steps());
    resumed.update(iterates[2]);
    resumed.update(iterates[3]);
    double[] a = new double[3];
    double[] b = new double[3];
    whole.averageInto(a);
    resumed.averageInto(b);
    assertArrayEquals(a, b, 0.0);
    assertThrows(IllegalStateException.class, () -> new ParameterAverage(0.9, 3).averageInto(a));
    assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(1.0, 3));
    assertThrows(IllegalArgumentException.class, () -> resumed.restore(new double[2], 1));
  }

  private static Trainer<SoftmaxRegression.Ws> trainer(SoftmaxRegression m, TrainerSettings s) {
    return new Trainer<>(m, new TtfsCrossEntropy(1, 2, 0.01), AdaBelief.standard(m.params().length),
        new LearningRateSchedule.Exponential(0.05, Math.exp(-1), 3), s);
  }

  private static TrainerSettings settings(int epochs, int threads, double decay) {
    return new TrainerSettings(epochs, 64, 7, threads, 16, 5.0, 0, false, false).withAverageDecay(decay);
  }

  @Test
  void trainingLeavesTheAverageOfTheIteratesInTheModel() {
    // An unaveraged run records its raw weights after each of its 20 optimizer steps (2 epochs of 10 batches of 64
    // from 600 samples); replaying the average over them must give the averaged run's final weights, and the averaged
    // run's raw iterate must be the unaveraged run's (averaging never feeds back into training).
    List<double[]> iterates = new ArrayList<>();
    SoftmaxRegression plain = new SoftmaxRegression(5, 3, 1);
    new Trainer<>(new RecordingModel(plain, iterates), new TtfsCrossEntropy(1, 2, 0.01),
        AdaBelief.standard(plain.params().length), new LearningRateSchedule.Exponential(0.05, Math.exp(-1), 3),
        settings(2, 1, 0)).fit(TRAIN, VAL, null, false);
    assertEquals(20, iterates.size());

    SoftmaxRegression averaged = new SoftmaxRegression(5, 3, 1);
    Trainer.Result r = trainer(averaged, settings(2, 1, 0.9)).fit(TRAIN, VAL, null, false);
    assertEquals(20, r.state().averageSteps());
    assertArrayEquals(iterates.get(19), r.state().params(), 0.0);
    ParameterAverage replay = new ParameterAverage(0.9, plain.params().length);
    for (double[] p : iterates) {
      replay.update(p);
    }
    double[] expected = new double[plain.params().length];
    replay.averageInto(expected);
    assertArrayEquals(expected, averaged.params(), 0.0);
    assertFalse(Arrays.equals(averaged.params(), r.state().params()), "the average differs from the last iterate");
  }

  /** Delegates to a model and records a copy of the parameters at each projection, i.e. after each optimizer step. */
  private record RecordingModel(SoftmaxRegression inner, List<double[]> seen)
      implements TrainableModel<SoftmaxRegression.Ws> {
    @Override
    public int numInputs() {
      return inner.numInputs();
    }

    @Override
    public int numOutputs() {
      return inner.numOutputs();
    }

    @Override
    public double[] params() {
      return inner.params();
    }

    @Override
    public SoftmaxRegression.Ws newWorkspace() {
      return inner.newWorkspace();
    }

    @Override
    public void forward(double[] inputTimes, SoftmaxRegression.Ws ws) {
      inner.forward(inputTimes, ws);
    }

    @Override
    public double[] outputTimes(SoftmaxRegression.Ws ws) {
      return inner.outputTimes(ws);
    }

    @Override
    public void backward(double[] dLdOutputTimes, SoftmaxRegression.Ws ws, double[] gradAccumulator) {
      inner.backward(dLdOutputTimes, ws, gradAccumulator);
    }

    @Override
    public void project(double[] params) {
      inner.project(params);
      seen.add(params.clone());
    }

    @Override
    public int statNeurons() {
      return inner.statNeurons();
    }

    @Override
    public int silentNeurons(SoftmaxRegression.Ws ws) {
      return inner.silentNeurons(ws);
    }

    @Override
    public int spikeCount(SoftmaxRegression.Ws ws) {
      return inner.spikeCount(ws);
    }
  }

  @Test
  void averagedRunIsBitIdenticalOnOneAndThreeThreadsAndAcrossAResume(@TempDir Path dir) {
    SoftmaxRegression full = new SoftmaxRegression(5, 3, 1);
    Trainer.Result r = trainer(full, settings(4, 1, 0.95)).fit(TRAIN, VAL, dir.resolve("full"), false);

    SoftmaxRegression threads = new SoftmaxRegression(5, 3, 1);
    trainer(threads, settings(4, 3, 0.95)).fit(TRAIN, VAL, null, false);
    assertArrayEquals(full.params(), threads.params(), 0.0);

    Path split = dir.resolve("split");
    trainer(new SoftmaxRegression(5, 3, 1), settings(2, 1, 0.95)).fit(TRAIN, VAL, split, false);
    TrainingState half = Checkpoint.load(split);
    assertEquals(20, half.averageSteps());
    assertTrue(half.averageAccumulator() != null);
    SoftmaxRegression resumed = new SoftmaxRegression(5, 3, 99); // different init: must come from the checkpoint
    Trainer.Result r2 = trainer(resumed, settings(4, 2, 0.95)).fit(TRAIN, VAL, split, true);
    assertArrayEquals(full.params(), resumed.params(), 0.0);
    for (int i = 0; i < 4; i++) {
      assertEquals(r.history().get(i).validationAccuracy(), r2.history().get(i).validationAccuracy(), 0.0);
      assertEquals(r.history().get(i).validationLoss(), r2.history().get(i).validationLoss(), 0.0);
    }
    TrainingState a = Checkpoint.load(dir.resolve("full"));
    TrainingState b = Checkpoint.load(split);
    assertArrayEquals(a.averageAccumulator(), b.averageAccumulator(), 0.0);
    assertEquals(40, b.averageSteps());
  }

  @Test
  void bestEpochIsChosenOnAndRestoredAsAveragedWeights(@TempDir Path dir) {
    SoftmaxRegression m = new SoftmaxRegression(5, 3, 1);
    Trainer.Result r = trainer(m, settings(4, 1, 0.9).withPatience(0, true)).fit(TRAIN, VAL, dir, false);
    TrainingState s = r.state();
    assertArrayEquals(s.bestParams(), m.params(), 0.0);
    // The stored best accuracy is that of the restored (averaged) weights on the validation set.
    BatchStats v = trainer(m, settings(1, 1, 0)).evaluate(VAL, null);
    assertEquals(s.bestValidationAccuracy(), v.accuracy(), 0.0);
    assertEquals(s.history().get(s.bestEpoch() - 1).validationAccuracy(), v.accuracy(), 0.0);
  }

  @Test
  void resumingAnUnaveragedCheckpointWithAveragingIsRefusedAndOldCheckpointsLoadWithoutAverage(@TempDir Path dir) {
    trainer(new SoftmaxRegression(5, 3, 1), settings(1, 1, 0)).fit(TRAIN, VAL, dir, false);
    assertNull(Checkpoint.load(dir).averageAccumulator());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer(new SoftmaxRegression(5, 3, 1), settings(2, 1, 0.9)).fit(TRAIN, VAL, dir, true));
    assertTrue(e.getMessage().contains("checkpoint has no parameter average"), e.getMessage());
  }
}
