package org.spikeforge.hw.quant;

import java.util.Arrays;

/**
 * Symmetric uniform quantization: {@code q = clamp(round(w / step), -qmax, qmax)}, rounding half
 * away from zero, and {@code deq(q) = q * step}. For |w| <= qmax*step the error is at most step/2.
 */
public final class WeightQuantizer {

    private WeightQuantizer() {
    }

    /** Rounds half away from zero and clamps to [-qmax, qmax]. */
    public static int quantize(double w, double step, int qmax) {
        if (step <= 0 || !Double.isFinite(step)) throw new IllegalArgumentException("quantization step " + step + " must be finite and > 0");
        double x = Math.abs(w) / step;
        long q = (long) Math.floor(x + 0.5);
        if (q > qmax) q = qmax;
        return (int) (w < 0 ? -q : q);
    }

    /**
     * The p-th percentile (0 < p <= 100) of |w| over {@code w[from..to)}, with linear interpolation
     * between order statistics; p = 100 is the maximum. Zero for an empty range.
     */
    public static double absPercentile(double[] w, int from, int to, double p) {
        int n = to - from;
        if (n <= 0) return 0;
        if (p >= 100) {
            double m = 0;
            for (int i = from; i < to; i++) m = Math.max(m, Math.abs(w[i]));
            return m;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Math.abs(w[from + i]);
        Arrays.sort(a);
        double pos = p / 100.0 * (n - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(n - 1, lo + 1);
        return a[lo] + (pos - lo) * (a[hi] - a[lo]);
    }

    /**
     * Quantizes a row-major [rows][cols] matrix with one step per row (perChannel) or one for all,
     * the step being {@code clip / qmax} where clip is the given |w| percentile.
     */
    public static QuantizedWeights quantize(double[] w, int rows, int cols, int bits, boolean perChannel, double percentile) {
        if ((long) rows * cols != w.length)
            throw new IllegalArgumentException("weights: " + w.length + " entries, expected rows*cols = " + (long) rows * cols);
        int qmax = (1 << (bits - 1)) - 1;
        double[] steps = new double[rows];
        double layerClip = absPercentile(w, 0, w.length, percentile);
        for (int r = 0; r < rows; r++) {
            double clip = perChannel ? absPercentile(w, r * cols, (r + 1) * cols, percentile) : layerClip;
            steps[r] = clip > 0 ? clip / qmax : 1.0;
        }
        int[] q = new int[w.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                double x = w[r * cols + c];
                if (!Double.isFinite(x)) throw new IllegalArgumentException("weights[" + (r * cols + c) + "] = " + x + " must be finite");
                q[r * cols + c] = quantize(x, steps[r], qmax);
            }
        return new QuantizedWeights(q, steps, rows, cols);
    }
}
