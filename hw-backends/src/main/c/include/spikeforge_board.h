/*
 * spikeforge_board.h - the SpikeForge board ABI, version 1.
 *
 * A board library is a shared object that exports the functions below with C linkage. SpikeForge
 * loads it through JNA (org.spikeforge.hw.device.JnaDevice), so any vendor can make a chip usable by
 * writing a thin adapter around its own SDK. The reference implementation is libspikeforge_refboard.so,
 * which executes docs/TARGET-SEMANTICS.md in software.
 *
 * Conventions every function follows (an adapter must keep them too):
 *  - Every function returns an int32_t status: SF_OK (0) or a negative SF_ERR_* code. Nothing aborts,
 *    nothing throws across the boundary, nothing prints.
 *  - After a failure, sf_last_error(handle) returns a one-line, NUL-terminated message naming what was
 *    wrong (argument, field, limit). Failures without a handle (sf_open, enumeration) are described by
 *    sf_last_open_error(), which is thread-local. The returned pointer stays valid until the next call
 *    on the same handle (same thread for sf_last_open_error) and must not be freed.
 *  - Output buffers are always passed with their capacity in elements. When a buffer is too small the
 *    function writes nothing into it, stores the needed element count in *required (when required is
 *    not NULL) and returns SF_ERR_BUFFER_TOO_SMALL. Passing a NULL buffer with capacity 0 is the way to
 *    ask for the size. No function writes outside the buffers it was given.
 *  - Handles are opaque. One handle must not be used by two threads at the same time; different
 *    handles are independent. sf_close(NULL) is a no-op; a handle must not be used after sf_close.
 *  - Time is counted in steps. A run starts at relative step 0; spike and probe read-outs refer to the
 *    steps of the most recent sf_run call.
 *
 * Vendor adapters: see hw-backends/src/main/c/README.md for how the calls map onto an existing SDK
 * (Lava on Loihi 2, samna/Rockpool on Xylo).
 */
#ifndef SPIKEFORGE_BOARD_H
#define SPIKEFORGE_BOARD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on every incompatible change; SpikeForge refuses a library whose sf_abi_version() differs. */
#define SF_BOARD_ABI_VERSION 1

/* Status codes. */
#define SF_OK 0
#define SF_ERR_NULL_ARGUMENT (-1)    /* a required pointer was NULL */
#define SF_ERR_INVALID_ARGUMENT (-2) /* an argument is out of its documented range */
#define SF_ERR_BUFFER_TOO_SMALL (-3) /* *required holds the needed element count */
#define SF_ERR_NO_SUCH_BOARD (-4)    /* unknown board id or index */
#define SF_ERR_MALFORMED (-5)        /* protobuf bytes are not a well-formed HardwareConfig */
#define SF_ERR_INVALID_CONFIG (-6)   /* well-formed but inconsistent (sizes, ranges, references) */
#define SF_ERR_TARGET_MISMATCH (-7)  /* config target differs from the board's family */
#define SF_ERR_CAPACITY (-8)         /* config exceeds a board limit (neurons, inputs, fan-in...) */
#define SF_ERR_NOT_LOADED (-9)       /* call needs a loaded config */
#define SF_ERR_OUT_OF_MEMORY (-10)
#define SF_ERR_DEVICE (-11)          /* the hardware failed (or an injected fault fired) */
#define SF_ERR_UNSUPPORTED (-12)     /* the board does not implement this optional feature */

/* Capability keys for sf_capability(). */
#define SF_CAP_MAX_NEURONS 1      /* total neurons over all layers */
#define SF_CAP_MAX_INPUTS 2       /* input channels */
#define SF_CAP_MAX_OUTPUTS 3      /* neurons in layers flagged output */
#define SF_CAP_MAX_FAN_IN 4       /* fan_in of one layer */
#define SF_CAP_MAX_LAYERS 5
#define SF_CAP_MAX_INPUT_DELAY 6  /* largest HwLayer.input_delay */
#define SF_CAP_MAX_RUN_STEPS 7    /* steps in one sf_run call */
#define SF_CAP_CLOCK_HZ 8         /* core clock (nominal for simulated boards) */
#define SF_CAP_STEPS_PER_SECOND 9 /* sustained time steps per second (nominal for simulated boards) */
#define SF_CAP_MAX_SPIKES_PER_STEP 10 /* largest per-neuron spike count in one step */

/* Weight matrices for sf_write_weights / sf_read_weights. */
#define SF_WEIGHTS_FEEDFORWARD 0 /* row-major [size][fan_in] */
#define SF_WEIGHTS_RECURRENT 1   /* row-major [size][size] */

/* State variables for sf_read_probe. Family meaning: loihi2 u / v, xylo isyn / vmem, theta phase / -. */
#define SF_PROBE_STATE0 0
#define SF_PROBE_STATE1 1

typedef struct sf_board sf_board;

/* ABI version the library was built for; must equal SF_BOARD_ABI_VERSION of the caller. */
int32_t sf_abi_version(void);

/* Message of the last failed handle-less call (enumeration, sf_open) on this thread. */
const char *sf_last_open_error(void);

/* Number of boards this library can open (attached chips, or simulated boards). */
int32_t sf_board_count(int32_t *count);

/* Identifier of board `index` (0-based), NUL-terminated; *required gets strlen + 1. */
int32_t sf_board_id(int32_t index, char *buf, size_t capacity, size_t *required);

/* Opens the board named `board_id` (as returned by sf_board_id). */
int32_t sf_open(const char *board_id, sf_board **out);

