package org.spikeforge.hw.quant;

/**
 * Statistics of one layer measured by the toolchain in float simulations of calibration data.
 * NaN means "not measured"; the lowering then falls back to weight statistics.
 *
 * @param maxAbsInputCurrent largest |I| seen in the layer (LIF targets: caps the voltage scale so the
 *                           current register cannot overflow; the theta target ignores it)
 * @param weightClip         |w| to map onto the largest weight mantissa (e.g. a 99.9th percentile)
 */
public record LayerCalibration(double maxAbsInputCurrent, double weightClip) {

    public LayerCalibration {
        if (!(Double.isNaN(maxAbsInputCurrent) || maxAbsInputCurrent >= 0) || Double.isInfinite(maxAbsInputCurrent))
            throw new IllegalArgumentException("LayerCalibration.maxAbsInputCurrent = " + maxAbsInputCurrent + " must be NaN or finite >= 0");
        if (!(Double.isNaN(weightClip) || weightClip > 0) || Double.isInfinite(weightClip))
            throw new IllegalArgumentException("LayerCalibration.weightClip = " + weightClip + " must be NaN or finite > 0");
    }

    public static LayerCalibration unknown() {
        return new LayerCalibration(Double.NaN, Double.NaN);
    }
}
