package org.spikeforge.hw.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightQuantizerTest {

    @Test
    void roundsHalfAwayFromZeroAndClamps() {
        assertEquals(3, WeightQuantizer.quantize(2.5, 1.0, 127));
        assertEquals(-3, WeightQuantizer.quantize(-2.5, 1.0, 127));
        assertEquals(2, WeightQuantizer.quantize(2.49, 1.0, 127));
        assertEquals(127, WeightQuantizer.quantize(1e9, 1.0, 127));
        assertEquals(-127, WeightQuantizer.quantize(-1e9, 1.0, 127));
        assertEquals(4, WeightQuantizer.quantize(0.3, 0.075, 127)); // 0.3 / 0.075 = 4
    }

    @Test
    void errorIsAtMostHalfAStepInsideTheRange() {
        qt().withFixedSeed(42).forAll(doubles().between(-1.0, 1.0), doubles().between(1e-4, 0.5), integers().between(2, 8))
                .checkAssert((w, clip, bits) -> {
                    int qmax = (1 << (bits - 1)) - 1;
                    double step = clip / qmax;
                    double x = Math.max(-clip, Math.min(clip, w));
                    double deq = WeightQuantizer.quantize(x, step, qmax) * step;
                    assertTrue(Math.abs(x - deq) <= step / 2 * (1 + 1e-12), () -> x + " -> " + deq + " step " + step);
                });
    }

    @Test
    void perChannelStepsFollowEachRowsMaximum() {
        double[] w = {0.5, -0.25, 0.1, 0.02};
        QuantizedWeights layer = WeightQuantizer.quantize(w, 2, 2, 8, false, 100);
        assertArrayEquals(new double[] {0.5 / 127, 0.5 / 127}, layer.rowSteps(), 0);
        assertArrayEquals(new int[] {127, -64, 25, 5}, layer.mantissas()); // -63.5 -> -64, 25.4 -> 25, 5.08 -> 5
        QuantizedWeights chan = WeightQuantizer.quantize(w, 2, 2, 8, true, 100);
        assertArrayEquals(new double[] {0.5 / 127, 0.1 / 127}, chan.rowSteps(), 0);
        assertArrayEquals(new int[] {127, -64, 127, 25}, chan.mantissas()); // 0.02 * 1270 = 25.4 -> 25
        double[] deq = chan.dequantize();
        for (int i = 0; i < 4; i++) assertEquals(w[i], deq[i], chan.rowSteps()[i / 2] / 2 + 1e-15);
    }

    @Test
    void percentileClipUsesInterpolatedOrderStatistics() {
        double[] w = {-4, 1, 2, 3, 0};
        // |w| sorted = 0, 1, 2, 3, 4; p = 50 -> position 2 -> 2; p = 90 -> position 3.6 -> 3.6; p = 100 -> 4
        assertEquals(2.0, WeightQuantizer.absPercentile(w, 0, 5, 50), 1e-12);
        assertEquals(3.6, WeightQuantizer.absPercentile(w, 0, 5, 90), 1e-12);
        assertEquals(4.0, WeightQuantizer.absPercentile(w, 0, 5, 100), 0);
    }

    @Test
    void fakeQuantizerMatchesQuantizeThenDequantize() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] w = new double[12];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble() - 0.5;
        QuantSpec spec = QuantSpec.defaults(0.1).withWeightBits(4).withPerChannel(true);
        double[] fq = FakeQuantizer.fakeQuantize(w, 3, 4, spec);
        QuantizedWeights q = WeightQuantizer.quantize(w, 3, 4, 4, true, 100);
        for (int i = 0; i < w.length; i++) {
            assertEquals(q.mantissas()[i] * q.rowSteps()[i / 4], fq[i], 0);
            assertEquals(w[i], fq[i], q.rowSteps()[i / 4] / 2 + 1e-15);
            assertEquals(0, Math.abs(fq[i] / q.rowSteps()[i / 4] - Math.rint(fq[i] / q.rowSteps()[i / 4])), 1e-9);
        }
    }

    @Test
    void badInputGetsOneLineErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightQuantizer.quantize(new double[] {1, Double.NaN}, 1, 2, 8, false, 100));
        assertEquals("weights[1] = NaN must be finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WeightQuantizer.quantize(new double[3], 2, 2, 8, false, 100));
        assertEquals("weights: 3 entries, expected rows*cols = 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> QuantSpec.defaults(0.1).withWeightBits(9));
        assertEquals("QuantSpec.weightBits = 9 must be in 2..8", e.getMessage());
    }
}
