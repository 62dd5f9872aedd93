/*
 * The exported ABI of the SpikeForge reference board (see include/spikeforge_board.h). Every entry
 * point checks its handle and arguments first, reports failures through sf_last_error, and never
 * writes outside the caller's buffers.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_internal.h"

#define EXPORT __attribute__((visibility("default")))
/* Test builds set SF_ABI_REPORTED to check that callers refuse a mismatched library. */
#ifndef SF_ABI_REPORTED
#define SF_ABI_REPORTED SF_BOARD_ABI_VERSION
#endif
#define MAX_QUEUED_EVENTS (1LL << 24)
#define MAX_PROBED_VALUES (1LL << 22) /* per variable: 32 MiB each */

/*                                        -, neurons, inputs, outputs, fan-in, layers, delay, run steps, clock, steps/s, spikes */
static const sf_board_spec SPECS[] = {
    {"refboard-loihi2", FAMILY_LOIHI2, "loihi2", {0, 8192, 1024, 1024, 4096, 16, 64, 1000000, 100000000, 100000, 1}},
    {"refboard-xylo", FAMILY_XYLO, "xylo", {0, 1008, 16, 8, 1000, 8, 1, 1000000, 6250000, 1000, 31}},
    {"refboard-theta", FAMILY_THETA, "theta", {0, 8192, 1024, 1024, 4096, 16, 64, 1000000, 100000000, 100000, 1}},
};
#define SPEC_COUNT ((int32_t)(sizeof SPECS / sizeof SPECS[0]))

static _Thread_local char open_error[SF_ERR_CAP];

static int set_open_error(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(open_error, sizeof open_error, fmt, ap);
    va_end(ap);
    return code;
}

int sf_set_error(sf_board *h, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->err, sizeof h->err, fmt, ap);
    va_end(ap);
    return code;
}

/* Common prologue: a usable handle, error cleared. */
#define CHECK_HANDLE(h)                                                                              \
    do {                                                                                             \
        if ((h) == NULL) return set_open_error(SF_ERR_NULL_ARGUMENT, "board handle is NULL");        \
        (h)->err[0] = '\0';                                                                          \
    } while (0)

#define CHECK_LOADED(h)                                                                              \
    do {                                                                                             \
        if ((h)->net == NULL) return sf_set_error((h), SF_ERR_NOT_LOADED, "no config loaded");       \
    } while (0)

static int copy_string(const char *s, char *buf, size_t capacity, size_t *required, sf_board *h) {
    size_t need = strlen(s) + 1;
    if (required != NULL) *required = need;
    if (buf == NULL || capacity < need) {
        if (h != NULL) return sf_set_error(h, SF_ERR_BUFFER_TOO_SMALL, "buffer holds %zu chars, %zu needed", capacity, need);
        return set_open_error(SF_ERR_BUFFER_TOO_SMALL, "buffer holds %zu chars, %zu needed", capacity, need);
    }
    memcpy(buf, s, need);
    return SF_OK;
}

EXPORT int32_t sf_abi_version(void) { return SF_ABI_REPORTED; }

EXPORT const char *sf_last_open_error(void) { return open_error; }

EXPORT int32_t sf_board_count(int32_t *count) {
    if (count == NULL) return set_open_error(SF_ERR_NULL_ARGUMENT, "sf_board_count: count is NULL");
    *count = SPEC_COUNT;
    return SF_OK;
}

EXPORT int32_t sf_board_id(int32_t index, char *buf, size_t capacity, size_t *required) {
    if (index < 0 || index >= SPEC_COUNT) {
        return set_open_error(SF_ERR_NO_SUCH_BOARD, "board index %d outside [0, %d)", index, SPEC_COUNT);
    }
    return copy_string(SPECS[index].id, buf, capacity, required, NULL);
}

EXPORT int32_t sf_open(const char *board_id, sf_board **out) {
    if (out == NULL) return set_open_error(SF_ERR_NULL_ARGUMENT, "sf_open: out is NULL");
    *out = NULL;
    if (board_id == NULL) return set_open_error(SF_ERR_NULL_ARGUMENT, "sf_open: board_id is NULL");
    for (int32_t i = 0; i < SPEC_COUNT; i++) {
        if (strcmp(board_id, SPECS[i].id) == 0) {
            sf_board *h = calloc(1, sizeof *h);
            if (h == NULL) return set_open_error(SF_ERR_OUT_OF_MEMORY, "out of memory opening %s", board_id);
            h->spec = &SPECS[i];
            h->fault_countdown = -1;
            sf_apply_mismatch(h);
            *out = h;
            return SF_OK;
        }
    }
    return set_open_error(SF_ERR_NO_SUCH_BOARD, "no board '%.64s' (this library has refboard-loihi2, refboard-xylo, refboard-theta)",
                          board_id);
}

