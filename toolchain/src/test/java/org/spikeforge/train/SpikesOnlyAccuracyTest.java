package org.spikeforge.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.data.DenseFeatures;
import org.spikeforge.data.LatencyEncoder;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.data.YinYang;
import org.spikeforge.ttfs.NeuronConstants;
import org.spikeforge.ttfs.TtfsNetwork;
import org.spikeforge.ttfs.TtfsWorkspace;

/**
 * The spikes-only ("chip") decoding of LIF outputs against hand-built 1 -> 2 nets, where which output is silent
 * is known in closed form: one input spike of weight w at t = 0.5 into a LIF neuron with tau = 1, tau_s = 1/2 and
 * V0 = I0 = 0 drives V(t) = w (s - s^2), s = e^-(t - 0.5), whose peak is w / 4; so w = 2 and w = 3 stay silent,
 * w = 5 fires where 5 (s - s^2) = 1 first, at the larger root s = (1 + sqrt(1/5)) / 2.
 */
class SpikesOnlyAccuracyTest {
  private static final NeuronConstants LIF = NeuronConstants.lif(1, 1);
  private static final double T = 3;

  private static TtfsNetwork net(double w0, double w1) {
    return new TtfsNetwork(LIF, new int[] {1, 2}, T, new double[] {w0, w1, 0, 0, 0, 0});
  }

  /** Three samples, every one a single input spike at t = 0.5, labels 1, 1, 0. */
  private static SpikeDataset data() {
    return new SpikeDataset("hand", new DenseFeatures(new double[] {1, 1, 1}, new int[] {1, 1, 0}, 1, 2),
        LatencyEncoder.linear(0.5, 1.5, LatencyEncoder.NO_BIAS));
  }

  @Test
  void silentOutputsAllGetTrialEndPlusTauAndTieToTheLowestIndex() {
    TtfsNetwork n = net(2, 3);
    TtfsClassifier c = new TtfsClassifier(n);
    TtfsWorkspace ws = c.newWorkspace();
    c.forward(new double[] {0.5}, ws);
    assertTrue(n.outputSilent(ws)[0] && n.outputSilent(ws)[1], "peaks 1/2 and 3/4 stay below V_th = 1");
    double[] pseudo = c.outputTimes(ws);
    assertTrue(pseudo[1] < pseudo[0] && pseudo[0] > T, "the stronger drive gives the earlier pseudospike");
    double[] chip = new double[2];
    c.spikesOnlyTimes(ws, chip);
    assertArrayEquals(new double[] {T + 1, T + 1}, chip, 0.0);
    assertEquals(1, new TtfsCrossEntropy(1, T, 0).predict(pseudo));
    assertEquals(0, new TtfsCrossEntropy(1, T, 0).predict(chip));

    Evaluation.Result r = Evaluation.evaluate(c, data(), 1, new TtfsCrossEntropy(1, T, 0));
    assertEquals(2, r.correct(), "pseudospikes: output 1 wins every sample, labels 1, 1 correct");
    assertEquals(1, r.correctSpikesOnly(), "spikes only: the tie goes to output 0, only the label-0 sample");
    assertEquals(1.0 / 3, r.accuracySpikesOnly(), 1e-15);
  }

  @Test
  void aFiringOutputKeepsItsSpikeTimeAndBeatsSilentOnes() {
    TtfsNetwork n = net(3, 5);
    TtfsClassifier c = new TtfsClassifier(n);
    TtfsWorkspace ws = c.newWorkspace();
    c.forward(new double[] {0.5}, ws);
    assertTrue(n.outputSilent(ws)[0]);
    assertFalse(n.outputSilent(ws)[1]);
    // 5 (s - s^2) = 1 first at the larger root s = (1 + sqrt(1/5)) / 2, t = 0.5 - ln s.
    double expected = 0.5 - Math.log((1 + Math.sqrt(0.2)) / 2);
    double[] chip = new double[2];
    c.spikesOnlyTimes(ws, chip);
    assertEquals(T + 1, chip[0], 0.0);
    assertEquals(expected, chip[1], 1e-12);
    Evaluation.Result r = Evaluation.evaluate(c, data(), 1, new TtfsCrossEntropy(1, T, 0));
    assertEquals(2, r.correct());
    assertEquals(2, r.correctSpikesOnly());
  }

  @Test
  void fromRestHoldsTheInitialStatesAtZero() {
    TtfsNetwork n = new TtfsNetwork(LIF, new int[] {1, 2}, T, new double[] {2, 3, 0.5, -0.25, 0.75, 1});
    TtfsClassifier c = new TtfsClassifier(n, true);
    assertArrayEquals(new double[] {2, 3, 0, 0, 0, 0}, c.params(), 0.0);
    double[] p = {1, 2, 0.1, 0.2, 0.3, 0.4};
    c.project(p);
    assertArrayEquals(new double[] {1, 2, 0, 0, 0, 0}, p, 0.0);
    TtfsClassifier trained = new TtfsClassifier(net(2, 3), false);
    double[] q = {1, 2, 0.1, 0.2, 0.3, 0.4};
    trained.project(q);
    assertArrayEquals(new double[] {1, 2, 0.1, 0.2, 0.3, 0.4}, q, 0.0, "below threshold: kept");
  }

  @Test
  void trainerSelectsTheBestEpochOnTheSpikesOnlyValidationAccuracy() {
    SpikeDataset train = new SpikeDataset("yinyang", YinYang.generate(200, 5), LatencyEncoder.yinYangDefault());
    SpikeDataset val = new SpikeDataset("yinyang", YinYang.generate(200, 6), LatencyEncoder.yinYangDefault());
    TtfsNetwork n = TtfsNetwork.lifUniformInit(new int[] {5, 12, 3}, 2, 1, 2, 3, 4);
    TtfsClassifier c = new TtfsClassifier(n, true);
    TrainerSettings s = new TrainerSettings(4, 20, 3, 1, 25, 1, 0, true, true);
    Trainer.Result r = new Trainer<>(c, new TtfsCrossEntropy(0.5, 2, 0.01, 1, 1.8, 0.05),
        Adam.standard(c.params().length), new LearningRateSchedule.Constant(3e-3), s).fit(train, val, null, false);
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    for (EpochMetrics m : r.history()) {
      if (m.validationAccuracySpikesOnly() > best) {
        best = m.validationAccuracySpikesOnly();
        bestEpoch = m.epoch();
      }
    }
    assertEquals(best, r.state().bestValidationAccuracy(), 0.0);
    assertEquals(bestEpoch, r.state().bestEpoch());
    // The restored parameters reproduce the selected accuracy.
    BatchStats again = new Trainer<>(c, new TtfsCrossEntropy(0.5, 2, 0.01), Adam.standard(c.params().length),
        new LearningRateSchedule.Constant(3e-3), s).evaluate(val, null);
    assertEquals(best, again.accuracySpikesOnly(), 0.0);
  }
}
