package org.spikeforge.hw.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThetaWeightScalesTest {

    @Test
    void fracBitsLetTheWidestClipUseAScaleOfAtMost255() {
        // 127 * 255 = 32385; log2(32385 / 0.9) = 15.14 -> 15 (scale ceil(0.9 * 2^15 / 127) = 233)
        assertEquals(15, ThetaWeightScales.fracBits(0.9, 127, 255, 24));
        // log2(32385 / 1) = 14.98 -> 14 (scale 130)
        assertEquals(14, ThetaWeightScales.fracBits(1.0, 127, 255, 24));
        // exactly 127 * 255 / 2^14: f = 14 with scale exactly 255
        double edge = 127.0 * 255 / 16384;
        assertEquals(14, ThetaWeightScales.fracBits(edge, 127, 255, 24));
        assertEquals(255, ThetaWeightScales.scale(edge, 14, 127, 255));
        // log2(32385 / 1000) = 5.02 -> 5 (scale ceil(1000 * 32 / 127) = 252)
        assertEquals(5, ThetaWeightScales.fracBits(1000, 127, 255, 24));
        assertEquals(252, ThetaWeightScales.scale(1000, 5, 127, 255));
        // caps: tiny clips stop at maxFrac, huge ones at 0, all-zero nets get maxFrac
        assertEquals(24, ThetaWeightScales.fracBits(1e-9, 127, 255, 24));
        assertEquals(12, ThetaWeightScales.fracBits(0.9, 127, 255, 12));
        assertEquals(0, ThetaWeightScales.fracBits(1e6, 127, 255, 24));
        assertEquals(22, ThetaWeightScales.fracBits(0, 127, 255, 22));
        // 4-bit mantissas (qmax 7): log2(7 * 255 / 0.9) = 10.95 -> 10, scale ceil(0.9 * 1024 / 7) = 132
        assertEquals(10, ThetaWeightScales.fracBits(0.9, 7, 255, 24));
        assertEquals(132, ThetaWeightScales.scale(0.9, 10, 7, 255));
        assertThrows(IllegalArgumentException.class, () -> ThetaWeightScales.fracBits(Double.NaN, 127, 255, 24));
    }

    @Test
    void scaleIsTheSmallestStepKeepingTheClipInRange() {
        // 0.2 * 2^15 / 127 = 51.6 -> 52; a zero clip still gets scale 1; a clip beyond 255 steps is capped
        assertEquals(52, ThetaWeightScales.scale(0.2, 15, 127, 255));
        assertEquals(1, ThetaWeightScales.scale(0.0, 15, 127, 255));
        assertEquals(255, ThetaWeightScales.scale(100, 15, 127, 255));
        // exact multiple: 127 * 3 / 2^4 -> 3 (no extra unit from ceil)
        assertEquals(3, ThetaWeightScales.scale(127 * 3 / 16.0, 4, 127, 255));
    }

    @Test
    void quantizeRoundsHalfAwayFromZeroAndClampsTheMantissa() {
        // -0.45 * 2^15 / 233 = -63.29 -> -63 -> -14679; 10 V clamps to 127 * 233
        assertEquals(-14679, ThetaWeightScales.quantize(-0.45, 15, 233, 127));
        assertEquals(127 * 233, ThetaWeightScales.quantize(10, 15, 233, 127));
        assertEquals(-127 * 233, ThetaWeightScales.quantize(-10, 15, 233, 127));
        // 5 / 2 = 2.5 -> 3 -> 6, -2.5 -> -3 -> -6
        assertEquals(6, ThetaWeightScales.quantize(5, 0, 2, 127));
        assertEquals(-6, ThetaWeightScales.quantize(-5, 0, 2, 127));
        assertEquals(0, ThetaWeightScales.quantize(0.0, 15, 233, 127));
        assertThrows(IllegalArgumentException.class, () -> ThetaWeightScales.quantize(Double.POSITIVE_INFINITY, 15, 233, 127));
    }
}
