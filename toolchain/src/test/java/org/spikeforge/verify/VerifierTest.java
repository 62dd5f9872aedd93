package org.spikeforge.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeforge.data.SpikeDataset;
import org.spikeforge.data.YinYang;
import org.spikeforge.hw.quant.Calibration;
import org.spikeforge.hw.quant.QuantSpec;
import org.spikeforge.hw.targets.Targets;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.Network;

/** Float and emulator on hand-built nets whose predictions agree provably (see {@link TinyNets}). */
class VerifierTest {
  private static final int SAMPLES = 300;

  private static long labelCount(int label, int n) {
    var test = YinYang.standardSplits().test();
    long c = 0;
    for (int i = 0; i < n; i++) {
      c += test.label(i) == label ? 1 : 0;
    }
    return c;
  }

  @Test
  void lifConstantClassAgreesExactlyOnLoihi2AndTimesMatchClosedForm() {
    Network net = TinyNets.lifConstantClass();
    double dt = 0.01;
    HardwareConfig cfg = Targets.byName("loihi2").lower(net, QuantSpec.defaults(dt), Calibration.none());
    SpikeDataset test = EncodedData.test(net, "yinyang");
    VerifyReport r = new Verifier(net, cfg).run(test, SAMPLES, 2, 5);

    double expected = (double) labelCount(0, SAMPLES) / SAMPLES;
    assertEquals(SAMPLES, r.samples().size());
    assertEquals(1.0, r.predictionAgreement());
    assertEquals(expected, r.floatAccuracy(), 1e-12);
    assertEquals(expected, r.emulatorAccuracy(), 1e-12);
    for (SampleResult s : r.samples()) {
      assertEquals(0, s.floatPrediction());
      assertEquals(0, s.emulatorPrediction());
      // float output 0 by the closed form; silent outputs get T + tau = 5 on both sides
      assertEquals(0.15 + 2 * TinyNets.lifDelay(), s.floatOutputTimes()[0], 1e-9);
      assertEquals(5.0, s.floatOutputTimes()[1]);
      assertEquals(5.0, s.emulatorOutputTimes()[2]);
      // the emulator's crossing lies within dt/2 of the mid-step estimate plus one step of transmission
      assertEquals(s.floatOutputTimes()[0], s.emulatorOutputTimes()[0], 2 * dt);
    }
    LayerTiming h = r.layers().get(0);
    assertEquals(SAMPLES, h.matched());
    assertEquals(0, h.floatOnly());
    assertEquals(0, h.emulatorOnly());
    assertTrue(h.maxAbsError() <= dt / 2 + 1e-9, "hidden error " + h.maxAbsError());
    assertEquals(SAMPLES, r.layers().get(1).matched());
    assertTrue(r.medianSpikeTimeError() <= dt, "median " + r.medianSpikeTimeError());
  }

  @Test
  void thetaSilentOutputsAreDecodedByPseudospikesFromPhaseCounters() {
    Network net = TinyNets.thetaFreeRunning();
    HardwareConfig cfg = Targets.byName("theta").lower(net, QuantSpec.defaults(0.01), Calibration.none());
    VerifyReport r = new Verifier(net, cfg).run(EncodedData.test(net, "yinyang"), SAMPLES, 3, 3);
    assertEquals(1.0, r.predictionAgreement());
    assertEquals((double) labelCount(1, SAMPLES) / SAMPLES, r.emulatorAccuracy(), 1e-12);
    for (SampleResult s : r.samples()) {
      assertEquals(1, s.emulatorPrediction());
      double[] want = {5, 3, 4};
      for (int k = 0; k < 3; k++) {
        assertTrue(s.floatOutputSilent()[k] && s.emulatorOutputSilent()[k]);
        assertEquals(want[k], s.floatOutputTimes()[k], 1e-9);
        // the counter runs at phase_step * Theta / P = dt within 1e-3 relative; 200 steps to T
        assertEquals(want[k], s.emulatorOutputTimes()[k], 2e-3);
      }
    }
    assertEquals(0, r.layers().get(0).matched());
    assertTrue(Double.isNaN(r.medianSpikeTimeError()));
  }

