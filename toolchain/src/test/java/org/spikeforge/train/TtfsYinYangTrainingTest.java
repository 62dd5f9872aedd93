package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeforge.ttfs.TtfsWorkspace;

/** End-to-end training of the real theta TTFS network (4+1 -> 120 -> 3) on Yin-Yang. */
class TtfsYinYangTrainingTest {
  private static TrainConfig config(Map<String, Object> overrides) {
    return TrainConfig.defaults().with(overrides, "test");
  }

  private static Trainer<TtfsWorkspace> trainer(TrainConfig c, TtfsClassifier model) {
    return trainer(c, model, 2);
  }

  private static Trainer<TtfsWorkspace> trainer(TrainConfig c, TtfsClassifier model, int threads) {
    return new Trainer<>(model, new TtfsCrossEntropy(c.tau0(), c.effectiveTau1(), c.gamma()),
        AdaBelief.standard(model.params().length),
        new LearningRateSchedule.Exponential(c.lr(), c.lrDecay(), c.lrDecayEvery()),
        new TrainerSettings(c.epochs(), c.batch(), c.seed(), threads, c.chunk(), c.clip(), c.patience(), c.restoreBest(),
            false));
  }

  @Test
  void shortThetaRecipeReaches95PercentTestAccuracy() {
    // 25 epochs, lr 5e-3, phases start at 0.6 Θ; the parameters with the best validation accuracy are kept.
    TrainConfig c = config(Map.of("epochs", 25, "batch", 50, "lr", 5e-3, "phi0", 0.6, "seed", 1,
        "restore-best", true));
    LoadedData data = LoadedData.load(c);
    TtfsClassifier model = (TtfsClassifier) ModelFactory.create(c, data.train().numInputs(), 3);
    Trainer<TtfsWorkspace> t = trainer(c, model);
    t.fit(data.train(), data.validation(), null, false);
    double test = t.evaluate(data.test(), null).accuracy();
    assertTrue(test >= 0.95, "test accuracy " + test);
  }

  @Test
  void initiallySilentThetaNetLearnsThroughPseudospikes() {
    // φ0 = Θ/2 = 3 with T = 2: no neuron reaches Θ = 6 in the trial without input, so the net starts silent and
    // only pseudospike gradients can make it fire.
    TrainConfig c = config(Map.of("epochs", 4, "batch", 50, "lr", 5e-3, "phi0", 0.5, "seed", 3,
        "train-limit", 2500));
    LoadedData data = LoadedData.load(c);
    TtfsClassifier model = (TtfsClassifier) ModelFactory.create(c, data.train().numInputs(), 3);
    Trainer.Result r = trainer(c, model).fit(data.train(), data.validation(), null, false);
    assertTrue(r.state().silentFractionStart() > 0.99, "start " + r.state().silentFractionStart());
    assertTrue(r.silentFractionEnd() < 0.97,
        "silent fraction " + r.state().silentFractionStart() + " -> " + r.silentFractionEnd());
    EpochMetrics last = r.history().get(r.history().size() - 1);
    assertTrue(last.validationAccuracy() > 0.5, "validation accuracy " + last.validationAccuracy());
  }

  @Test
  void resumedTtfsRunMatchesUninterruptedRunBitForBit(@TempDir Path dir) {
    TrainConfig c4 = config(Map.of("epochs", 4, "batch", 50, "lr", 5e-3, "phi0", 0.6, "seed", 5,
        "train-limit", 400));
    LoadedData data = LoadedData.load(c4);
    TtfsClassifier full = (TtfsClassifier) ModelFactory.create(c4, data.train().numInputs(), 3);
    trainer(c4, full).fit(data.train(), data.validation(), dir.resolve("full"), false);

    TrainConfig c2 = c4.with(Map.of("epochs", 2), "test");
    TtfsClassifier part = (TtfsClassifier) ModelFactory.create(c2, data.train().numInputs(), 3);
    trainer(c2, part).fit(data.train(), data.validation(), dir.resolve("split"), false);
    TtfsClassifier resumed = (TtfsClassifier) ModelFactory.create(c4.with(Map.of("seed", 77), "test"),
        data.train().numInputs(), 3);
    Trainer.Result r = trainer(c4, resumed).fit(data.train(), data.validation(), dir.resolve("split"), true);
    assertEquals(4, r.state().epochsDone());
    assertArrayEquals(full.params(), resumed.params(), 0.0);
  }

  @Test
  void oneAndThreeThreadsTrainBitIdenticalTtfsWeights() {
    TrainConfig c = config(Map.of("epochs", 2, "batch", 64, "lr", 5e-3, "phi0", 0.6, "seed", 9,
        "train-limit", 400));
    LoadedData data = LoadedData.load(c);
    TtfsClassifier one = (TtfsClassifier) ModelFactory.create(c, data.train().numInputs(), 3);
    TtfsClassifier three = (TtfsClassifier) ModelFactory.create(c, data.train().numInputs(), 3);
    double[] init = one.params().clone();
    trainer(c, one, 1).fit(data.train(), null, null, false);
    trainer(c, three, 3).fit(data.train(), null, null, false);
    assertArrayEquals(one.params(), three.params(), 0.0);
    assertTrue(!java.util.Arrays.equals(init, one.params()), "weights moved");
  }
}
