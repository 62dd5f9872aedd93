package org.spikeforge.hw.quant;

import java.util.Map;

/**
 * Per-layer calibration statistics keyed by population name. hw-backends cannot depend on the
 * toolchain's simulator, so the toolchain computes these and passes them in;
 * {@link #none()} makes every target fall back to statistics of the weights themselves.
 */
public record Calibration(Map<String, LayerCalibration> layers) {

    public Calibration {
        layers = Map.copyOf(layers);
    }

    public static Calibration none() {
        return new Calibration(Map.of());
    }

    /** Statistics of one layer, all-NaN when absent. */
    public LayerCalibration of(String layer) {
        return layers.getOrDefault(layer, LayerCalibration.unknown());
    }
}
