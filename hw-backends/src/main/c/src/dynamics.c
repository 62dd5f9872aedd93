/*
 * Per-step integer dynamics of the three families, written from docs/TARGET-SEMANTICS.md.
 * Layers are evaluated in config order; a layer with input_delay d reads the counts its source
 * emitted at step T - d from a ring of the last `depth` steps; recurrent weights read T - 1.
 */
#include <stdlib.h>
#include <string.h>

#include "board_internal.h"

#define LOIHI2_M (1 << 23)

/* 32-bit two's complement arithmetic (Lava's int32 arrays), without signed-overflow UB. */
static int32_t wrap32(int64_t x) {
    return (int32_t)(uint32_t)(uint64_t)x;
}

static int32_t add32(int32_t a, int32_t b) {
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static int32_t shl32(int32_t x, int s) {
    return (int32_t)((uint32_t)x << s);
}

/* Dense output scaling: << weight_exp for positive exponents, arithmetic >> otherwise. */
static int32_t dense_shift(int32_t a, int32_t weight_exp) {
    return weight_exp > 0 ? shl32(a, weight_exp) : (a >> (-weight_exp));
}

/* int32(trunc0(x * factor / 4096)) on the 64-bit product. */
static int32_t decay_trunc0(int32_t x, int32_t factor) {
    int64_t p = (int64_t)x * factor;
    return wrap32(p >= 0 ? (p >> 12) : -((-p) >> 12));
}

static int64_t clamp64(int64_t x, int64_t lo, int64_t hi) {
    return x < lo ? lo : (x > hi ? hi : x);
}

static int64_t xylo_decay(int64_t x, int32_t dash) {
    if (x == 0) return 0;
    int64_t step = x >> dash;
    if (step == 0) return x - 1; /* only positive x can shift to 0 */
    return x - step;
}

/* Adds weight * count for every source neuron that spiked, in ascending source order; wt is the transposed
 * matrix [cols][rows], so one source's weights are contiguous. */
static void accumulate(int64_t *acc, const int32_t *wt, int32_t rows, int32_t cols, const uint8_t *counts,
                       int binary) {
    for (int32_t j = 0; j < cols; j++) {
        int64_t c = counts[j];
        if (c == 0) continue;
        if (binary) c = 1;
        const int32_t *col = wt + (int64_t)j * rows;
        for (int32_t i = 0; i < rows; i++) acc[i] += (int64_t)col[i] * c;
    }
}

/* Xylo delivery: one saturating add per active source, sources in ascending order (wt transposed, as above). */
static void xylo_deliver(int64_t *isyn, const int32_t *wt, int32_t rows, int32_t cols, const uint8_t *counts,
                         int32_t weight_shift) {
    for (int32_t j = 0; j < cols; j++) {
        int64_t c = counts[j];
        if (c == 0) continue;
        const int32_t *col = wt + (int64_t)j * rows;
        for (int32_t i = 0; i < rows; i++) {
            int64_t wi = (int64_t)col[i] * ((int64_t)1 << weight_shift);
            isyn[i] = clamp64(isyn[i] + c * wi, -32768, 32767);
        }
    }
}

static void loihi2_update(sf_layer_rt *l, uint8_t *emitted) {
    for (int32_t i = 0; i < l->size; i++) {
        int32_t a = add32(dense_shift(wrap32(l->acc[i]), l->weight_exp),
                          dense_shift(wrap32(l->acc_rec[i]), l->weight_exp));
        int32_t u = add32(decay_trunc0((int32_t)l->state0[i], 4096 - (l->du + 1)), shl32(a, 6));
        if (u > LOIHI2_M) {
            u -= 2 * LOIHI2_M;
        } else if (u <= -LOIHI2_M) {
            u += 2 * LOIHI2_M;
        }
        int32_t v = add32(add32(decay_trunc0((int32_t)l->state1[i], 4096 - l->dv), u), wrap32(l->bias[i]));
        if (v < -LOIHI2_M + 1) v = -LOIHI2_M + 1;
        if (v > LOIHI2_M - 1) v = LOIHI2_M - 1;
        emitted[i] = 0;
        if (v > l->thr_dev[i]) {
            emitted[i] = 1;
            v = 0;
        }
        l->state0[i] = u;
        l->state1[i] = v;
    }
}

/* Called after delivery into state0 (isyn). */
static void xylo_update(sf_layer_rt *l, uint8_t *emitted) {
    for (int32_t i = 0; i < l->size; i++) {
        int64_t isyn = xylo_decay(l->state0[i], l->dash_syn);
        int64_t vmem = clamp64(xylo_decay(l->state1[i], l->dash_mem) + isyn + l->bias[i], -32768, 32767);
        int64_t n = 0;
        int64_t thr = l->thr_dev[i];
        if (vmem >= thr) {
            n = vmem / thr;
            if (n > l->max_spikes) n = l->max_spikes;
            vmem -= n * thr;
        }
        emitted[i] = (uint8_t)n;
        l->state0[i] = isyn;
        l->state1[i] = vmem;
    }
}

static void theta_update(const sf_theta_rt *t, sf_layer_rt *l, uint8_t *emitted) {
    int64_t period = (int64_t)1 << t->phase_bits;
    int32_t index_shift = t->phase_bits - t->inv_index_bits;
    for (int32_t i = 0; i < l->size; i++) {
        int64_t p = l->state0[i];
        int64_t x = l->acc[i] + l->acc_rec[i];
        if (x != 0) {
            int64_t v = t->inv_phi[p >> index_shift];
            int64_t v2 = clamp64(v + x, t->v_min, t->v_max);
            p = t->phi[(v2 - t->v_min) >> t->phi_shift];
        }
        p += t->phase_step;
        emitted[i] = 0;
        if (p >= period) {
            emitted[i] = 1;
            p = 0;
        }
        l->state0[i] = p;
    }
}

static int events_push(sf_events *e, int64_t step, int32_t neuron) {
    if (e->count == e->capacity) {
        int64_t cap = e->capacity == 0 ? 256 : e->capacity * 2;
        int64_t *s = realloc(e->steps, (size_t)cap * sizeof(int64_t));
        if (s == NULL) return SF_ERR_OUT_OF_MEMORY;
        e->steps = s;
        int32_t *n = realloc(e->neurons, (size_t)cap * sizeof(int32_t));
        if (n == NULL) return SF_ERR_OUT_OF_MEMORY;
        e->neurons = n;
        e->capacity = cap;
    }
    e->steps[e->count] = step;
    e->neurons[e->count] = neuron;
    e->count++;
    return SF_OK;
}

static int compare_events(const void *a, const void *b) {
    const sf_input_event *x = a, *y = b;
    if (x->step != y->step) return x->step < y->step ? -1 : 1;
    return x->channel < y->channel ? -1 : (x->channel > y->channel ? 1 : 0);
}

static int step_layer(sf_board *h, int32_t index, int64_t rel_step, uint8_t *emitted) {
    sf_network *net = h->net;
    sf_layer_rt *l = &net->layers[index];
    int64_t now = h->time + rel_step;
    int binary = h->spec->family == FAMILY_LOIHI2;
    const uint8_t *src = NULL, *rec = NULL;
    if (now - l->delay >= 0) {
        int64_t slot = (now - l->delay) % net->depth;
        src = l->source < 0 ? net->input_ring + slot * net->num_inputs
                            : net->layers[l->source].ring + slot * net->layers[l->source].size;
    }
    if (l->has_recurrent && now >= 1) rec = l->ring + ((now - 1) % net->depth) * l->size;
    if (h->spec->family == FAMILY_XYLO) {
        if (src != NULL) xylo_deliver(l->state0, l->wt_dev, l->size, l->fan_in, src, l->weight_shift);
        if (rec != NULL) xylo_deliver(l->state0, l->wrt_dev, l->size, l->size, rec, l->weight_shift);
        xylo_update(l, emitted);
    } else {
        memset(l->acc, 0, (size_t)l->size * sizeof(int64_t));
        memset(l->acc_rec, 0, (size_t)l->size * sizeof(int64_t));
        if (src != NULL) accumulate(l->acc, l->wt_dev, l->size, l->fan_in, src, binary);
        if (rec != NULL) accumulate(l->acc_rec, l->wrt_dev, l->size, l->size, rec, binary);
        if (h->spec->family == FAMILY_LOIHI2) {
            loihi2_update(l, emitted);
        } else {
            theta_update(&net->theta, l, emitted);
        }
    }
    uint8_t *out = l->ring + (now % net->depth) * l->size;
    for (int32_t i = 0; i < l->size; i++) {
        int out_count = l->pending[i];
        int delayed = 0;
        for (int k = 0; k < emitted[i]; k++) {
            if (h->jitter_p > 0 && sf_uniform(&h->jitter_state) < h->jitter_p) {
                delayed++;
            } else {
                out_count++;
            }
        }
        l->pending[i] = (uint8_t)delayed;
        out[i] = (uint8_t)out_count;
        for (int k = 0; k < out_count; k++) {
            if (events_push(&l->events, rel_step, i) != SF_OK) {
                return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory recording spikes of layer '%s'", l->name);
            }
        }
        if (l->probe0 != NULL) {
            l->probe0[rel_step * l->size + i] = l->state0[i];
            l->probe1[rel_step * l->size + i] = l->state1[i];
        }
    }
    return SF_OK;
}

int sf_network_run(sf_board *h, int64_t steps) {
    sf_network *net = h->net;
    int32_t max_size = 1;
    h->probed_last_run = 0; /* probes become readable only when this run completes */
    for (int32_t i = 0; i < net->layer_count; i++) {
        sf_layer_rt *l = &net->layers[i];
        if (l->size > max_size) max_size = l->size;
        l->events.count = 0;
        free(l->probe0);
        free(l->probe1);
        l->probe0 = l->probe1 = NULL;
        if (h->probing) {
            l->probe0 = malloc((size_t)(steps * l->size) * sizeof(int64_t) + 1);
            l->probe1 = malloc((size_t)(steps * l->size) * sizeof(int64_t) + 1);
            if (l->probe0 == NULL || l->probe1 == NULL) {
                return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory for probes of layer '%s'", l->name);
            }
        }
    }
    uint8_t *emitted = malloc((size_t)max_size);
    if (emitted == NULL) return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory");
    if (h->q_count > 1) qsort(h->queue, (size_t)h->q_count, sizeof(sf_input_event), compare_events);
    int64_t qi = 0;
    int rc = SF_OK;
    /* count an input channel's spikes in one step as the family's synapses see them */
    const uint8_t input_cap = h->spec->family == FAMILY_LOIHI2 ? 1 : (h->spec->family == FAMILY_XYLO ? 15 : 255);
    for (int64_t r = 0; r < steps && rc == SF_OK; r++) {
        uint8_t *in = net->input_ring + ((h->time + r) % net->depth) * net->num_inputs;
        memset(in, 0, (size_t)net->num_inputs);
        while (qi < h->q_count && h->queue[qi].step == r) {
            uint8_t *c = &in[h->queue[qi].channel];
            if (*c < input_cap) (*c)++;
            qi++;
        }
        for (int32_t i = 0; i < net->layer_count && rc == SF_OK; i++) rc = step_layer(h, i, r, emitted);
    }
    free(emitted);
    /* keep the events beyond this run, shifted to the next run's frame */
    int64_t kept = 0;
    for (int64_t k = qi; k < h->q_count; k++) {
        h->queue[kept] = h->queue[k];
        h->queue[kept].step -= steps;
        kept++;
    }
    h->q_count = kept;
    h->time += steps;
    h->last_run_steps = steps;
    h->probed_last_run = h->probing && rc == SF_OK;
    return rc;
}
