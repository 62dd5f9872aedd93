package org.spikeforge.hw.device;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA view of the board ABI, one method per exported C function of {@code spikeforge_board.h}
 * (version {@link #ABI_VERSION}). {@code size_t} is mapped to {@code long}, which matches the LP64
 * platforms (Linux, macOS) the boards run on. The method names are also the list of symbols a
 * library must export, which {@link BoardLibrary} checks before the first call, except the optional
 * ones in {@link BoardLibrary#OPTIONAL_SYMBOLS}, which it only looks up.
 */
public interface BoardAbi extends Library {
    /** The ABI version this binding speaks; a library reporting another version is refused. */
    int ABI_VERSION = 1;

    int sf_abi_version();

    String sf_last_open_error();

    int sf_board_count(IntByReference count);

    int sf_board_id(int index, byte[] buf, long capacity, LongByReference required);

    int sf_open(String boardId, PointerByReference out);

    int sf_close(Pointer handle);

    String sf_last_error(Pointer handle);

    int sf_target_family(Pointer handle, byte[] buf, long capacity, LongByReference required);

    int sf_capability(Pointer handle, int key, LongByReference value);

    int sf_load_config(Pointer handle, byte[] bytes, long length);

    int sf_layer_count(Pointer handle, IntByReference count);

    int sf_layer_shape(Pointer handle, int layer, IntByReference size, IntByReference fanIn,
                       IntByReference hasRecurrent);

    int sf_layer_name(Pointer handle, int layer, byte[] buf, long capacity, LongByReference required);

    int sf_write_weights(Pointer handle, int layer, int matrix, long offset, int[] values, long count);

    /**
     * Optional within ABI 1 ({@link BoardLibrary#OPTIONAL_SYMBOLS}): scattered writes in one call, so that a
     * hardware-in-the-loop step that moved a few weights of a large layer costs one crossing, not one per run.
     */
    int sf_write_weights_indexed(Pointer handle, int layer, int matrix, long[] indices, int[] values, long count);

    int sf_read_weights(Pointer handle, int layer, int matrix, long offset, int[] values, long count);

    int sf_inject_spikes(Pointer handle, int[] channels, long[] steps, long count);

    int sf_run(Pointer handle, long steps);

    int sf_last_run_steps(Pointer handle, LongByReference steps);

    int sf_read_spikes(Pointer handle, int layer, long[] steps, int[] neurons, long capacity,
                       LongByReference required);

    int sf_set_probing(Pointer handle, int enabled);

    int sf_read_probe(Pointer handle, int layer, int variable, long[] values, long capacity,
                      LongByReference required);

    int sf_reset(Pointer handle);

    int sf_set_mismatch(Pointer handle, long seed, double thresholdOffsetSigma, double weightGainSigma,
                        double jitterProbability);

    int sf_inject_fault(Pointer handle, long runsBeforeFault, int failingRuns);
}
