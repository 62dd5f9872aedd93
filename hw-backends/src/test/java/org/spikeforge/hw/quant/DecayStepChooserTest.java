package org.spikeforge.hw.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The auto time step against hand-worked decay rates (tau = 2, tau_s = 1, nominal dt = T/200 = 0.01). */
class DecayStepChooserTest {

    @Test
    void loihi2ErrorsAtTheOldDefaultStep() {
        // 4096 (1 - e^-0.005) = 20.428885 -> dv = 20; 4096 (1 - e^-0.01) = 40.755881 -> du = 41 - 1 = 40, rate du + 1 = 41
        DecayErrors e = DecayStepChooser.loihi2Errors(2, false, 0.01);
        assertEquals(20 / 20.428885 - 1, e.voltage(), 2e-6);
        assertEquals(41 / 40.755881 - 1, e.current(), 2e-6);
        assertEquals(-0.020994, e.voltage(), 1e-6);
        assertEquals(0.0059898, e.current(), 1e-6);
        assertEquals(0.020994, e.worst(), 1e-6);
    }

    @Test
    void loihi2ChoosesTheMinimaxStepBetweenDv19AndDuPlusOne38() {
        StepChoice c = DecayStepChooser.loihi2(2, false, 0.01);
        assertEquals(0.01, c.nominalDt());
        assertTrue(c.dt() >= 0.009 && c.dt() <= 0.01, "dt " + c.dt());
        LifDiscretization d = new LifDiscretization(2, c.dt());
        // 4096 (1 - e^-dt/2) = 19 at dt = 0.0092989, and 4096 (1 - e^-dt) = 38 at dt = 0.0093206: between the two,
        // dv = 19 is a little too fast and du + 1 = 38 a little too slow; the minimax balances them (0.116 % each)
        assertEquals(19, d.loihiDv());
        assertEquals(37, d.loihiDu());
        assertTrue(c.dt() > 0.0092989 && c.dt() < 0.0093206, "dt " + c.dt());
        assertEquals(0.0011623, c.errors().worst(), 2e-6);
        assertEquals(-c.errors().voltage(), c.errors().current(), 2e-6);
        // independent brute force over 100001 steps of the window: nothing better than the choice
        double best = Double.MAX_VALUE;
        for (int i = 0; i <= 100_000; i++) best = Math.min(best, DecayStepChooser.loihi2Errors(2, false, 0.009 + 0.001 * i / 100_000).worst());
        assertTrue(c.errors().worst() <= best + 1e-9, c.errors().worst() + " vs " + best);
    }

    @Test
    void loihi2DeltaHasOnlyTheVoltageDecayAndHitsAnExactPoint() {
        // dv = 20 is exact at dt = -2 ln(1 - 20/4096) = 0.0097895, the largest exact point in [0.009, 0.01]
        StepChoice c = DecayStepChooser.loihi2(2, true, 0.01);
        assertTrue(Double.isNaN(c.errors().current()));
        assertEquals(-2 * Math.log(1 - 20 / 4096.0), c.dt(), 1e-9);
        assertEquals(0.0097895, c.dt(), 1e-7);
        assertEquals(0, c.errors().voltage(), 1e-9);
    }

    @Test
    void xyloErrorsAtTheExactPowerOfTwoStep() {
        // dt = 1/64: dash_mem 7, dash_syn 6; 1 - e^(-1/128) = 0.007782062, 1 - e^(-1/64) = 0.015503563
        DecayErrors e = DecayStepChooser.xyloErrors(2, 1.0 / 64);
        assertEquals(0.0078125 / 0.007782062 - 1, e.voltage(), 2e-6);
        assertEquals(0.015625 / 0.015503563 - 1, e.current(), 2e-6);
        assertEquals(0.00391, e.voltage(), 1e-5);
        assertEquals(0.00783, e.current(), 1e-5);
    }

    @Test
    void xyloTakesTheCoarserPowerOfTwoAndBalancesTheTwoShifts() {
        // tau/nominal = 200: k = floor(log2 200) = 7; exact points -2 ln(1 - 2^-7) = 0.0156863, -ln(1 - 2^-6) = 0.0157484
        StepChoice c = DecayStepChooser.xylo(2, 0.01);
        LifDiscretization d = new LifDiscretization(2, c.dt());
        assertEquals(7, d.xyloDashMem());
        assertEquals(6, d.xyloDashSyn());
        assertTrue(c.dt() > 0.0156863 && c.dt() < 0.0157484, "dt " + c.dt());
        // voltage too slow, current too fast by the same amount: x = 2^-7/(1 - e^-dt/2) - 1 = 1 - 2^-6/(1 - e^-dt)
        assertEquals(-c.errors().voltage(), c.errors().current(), 2e-5);
        assertTrue(c.errors().worst() < 0.0020, "worst " + c.errors().worst());
        assertTrue(c.errors().worst() < DecayStepChooser.xyloErrors(2, 1.0 / 64).worst() / 3);
    }

    @Test
    void xyloAtAnExactPowerOfTwoNominalKeepsThatPower() {
        // tau/nominal = 128 exactly: k = 7, the same window as above
        assertEquals(DecayStepChooser.xylo(2, 0.01).dt(), DecayStepChooser.xylo(2, 1.0 / 64).dt(), 1e-15);
        // tau = 1, nominal 0.01: tau/dt = 100, k = 6 -> dt near 1/64, dash_mem 6, dash_syn 5
        LifDiscretization d = new LifDiscretization(1, DecayStepChooser.xylo(1, 0.01).dt());
        assertEquals(6, d.xyloDashMem());
        assertEquals(5, d.xyloDashSyn());
    }
}