EXPORT int32_t sf_close(sf_board *h) {
    if (h == NULL) return SF_OK;
    sf_network_free(h->net);
    free(h->queue);
    free(h);
    return SF_OK;
}

EXPORT const char *sf_last_error(sf_board *h) {
    if (h == NULL) return "board handle is NULL";
    return h->err;
}

EXPORT int32_t sf_target_family(sf_board *h, char *buf, size_t capacity, size_t *required) {
    CHECK_HANDLE(h);
    return copy_string(h->spec->family_name, buf, capacity, required, h);
}

EXPORT int32_t sf_capability(sf_board *h, int32_t key, int64_t *value) {
    CHECK_HANDLE(h);
    if (value == NULL) return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "sf_capability: value is NULL");
    if (key < SF_CAP_MAX_NEURONS || key > SF_CAP_MAX_SPIKES_PER_STEP) {
        return sf_set_error(h, SF_ERR_UNSUPPORTED, "unknown capability key %d", key);
    }
    *value = h->spec->caps[key];
    return SF_OK;
}

static void reset_board(sf_board *h) {
    sf_network_reset_state(h->net);
    h->time = 0;
    h->last_run_steps = 0;
    h->q_count = 0;
    for (int32_t i = 0; i < h->net->layer_count; i++) {
        sf_layer_rt *l = &h->net->layers[i];
        free(l->probe0);
        free(l->probe1);
        l->probe0 = l->probe1 = NULL;
    }
    h->probed_last_run = 0;
    /* the drawn chip (gains, offsets) stays: only the jitter stream restarts; re-drawing every synapse here made
     * each trial of a large net pay a Box-Muller draw per synapse */
    sf_restart_jitter(h);
}

EXPORT int32_t sf_load_config(sf_board *h, const uint8_t *bytes, size_t length) {
    CHECK_HANDLE(h);
    if (bytes == NULL && length != 0) return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "sf_load_config: bytes is NULL");
    sf_hwconfig cfg;
    memset(&cfg, 0, sizeof cfg);
    int rc = sf_hwconfig_decode(bytes, length, &cfg, h->err, sizeof h->err);
    sf_network *net = NULL;
    if (rc == SF_OK) rc = sf_network_build(h, &cfg, &net);
    sf_hwconfig_free(&cfg);
    if (rc != SF_OK) return rc;
    sf_network_free(h->net);
    h->net = net;
    sf_apply_mismatch(h);
    reset_board(h);
    return SF_OK;
}

EXPORT int32_t sf_layer_count(sf_board *h, int32_t *count) {
    CHECK_HANDLE(h);
    if (count == NULL) return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "sf_layer_count: count is NULL");
    CHECK_LOADED(h);
    *count = h->net->layer_count;
    return SF_OK;
}

static int check_layer(sf_board *h, int32_t layer) {
    if (h->net == NULL) return sf_set_error(h, SF_ERR_NOT_LOADED, "no config loaded");
    if (layer < 0 || layer >= h->net->layer_count) {
        return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "layer index %d outside [0, %d)", layer, h->net->layer_count);
    }
    return SF_OK;
}

EXPORT int32_t sf_layer_shape(sf_board *h, int32_t layer, int32_t *size, int32_t *fan_in, int32_t *has_recurrent) {
    CHECK_HANDLE(h);
    if (size == NULL || fan_in == NULL || has_recurrent == NULL) {
        return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "sf_layer_shape: an output pointer is NULL");
    }
    int rc = check_layer(h, layer);
    if (rc != SF_OK) return rc;
    const sf_layer_rt *l = &h->net->layers[layer];
    *size = l->size;
    *fan_in = l->fan_in;
    *has_recurrent = l->has_recurrent;
    return SF_OK;
}

