package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spike-time learning with the event simulator and exact gradients, through pseudospikes. */
class SpikePatternTaskTest {
  @Test
  void singleNeuronPullsItsSecondSpikeIntoTheTrialAndHitsBothTargets() {
    SpikePatternTask task = SpikePatternTask.singleNeuron(0);
    SpikePatternTask.Learner learner = new SpikePatternTask.Learner(task, "sgd", 0.02);
    SpikePatternTask.Step start = learner.evaluate();
    // Before learning the neuron fires once in [0, 10]; the second target is served by a pseudospike after T.
    assertTrue(start.times()[1] > 10, "second time " + start.times()[1]);
    for (int i = 0; i < 500; i++) {
      learner.step(1.0);
    }
    SpikePatternTask.Step end = learner.evaluate();
    assertTrue(end.loss() < 1e-4 * start.loss(), start.loss() + " -> " + end.loss());
    assertEquals(2.5, end.times()[0], 0.01);
    assertEquals(7.5, end.times()[1], 0.01);
  }

  @Test
  void recurrentNetworkLearnsTwoTargetTrains() {
    SpikePatternTask.Learner learner = new SpikePatternTask.Learner(SpikePatternTask.recurrent(0), "adam", 0.02);
    double start = learner.evaluate().loss();
    for (int i = 0; i < 300; i++) {
      learner.step(0.01);
    }
    double end = learner.evaluate().loss();
    assertTrue(end < 0.01 * start, start + " -> " + end);
  }

  @Test
  void badSettingsAreRejected() {
    assertTrue(assertThrows(ConfigException.class, () -> SpikePatternRun.Settings.of("xor", 0, null, null, null,
        null)).getMessage().contains("task 'xor' is not single-neuron or recurrent"));
    assertTrue(assertThrows(ConfigException.class, () -> SpikePatternRun.Settings.of("recurrent", 0, null,
        Double.NaN, null, null)).getMessage().contains("lr NaN must be finite and > 0"));
  }
}
