package org.spikeforge.hw.net;

/**
 * One population with its single feed-forward input projection (and optional recurrent one),
 * in float model units. Arrays are owned by the view; callers must not modify them.
 *
 * @param name       population name
 * @param size       neurons in the population
 * @param source     "input" or the name of an earlier population
 * @param fanIn      size of the source
 * @param weights    row-major [size][fanIn] float weights (current/voltage jumps)
 * @param recurrent  row-major [size][size] recurrent weights, or null when there are none
 * @param output     true for read-out populations
 * @param initialV   per-neuron V(0) (theta: initial phase), length size
 * @param initialI   per-neuron I(0), length size
 * @param kernel     the shared kernel or pool weight of a conv2d / sum_pool2d layer, or null for dense; then
 *                   {@code weights} is its dense expansion (zeros off the windows)
 */
public record LayerView(String name, int size, String source, int fanIn, double[] weights,
                        double[] recurrent, boolean output, double[] initialV, double[] initialI, KernelSpec kernel) {

    /** A dense layer. */
    public LayerView(String name, int size, String source, int fanIn, double[] weights, double[] recurrent,
                     boolean output, double[] initialV, double[] initialI) {
        this(name, size, source, fanIn, weights, recurrent, output, initialV, initialI, null);
    }

    /** True for conv2d and sum_pool2d layers. */
    public boolean hasKernel() {
        return kernel != null;
    }

    /**
     * The feed-forward values a chip stores: the kernel (conv), the one weight (pool) or the matrix (dense).
     * Percentile clips are taken over these, so that the zeros off a conv window do not count as weights.
     */
    public double[] storedWeights() {
        return kernel != null ? kernel.values() : weights;
    }

    /** Synapses one neuron has at most (feed-forward receptive field or fan-in, plus the recurrent fan-in). */
    public int synapsesPerNeuron() {
        return (kernel != null ? kernel.tapsPerNeuron() : fanIn) + (recurrent != null ? size : 0);
    }

    /** True when this layer has a recurrent projection. */
    public boolean hasRecurrent() {
        return recurrent != null;
    }

    /** Largest absolute feed-forward (and recurrent) weight. */
    public double maxAbsWeight() {
        double m = 0;
        for (double w : weights) m = Math.max(m, Math.abs(w));
        if (recurrent != null) for (double w : recurrent) m = Math.max(m, Math.abs(w));
        return m;
    }

    /** Largest row sum of |w| over feed-forward plus recurrent weights: the input current if every source spikes once. */
    public double maxRowAbsSum() {
        double best = 0;
        for (int r = 0; r < size; r++) {
            double s = 0;
            for (int c = 0; c < fanIn; c++) s += Math.abs(weights[r * fanIn + c]);
            if (recurrent != null) for (int c = 0; c < size; c++) s += Math.abs(recurrent[r * size + c]);
            best = Math.max(best, s);
        }
        return best;
    }
}
