package org.spikeforge.hw.quant;

/** Integer mantissas of a row-major [rows][cols] matrix and the float step of each row. */
public record QuantizedWeights(int[] mantissas, double[] rowSteps, int rows, int cols) {

    /** The float weights the integers stand for: {@code q * step(row)}. */
    public double[] dequantize() {
        double[] out = new double[mantissas.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) out[r * cols + c] = mantissas[r * cols + c] * rowSteps[r];
        return out;
    }
}
