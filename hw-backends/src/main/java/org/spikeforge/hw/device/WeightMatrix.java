package org.spikeforge.hw.device;

/** Which weight matrix of a layer a weight read or write addresses (row-major, as in {@code HwLayer}). */
public enum WeightMatrix {
    /** {@code [size][fan_in]} weights from the layer's source. */
    FEEDFORWARD(0),
    /** {@code [size][size]} recurrent weights. */
    RECURRENT(1);

    private final int code;

    WeightMatrix(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
