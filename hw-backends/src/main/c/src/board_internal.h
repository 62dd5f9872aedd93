/* Internal state of a reference board: the loaded network in executable form plus run records. */
#ifndef SF_BOARD_INTERNAL_H
#define SF_BOARD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "hwconfig.h"
#include "spikeforge_board.h"

#define SF_ERR_CAP 512

typedef enum { FAMILY_LOIHI2 = 0, FAMILY_XYLO = 1, FAMILY_THETA = 2 } sf_family;

typedef struct {
    const char *id;
    sf_family family;
    const char *family_name;
    int64_t caps[SF_CAP_MAX_SPIKES_PER_STEP + 1]; /* indexed by SF_CAP_* */
} sf_board_spec;

/* Spike events of one layer in the last run. */
typedef struct {
    int64_t *steps;
    int32_t *neurons;
    int64_t count, capacity;
} sf_events;

typedef struct {
    char *name;
    int32_t size, fan_in, source; /* source: -1 = network input, else an earlier layer index */
    int32_t delay;
    int output;
    int has_recurrent;
    /* programmed weights (after the family's load-time rules) and the weights the core uses
     * (programmed times mismatch gain; identical when no mismatch is set) */
    int32_t *w, *w_dev;   /* [size][fan_in] */
    int32_t *wr, *wr_dev; /* [size][size] or NULL */
    /* per-synapse gain factors 1 + sigma * N(0,1) drawn by the last sf_apply_mismatch_layer, kept so that
     * a write re-derives w_dev for the written entries only (O(written), not O(layer)) */
    double *wg, *wrg;
    /* w_dev and wr_dev transposed ([fan_in][size], [size][size]): a spike of source j adds one contiguous column */
    int32_t *wt_dev, *wrt_dev;
    /* per-neuron parameters */
    int64_t *bias;    /* loihi2: bias_mant scaled by bias_exp; xylo: bias */
    int64_t *thr;     /* loihi2: vth << 6; xylo: threshold; theta: unused */
    int64_t *thr_dev; /* thr with mismatch offsets */
    int64_t *init0, *init1;
    int64_t *state0, *state1; /* loihi2 u,v; xylo isyn,vmem; theta phase,- */
    /* family scalars */
    int32_t du, dv, weight_exp, num_weight_bits; /* loihi2 */
    int32_t sign_mode, rec_sign_mode;             /* loihi2: resolved per matrix (1..4) */
    int32_t dash_syn, dash_mem, max_spikes, weight_shift; /* xylo */
    /* spike history ring: depth slots of [size] counts emitted at step T (slot T % depth) */
    uint8_t *ring;
    uint8_t *pending; /* counts delayed by jitter into the next step */
    int64_t *acc;     /* per-neuron input workspace (feed-forward) */
    int64_t *acc_rec; /* per-neuron input workspace (recurrent) */
    sf_events events;
    int64_t *probe0, *probe1; /* [steps][size] of the last run, or NULL */
} sf_layer_rt;

typedef struct {
    int32_t phase_bits, phase_step, inv_index_bits, phi_shift;
    int64_t v_min, v_max;
    int32_t *inv_phi;
    int64_t inv_phi_count;
    int32_t *phi;
    int64_t phi_count;
} sf_theta_rt;

typedef struct {
    int32_t num_inputs;
    int32_t layer_count;
    sf_layer_rt *layers;
    int32_t depth;       /* ring depth = max delay + 2 */
    uint8_t *input_ring; /* depth slots of [num_inputs] counts */
    sf_theta_rt theta;
} sf_network;

typedef struct {
    int64_t step;
    int32_t channel;
} sf_input_event;

struct sf_board {
    const sf_board_spec *spec;
    char err[SF_ERR_CAP];
    sf_network *net;
    int64_t time; /* steps since reset */
    int64_t last_run_steps;
    int probing, probed_last_run;
    /* queued input events, steps relative to the start of the next run */
    sf_input_event *queue;
    int64_t q_count, q_capacity;
    /* non-idealities */
    uint64_t mismatch_seed;
    double thr_sigma, gain_sigma, jitter_p;
    uint64_t jitter_state;
    /* fault injection */
    int64_t fault_countdown;
    int32_t fault_remaining;
};

int sf_set_error(sf_board *h, int code, const char *fmt, ...);

/* build.c: validates a decoded config against the board and builds the executable network. */
int sf_network_build(sf_board *h, const sf_hwconfig *cfg, sf_network **out);
void sf_network_free(sf_network *net);
void sf_network_reset_state(sf_network *net);
/* Applies the family's load-time weight rule (range check; loihi2 truncation) for one matrix
 * (SF_WEIGHTS_*). Returns SF_OK or SF_ERR_INVALID_ARGUMENT and, then, the allowed range. */
int sf_program_weight(const sf_board *h, const sf_layer_rt *l, int32_t matrix, int32_t in, int32_t *out,
                      int32_t *lo, int32_t *hi);

/* conv.c: conv2d / sum_pool2d connectivity, expanded at load into the dense [size][fan_in] matrix. */
#define SF_MAX_EXPANDED_SYNAPSES ((int64_t)1 << 24)
/* "conv2d", "sum_pool2d" or "weights" (dense) */
const char *sf_connectivity_name(int conn_kind);
/* the values the config stores for the feed-forward weights: weights, conv2d.kernel or sum_pool2d.weight */
const sf_ivec *sf_stored_weights(const sf_layer_cfg *c);
/* checks the geometry of a conv2d / sum_pool2d layer (not the stored values' ranges), naming the field */
int sf_check_connectivity(sf_board *h, const sf_layer_cfg *c, const char *name);
/* writes the [size][fan_in] matrix of a checked conv2d / sum_pool2d layer into w (raw stored values) */
void sf_expand_connectivity(const sf_layer_cfg *c, int32_t *w);

/* mismatch.c */
uint64_t sf_splitmix64(uint64_t *state);
double sf_uniform(uint64_t *state);
void sf_apply_mismatch(sf_board *h);
/* Restarts the jitter stream from the seed (sf_reset); the drawn gains and offsets stay. */
void sf_restart_jitter(sf_board *h);
void sf_apply_mismatch_layer(sf_board *h, int32_t layer);
/* Re-derives the device weights of the given flat indices of one matrix (SF_WEIGHTS_*) from the programmed
 * ones and the kept gain factors; indices NULL means the range [offset, offset + count). */
void sf_apply_mismatch_weights(sf_board *h, int32_t layer, int32_t matrix, const int64_t *indices, int64_t offset,
                               int64_t count);

/* dynamics.c: runs `steps` steps; input counts are provided per step by the caller. */
int sf_network_run(sf_board *h, int64_t steps);

#endif