  @Test
  void thetaRaceAgreesWhereverTheClosedFormMarginExceedsFourSteps() {
    // Default theta lowering (per-layer scale, 2^12 / 2^14 tables). Every race output lies within 2 steps of its
    // closed-form time, so a sample whose two race times differ by more than 4 steps must get the same class on both
    // sides; the agreement figure is then at least the share of such samples, counted here from the closed form.
    Network net = TinyNets.thetaRace();
    double dt = 0.01;
    HardwareConfig cfg = Targets.byName("theta").lower(net, QuantSpec.defaults(dt), Calibration.none());
    SpikeDataset test = EncodedData.test(net, "yinyang");
    VerifyReport r = new Verifier(net, cfg).run(test, SAMPLES, 2, 0);
    double[] in = new double[5];
    int safe = 0;
    for (int i = 0; i < SAMPLES; i++) {
      test.inputTimes(i, in);
      SampleResult s = r.samples().get(i);
      double t0 = TinyNets.raceTime(in[0]);
      double t1 = TinyNets.raceTime(in[1]);
      assertEquals(t0, s.floatOutputTimes()[0], 1e-9);
      assertEquals(t1, s.floatOutputTimes()[1], 1e-9);
      assertEquals(3.0, s.floatOutputTimes()[2], 1e-9);
      assertEquals(t0, s.emulatorOutputTimes()[0], 2 * dt, "sample " + i);
      assertEquals(t1, s.emulatorOutputTimes()[1], 2 * dt, "sample " + i);
      assertEquals(t0 < t1 || (t0 == t1) ? 0 : 1, s.floatPrediction());
      if (Math.abs(t0 - t1) > 4 * dt) {
        safe++;
        assertEquals(s.floatPrediction(), s.emulatorPrediction(), "sample " + i);
      }
    }
    // 286 of the first 300 test samples have a margin > 4 steps (the same count from an independent Python
    // evaluation of the closed form on the dumped input times), so the agreement is at least 286/300 = 95.3 %
    assertEquals(286, safe);
    assertTrue(r.predictionAgreement() >= safe / (double) SAMPLES, "agreement " + r.predictionAgreement());
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    Network net = TinyNets.lifConstantClass();
    HardwareConfig cfg = Targets.byName("loihi2").lower(net, QuantSpec.defaults(0.02), Calibration.none());
    SpikeDataset test = EncodedData.test(net, "yinyang");
    Verifier v = new Verifier(net, cfg);
    String one = v.run(test, 100, 1, 4).toJson(null);
    String four = v.run(test, 100, 4, 4).toJson(null);
    assertEquals(one, four);
  }

  @Test
  void stepsMapBackToMidStepTimesAndTrialEnds() {
    StepTimeMap loihi = new StepTimeMap(0.01, 0);
    StepTimeMap theta = new StepTimeMap(0.01, 1);
    assertEquals(0.145, loihi.time(15), 1e-12);
    assertEquals(0.155, theta.time(15), 1e-12);
    // T = 2: loihi2 step 200 crossed in (1.99, 2.00] (in the trial), theta step 199 in (1.99, 2.00]
    assertEquals(201, Verifier.trialSteps(loihi, 2.0, 201));
    assertEquals(200, Verifier.trialSteps(theta, 2.0, 201));
    assertEquals(150, Verifier.trialSteps(loihi, 2.0, 150));
  }

  @Test
  void decoderTakesEarliestAndLowestIndexOnTies() {
    assertEquals(1, OutputDecoder.fromTimes(new double[] {0.5, 0.2, 0.2}));
    assertEquals(0, OutputDecoder.fromTimes(new double[] {5, 5, 5}));
  }

  @Test
  void layerStatisticsByHand() {
    LayerTiming t = LayerTiming.of("h", new double[] {-0.3, 0.1, 0.2, -0.05}, 2, 1);
    // |d| sorted: 0.05 0.1 0.2 0.3 -> median 0.15, p90 at position 2.7 -> 0.2 + 0.7 * 0.1
    assertEquals(0.15, t.medianAbsError(), 1e-12);
    assertEquals(-0.0125, t.meanError(), 1e-12);
    assertEquals(0.27, t.p90AbsError(), 1e-12);
    assertEquals(0.3, t.maxAbsError(), 1e-12);
    assertEquals(4, t.matched());
  }
}
