package org.spikeforge.hw.device;

import java.util.List;
import org.spikeforge.proto.HardwareConfig;
import org.spikeforge.proto.InputSpikes;
import org.spikeforge.proto.Trace;

/**
 * A neuromorphic board that runs a compiled {@link HardwareConfig} step by step. The same interface
 * serves the bundled reference board and vendor chips, so verification and hardware-in-the-loop
 * training do not care which one they talk to. Runs continue from the current state; call
 * {@link #reset()} between independent trials (or use {@link #trial}). Failures are
 * {@link DeviceException}s carrying the board's own message.
 */
public interface Device extends AutoCloseable {
    /** The board id, e.g. {@code refboard-xylo}. */
    String boardId();

    /** What the board can hold and how fast it runs. */
    Capabilities capabilities();

    /** Validates and loads a config; the board starts from the config's initial state. */
    void load(HardwareConfig config);

    /** The layers of the loaded config as the board holds them. */
    List<LayerShape> layers();

    /**
     * Runs {@code steps} steps from the current state with the given input spikes (steps relative to
     * this run; spikes at or after {@code steps} are ignored) and returns the spikes of every layer,
     * plus state probes when probing is on.
     */
    Trace run(InputSpikes input, long steps);

    /** {@link #reset()} then {@link #run}, as one atomic operation on a shared device. */
    Trace trial(InputSpikes input, long steps);

    /** Restores the config's initial state; written weights are kept. */
    void reset();

    /** Overwrites weights {@code [offset, offset + values.length)} of a layer's matrix (row-major). */
    void writeWeights(String layer, WeightMatrix matrix, int offset, int[] values);

    /**
     * Overwrites scattered weights of a layer's matrix: {@code values[i]} at the flat row-major index
     * {@code indices[i]}. A hardware-in-the-loop step changes a few scattered weights of a large layer, and a board
     * that takes them in one transfer ({@code sf_write_weights_indexed}) makes that step cost what changed. This
     * default writes each maximal run of consecutive indices with one {@link #writeWeights} call.
     */
    default void writeWeightsAt(String layer, WeightMatrix matrix, int[] indices, int[] values) {
        if (indices.length != values.length) {
            throw DeviceException.binding(boardId() + ": " + indices.length + " weight indices but " + values.length
                    + " values");
        }
        int k = 0;
        while (k < indices.length) {
            int start = k;
            while (k + 1 < indices.length && indices[k + 1] == indices[k] + 1) {
                k++;
            }
            k++;
            writeWeights(layer, matrix, indices[start], java.util.Arrays.copyOfRange(values, start, k));
        }
    }

    /** The weights the board actually holds (after its load-time rounding rules). */
    int[] readWeights(String layer, WeightMatrix matrix, int offset, int count);

    /** Records every neuron's state after each step of later runs (as {@code Trace.probes}). */
    void setProbing(boolean enabled);

    /** Emulated non-idealities, where the board supports them. */
    void setMismatch(Mismatch mismatch);

    /** Releases the board; closing twice is harmless. */
    @Override
    void close();
}
