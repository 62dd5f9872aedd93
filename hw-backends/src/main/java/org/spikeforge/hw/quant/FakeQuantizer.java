package org.spikeforge.hw.quant;

/**
 * Fake quantization for quantization-aware fine-tuning: returns float weights equal to what the
 * integer hardware will effectively use, so the trainer can run its forward pass with them and send
 * the gradients straight through to its float shadow weights. Target-exact effective weights
 * (including threshold rounding and power-of-two exponents) come from
 * {@code Target.fakeQuantize(Network, QuantSpec, Calibration)}; this class is the generic
 * symmetric version for a single matrix.
 */
public final class FakeQuantizer {

    private FakeQuantizer() {
    }

    /** deq(q(w)) for a row-major [rows][cols] matrix with the spec's bits, per-channel flag and clip percentile. */
    public static double[] fakeQuantize(double[] w, int rows, int cols, QuantSpec spec) {
        return WeightQuantizer.quantize(w, rows, cols, spec.weightBits(), spec.perChannel(), spec.clipPercentile()).dequantize();
    }
}