EXPORT int32_t sf_layer_name(sf_board *h, int32_t layer, char *buf, size_t capacity, size_t *required) {
    CHECK_HANDLE(h);
    int rc = check_layer(h, layer);
    if (rc != SF_OK) return rc;
    return copy_string(h->net->layers[layer].name, buf, capacity, required, h);
}

/* Resolves a weight range to the matrix, validating everything. */
static int weight_range(sf_board *h, int32_t layer, int32_t matrix, int64_t offset, int64_t count, const void *values,
                        int32_t **dest) {
    int rc = check_layer(h, layer);
    if (rc != SF_OK) return rc;
    sf_layer_rt *l = &h->net->layers[layer];
    int64_t total;
    if (matrix == SF_WEIGHTS_FEEDFORWARD) {
        total = (int64_t)l->size * l->fan_in;
        *dest = l->w;
    } else if (matrix == SF_WEIGHTS_RECURRENT) {
        if (!l->has_recurrent) {
            return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "layer '%s' has no recurrent weights", l->name);
        }
        total = (int64_t)l->size * l->size;
        *dest = l->wr;
    } else {
        return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "matrix %d is neither feed-forward (0) nor recurrent (1)", matrix);
    }
    if (offset < 0 || count < 0 || offset > total || count > total - offset) {
        return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "weight range [%lld, %lld + %lld) outside [0, %lld) of layer '%s'",
                            (long long)offset, (long long)offset, (long long)count, (long long)total, l->name);
    }
    if (values == NULL && count > 0) return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "weight values buffer is NULL");
    return SF_OK;
}

EXPORT int32_t sf_write_weights(sf_board *h, int32_t layer, int32_t matrix, int64_t offset, const int32_t *values,
                                int64_t count) {
    CHECK_HANDLE(h);
    int32_t *dest;
    int rc = weight_range(h, layer, matrix, offset, count, values, &dest);
    if (rc != SF_OK) return rc;
    sf_layer_rt *l = &h->net->layers[layer];
    int32_t ignored, lo, hi;
    for (int64_t k = 0; k < count; k++) { /* check all before changing any */
        if (sf_program_weight(h, l, matrix, values[k], &ignored, &lo, &hi) != SF_OK) {
            return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "layer '%s': weight %d at index %lld outside [%d, %d]", l->name,
                                values[k], (long long)(offset + k), lo, hi);
        }
    }
    for (int64_t k = 0; k < count; k++) sf_program_weight(h, l, matrix, values[k], &dest[offset + k], &lo, &hi);
    sf_apply_mismatch_weights(h, layer, matrix, NULL, offset, count);
    return SF_OK;
}

/* Test builds set SF_OMIT_INDEXED_WRITES to check that callers fall back on a library without this optional call. */
#ifndef SF_OMIT_INDEXED_WRITES
EXPORT int32_t sf_write_weights_indexed(sf_board *h, int32_t layer, int32_t matrix, const int64_t *indices,
                                        const int32_t *values, int64_t count) {
    CHECK_HANDLE(h);
    int32_t *dest;
    int rc = weight_range(h, layer, matrix, 0, 0, values, &dest);
    if (rc != SF_OK) return rc;
    if (count < 0) return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "weight count %lld is negative", (long long)count);
    if (count > 0 && (indices == NULL || values == NULL)) {
        return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "sf_write_weights_indexed: indices or values is NULL");
    }
    sf_layer_rt *l = &h->net->layers[layer];
    int64_t total = matrix == SF_WEIGHTS_RECURRENT ? (int64_t)l->size * l->size : (int64_t)l->size * l->fan_in;
    int32_t ignored, lo, hi;
    for (int64_t k = 0; k < count; k++) { /* check all before changing any */
        if (indices[k] < 0 || indices[k] >= total) {
            return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "layer '%s': weight index %lld (entry %lld) outside [0, %lld)",
                                l->name, (long long)indices[k], (long long)k, (long long)total);
        }
        if (sf_program_weight(h, l, matrix, values[k], &ignored, &lo, &hi) != SF_OK) {
            return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "layer '%s': weight %d at index %lld outside [%d, %d]", l->name,
                                values[k], (long long)indices[k], lo, hi);
        }
    }
    for (int64_t k = 0; k < count; k++) sf_program_weight(h, l, matrix, values[k], &dest[indices[k]], &lo, &hi);
    sf_apply_mismatch_weights(h, layer, matrix, indices, 0, count);
    return SF_OK;
}
#endif