/* Releases the board. NULL is accepted. */
int32_t sf_close(sf_board *h);

/* Message of the last failed call on `h`; "" when none. Never NULL. */
const char *sf_last_error(sf_board *h);

/* Target family ("loihi2", "xylo", "theta"), NUL-terminated; *required gets strlen + 1. */
int32_t sf_target_family(sf_board *h, char *buf, size_t capacity, size_t *required);

/* One capability value (SF_CAP_*). Unknown keys give SF_ERR_UNSUPPORTED. */
int32_t sf_capability(sf_board *h, int32_t key, int64_t *value);

/* Loads a serialized spikeforge.v1.HardwareConfig; validates everything and resets the board.
 * On failure the previously loaded config (if any) stays loaded. */
int32_t sf_load_config(sf_board *h, const uint8_t *bytes, size_t length);

/* Layers of the loaded config, in config order. */
int32_t sf_layer_count(sf_board *h, int32_t *count);

/* Shape of layer `layer`: neurons, fan-in, and whether it has recurrent weights (0/1). */
int32_t sf_layer_shape(sf_board *h, int32_t layer, int32_t *size, int32_t *fan_in,
                       int32_t *has_recurrent);

/* Name of layer `layer`, NUL-terminated; *required gets strlen + 1. */
int32_t sf_layer_name(sf_board *h, int32_t layer, char *buf, size_t capacity, size_t *required);

/* Writes weights [offset, offset + count) of one matrix (SF_WEIGHTS_*) of a layer, flattened
 * row-major. The board applies its family's load-time rules (loihi2: clip and truncate). */
int32_t sf_write_weights(sf_board *h, int32_t layer, int32_t matrix, int64_t offset,
                         const int32_t *values, int64_t count);

/* Writes `count` scattered weights of one matrix in one call: values[i] goes to the flat row-major
 * index indices[i] (as in sf_write_weights). Every index and value is checked before any is written;
 * a repeated index keeps its last value. A hardware-in-the-loop step moves a few scattered weights of
 * a large layer, so one call per layer replaces one call per run of neighbours. Optional within ABI 1:
 * a library that does not export it is used through sf_write_weights instead. */
int32_t sf_write_weights_indexed(sf_board *h, int32_t layer, int32_t matrix, const int64_t *indices,
                                 const int32_t *values, int64_t count);

/* Reads back the weights the board actually holds (after clipping/truncation), same indexing. */
int32_t sf_read_weights(sf_board *h, int32_t layer, int32_t matrix, int64_t offset,
                        int32_t *values, int64_t count);

/* Queues input spikes for the next sf_run: event i is one spike on channels[i] at relative step
 * steps[i] (0 = first step of the next run). Repeated events in one step add up to a count that the
 * family caps (docs/TARGET-SEMANTICS.md: loihi2 1, xylo 15, theta 255). Events at steps beyond the
 * next run stay queued and move down by the run length. */
int32_t sf_inject_spikes(sf_board *h, const int32_t *channels, const int64_t *steps, int64_t count);

/* Runs `steps` time steps from the current state, consuming queued input. More steps than
 * SF_CAP_MAX_RUN_STEPS give SF_ERR_CAPACITY; probing a run of more than 2^22 values per variable
 * (steps x neurons) also gives SF_ERR_CAPACITY. */
int32_t sf_run(sf_board *h, int64_t steps);

/* Steps executed by the last sf_run (0 before any). */
int32_t sf_last_run_steps(sf_board *h, int64_t *steps);

/* Output spikes of one layer in the last run, one event per spike (a neuron spiking k times in a
 * step appears k times), ordered by step then neuron. *required gets the event count. */
int32_t sf_read_spikes(sf_board *h, int32_t layer, int64_t *steps, int32_t *neurons,
                       int64_t capacity, int64_t *required);

/* Enables (1) or disables (0) recording of state after every step from the next run on. */
int32_t sf_set_probing(sf_board *h, int32_t enabled);

/* Probed state of one layer in the last run: row-major [steps][size], value after each step. */
int32_t sf_read_probe(sf_board *h, int32_t layer, int32_t variable, int64_t *values,
                      int64_t capacity, int64_t *required);

/* Restores initial state (config init values), clears queued input and the last run. Weights
 * written with sf_write_weights are kept. */
int32_t sf_reset(sf_board *h);

/* Optional non-idealities (all zero = ideal). threshold_offset_sigma and weight_gain_sigma are
 * relative standard deviations (a threshold th becomes round(th * (1 + sigma * N(0,1))), at least 1;
 * a weight w becomes round(w * (1 + sigma * N(0,1)))), drawn once per neuron / synapse from `seed`.
 * jitter_probability delays each emitted spike by one step with that probability (drawn per spike
 * from a stream seeded by `seed` and restarted by sf_reset). */
int32_t sf_set_mismatch(sf_board *h, uint64_t seed, double threshold_offset_sigma,
                        double weight_gain_sigma, double jitter_probability);

/* Fault injection for resumability tests: after `runs_before_fault` more successful sf_run calls,
 * the next `failing_runs` calls fail with SF_ERR_DEVICE. A failed run leaves the neuron state and the
 * step counter unchanged but discards the queued input of its window (as a chip that lost the
 * transfer would), so the caller re-injects and retries. (-1, 0) disables. */
int32_t sf_inject_fault(sf_board *h, int64_t runs_before_fault, int32_t failing_runs);

#ifdef __cplusplus
}
#endif

#endif /* SPIKEFORGE_BOARD_H */
