package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * End-to-end training of the exact LIF TTFS network (4+1 -> 120 -> 3, τ = 2, V_th = 1, T = 2) on Yin-Yang with the
 * {@code --model lif} defaults; silent outputs learn through LIF pseudospikes (docs/LIF-PSEUDOSPIKES.md).
 */
class LifYinYangTrainingTest {
  private static TrainConfig config(Map<String, Object> overrides) {
    return TrainConfig.defaults().with(overrides, "test");
  }

  private static Trainer<TtfsWorkspace> trainer(TrainConfig c, TtfsClassifier model) {
    return new Trainer<>(model, TtfsCrossEntropy.of(c),
        Adam.standard(model.params().length),
        new LearningRateSchedule.Exponential(c.lr(), c.lrDecay(), c.lrDecayEvery()),
        new TrainerSettings(c.epochs(), c.batch(), c.seed(), 2, c.chunk(), c.clip(), c.patience(), c.restoreBest(),
            c.selectsOnSpikesOnly()));
  }

  @Test
  void modelLifSelectsTheTunedLifRecipe() {
    TrainConfig c = config(Map.of("model", "lif"));
    assertEquals(TrainConfig.defaultsFor("lif"), c);
    assertEquals(2.0, c.tau());
    assertEquals("adam", c.optimizer());
    assertEquals(0.5, c.tau0());
    assertEquals(20, c.batch());
    assertTrue(c.fromRest(), "xylo and netx accept only nets that start from rest");
    assertEquals(0.5, c.fireWeight());
    assertEquals(0.5, c.gapWeight());
    assertTrue(c.selectsOnSpikesOnly());
    // an explicit option still wins over the model default, and theta keeps its defaults
    assertEquals(7, config(Map.of("model", "lif", "batch", 7)).batch());
    assertEquals(TrainConfig.defaults(), config(Map.of("model", "theta")));
  }

  @Test
  void shortLifRunReaches95PercentSpikesOnlyTestAccuracy() {
    // The demo's fast recipe: the --model lif defaults (from rest, margin terms) for 25 epochs, lr 5e-3 decaying
    // 1/e per 10 epochs. Counted as a chip decodes: a silent label output loses.
    TrainConfig c = config(Map.of("model", "lif", "epochs", 25, "lr", 5e-3, "lr-decay-every", 10, "seed", 1));
    LoadedData data = LoadedData.load(c);
    TtfsClassifier model = (TtfsClassifier) ModelFactory.create(c, data.train().numInputs(), 3);
    Trainer<TtfsWorkspace> t = trainer(c, model);
    t.fit(data.train(), data.validation(), null, false);
    double test = t.evaluate(data.test(), null).accuracySpikesOnly();
    assertTrue(test >= 0.95, "spikes-only test accuracy " + test);
  }

  @Test
  void silentLifNetLearnsThroughPseudospikes() {
    // τ = 1 and weights U(±3/√fan_in) with mean 0: at the start no neuron fires in the trial, so only pseudospike
    // gradients can carry information (before them, silent LIF outputs had a constant time and zero gradient,
    // which leaves such a net at its initial guess).
    TrainConfig c = config(Map.of("model", "lif", "tau", 1.0, "epochs", 3, "weight-mean", 0.0, "seed", 1,
        "restore-best", false));
    LoadedData data = LoadedData.load(c);
    TtfsClassifier model = (TtfsClassifier) ModelFactory.create(c, data.train().numInputs(), 3);
    Trainer.Result r = trainer(c, model).fit(data.train(), data.validation(), null, false);
    assertTrue(r.state().silentFractionStart() > 0.99, "start " + r.state().silentFractionStart());
    EpochMetrics last = r.history().get(r.history().size() - 1);
    assertTrue(last.validationAccuracy() > 0.6, "validation accuracy " + last.validationAccuracy());
  }
}