EXPORT int32_t sf_read_weights(sf_board *h, int32_t layer, int32_t matrix, int64_t offset, int32_t *values,
                               int64_t count) {
    CHECK_HANDLE(h);
    int32_t *src;
    int rc = weight_range(h, layer, matrix, offset, count, values, &src);
    if (rc != SF_OK) return rc;
    if (count > 0) memcpy(values, src + offset, (size_t)count * sizeof(int32_t));
    return SF_OK;
}

EXPORT int32_t sf_inject_spikes(sf_board *h, const int32_t *channels, const int64_t *steps, int64_t count) {
    CHECK_HANDLE(h);
    CHECK_LOADED(h);
    if (count < 0) return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "spike count %lld is negative", (long long)count);
    if (count > 0 && (channels == NULL || steps == NULL)) {
        return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "sf_inject_spikes: channels or steps is NULL");
    }
    if (count > MAX_QUEUED_EVENTS - h->q_count) {
        return sf_set_error(h, SF_ERR_CAPACITY, "more than %lld queued input spikes", (long long)MAX_QUEUED_EVENTS);
    }
    int64_t max_step = h->spec->caps[SF_CAP_MAX_RUN_STEPS] * 1024;
    for (int64_t k = 0; k < count; k++) {
        if (channels[k] < 0 || channels[k] >= h->net->num_inputs) {
            return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "input spike %lld: channel %d outside [0, %d)", (long long)k,
                                channels[k], h->net->num_inputs);
        }
        if (steps[k] < 0 || steps[k] >= max_step) {
            return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "input spike %lld: step %lld outside [0, %lld)", (long long)k,
                                (long long)steps[k], (long long)max_step);
        }
    }
    if (h->q_count + count > h->q_capacity) {
        int64_t cap = h->q_capacity == 0 ? 256 : h->q_capacity;
        while (cap < h->q_count + count) cap *= 2;
        sf_input_event *grown = realloc(h->queue, (size_t)cap * sizeof(sf_input_event));
        if (grown == NULL) return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory queueing input spikes");
        h->queue = grown;
        h->q_capacity = cap;
    }
    for (int64_t k = 0; k < count; k++) {
        h->queue[h->q_count].step = steps[k];
        h->queue[h->q_count].channel = channels[k];
        h->q_count++;
    }
    return SF_OK;
}

EXPORT int32_t sf_run(sf_board *h, int64_t steps) {
    CHECK_HANDLE(h);
    CHECK_LOADED(h);
    int64_t limit = h->spec->caps[SF_CAP_MAX_RUN_STEPS];
    if (steps < 0) return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "steps %lld is negative", (long long)steps);
    if (steps > limit) {
        return sf_set_error(h, SF_ERR_CAPACITY, "steps %lld exceed the board's %lld steps per run", (long long)steps,
                            (long long)limit);
    }
    if (h->probing) {
        int64_t neurons = 0;
        for (int32_t i = 0; i < h->net->layer_count; i++) neurons += h->net->layers[i].size;
        if (steps * neurons > MAX_PROBED_VALUES) {
            return sf_set_error(h, SF_ERR_CAPACITY, "probing %lld steps x %lld neurons exceeds %lld values",
                                (long long)steps, (long long)neurons, (long long)MAX_PROBED_VALUES);
        }
    }
    if (h->fault_countdown == 0 && h->fault_remaining > 0) {
        h->fault_remaining--;
        /* the failed window's input is lost, as on a chip; later events move down as after a run */
        int64_t kept = 0;
        for (int64_t k = 0; k < h->q_count; k++) {
            if (h->queue[k].step >= steps) {
                h->queue[kept] = h->queue[k];
                h->queue[kept].step -= steps;
                kept++;
            }
        }
        h->q_count = kept;
        return sf_set_error(h, SF_ERR_DEVICE, "injected device fault (%d more failing runs)", h->fault_remaining);
    }
    int rc = sf_network_run(h, steps);
    if (rc == SF_OK && h->fault_countdown > 0) h->fault_countdown--;
    return rc;
}

EXPORT int32_t sf_last_run_steps(sf_board *h, int64_t *steps) {
    CHECK_HANDLE(h);
    if (steps == NULL) return sf_set_error(h, SF_ERR_NULL_ARGUMENT, "sf_last_run_steps: steps is NULL");
    *steps = h->last_run_steps;
    return SF_OK;
}

EXPORT int32_t sf_read_spikes(sf_board *h, int32_t layer, int64_t *steps, int32_t *neurons, int64_t capacity,
                              int64_t *required) {
    CHECK_HANDLE(h);
    int rc = check_layer(h, layer);
    if (rc != SF_OK) return rc;
    const sf_events *e = &h->net->layers[layer].events;
    if (required != NULL) *required = e->count;
    if (capacity < e->count || (e->count > 0 && (steps == NULL || neurons == NULL))) {
        return sf_set_error(h, SF_ERR_BUFFER_TOO_SMALL, "spike buffers hold %lld events, %lld needed", (long long)capacity,
                            (long long)e->count);
    }
    if (e->count > 0) {
        memcpy(steps, e->steps, (size_t)e->count * sizeof(int64_t));
        memcpy(neurons, e->neurons, (size_t)e->count * sizeof(int32_t));
    }
    return SF_OK;
}

EXPORT int32_t sf_set_probing(sf_board *h, int32_t enabled) {
    CHECK_HANDLE(h);
    if (enabled != 0 && enabled != 1) return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "probing flag %d is not 0 or 1", enabled);
    h->probing = enabled;
    return SF_OK;
}

EXPORT int32_t sf_read_probe(sf_board *h, int32_t layer, int32_t variable, int64_t *values, int64_t capacity,
                             int64_t *required) {
    CHECK_HANDLE(h);
    int rc = check_layer(h, layer);
    if (rc != SF_OK) return rc;
    if (variable != SF_PROBE_STATE0 && variable != SF_PROBE_STATE1) {
        return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "probe variable %d is neither 0 nor 1", variable);
    }
    if (variable == SF_PROBE_STATE1 && h->spec->family == FAMILY_THETA) {
        return sf_set_error(h, SF_ERR_UNSUPPORTED, "theta neurons have a single state variable (phase)");
    }
    if (!h->probed_last_run) return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "the last run was not probed (sf_set_probing)");
    const sf_layer_rt *l = &h->net->layers[layer];
    int64_t n = h->last_run_steps * l->size;
    if (required != NULL) *required = n;
    if (capacity < n || (n > 0 && values == NULL)) {
        return sf_set_error(h, SF_ERR_BUFFER_TOO_SMALL, "probe buffer holds %lld values, %lld needed", (long long)capacity,
                            (long long)n);
    }
    if (n > 0) memcpy(values, variable == SF_PROBE_STATE0 ? l->probe0 : l->probe1, (size_t)n * sizeof(int64_t));
    return SF_OK;
}

EXPORT int32_t sf_reset(sf_board *h) {
    CHECK_HANDLE(h);
    CHECK_LOADED(h);
    reset_board(h);
    return SF_OK;
}

EXPORT int32_t sf_set_mismatch(sf_board *h, uint64_t seed, double threshold_offset_sigma, double weight_gain_sigma,
                               double jitter_probability) {
    CHECK_HANDLE(h);
    if (!(threshold_offset_sigma >= 0 && threshold_offset_sigma <= 1) || !(weight_gain_sigma >= 0 && weight_gain_sigma <= 1) ||
        !(jitter_probability >= 0 && jitter_probability <= 1)) {
        return sf_set_error(h, SF_ERR_INVALID_ARGUMENT,
                            "mismatch sigmas and jitter probability must lie in [0, 1] (got %g, %g, %g)",
                            threshold_offset_sigma, weight_gain_sigma, jitter_probability);
    }
    h->mismatch_seed = seed;
    h->thr_sigma = threshold_offset_sigma;
    h->gain_sigma = weight_gain_sigma;
    h->jitter_p = jitter_probability;
    sf_apply_mismatch(h);
    return SF_OK;
}

EXPORT int32_t sf_inject_fault(sf_board *h, int64_t runs_before_fault, int32_t failing_runs) {
    CHECK_HANDLE(h);
    if (runs_before_fault < -1 || failing_runs < 0) {
        return sf_set_error(h, SF_ERR_INVALID_ARGUMENT, "fault: runs_before_fault %lld must be >= -1, failing_runs %d >= 0",
                            (long long)runs_before_fault, failing_runs);
    }
    h->fault_countdown = runs_before_fault;
    h->fault_remaining = failing_runs;
    return SF_OK;
}
