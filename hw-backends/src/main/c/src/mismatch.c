/*
 * Optional non-idealities of the reference board: per-synapse weight gain noise, per-neuron
 * threshold offsets and spike-time jitter. All randomness comes from splitmix64 streams derived
 * from the user's seed, so a given seed always produces the same "chip".
 */
#include <math.h>

#include "board_internal.h"

uint64_t sf_splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 random bits. */
double sf_uniform(uint64_t *state) {
    return (double)(sf_splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

/* Standard normal by the Box-Muller transform (one value per call). */
static double normal(uint64_t *state) {
    double u1 = 1.0 - sf_uniform(state); /* (0, 1] so the logarithm is finite */
    double u2 = sf_uniform(state);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static int64_t round_clamped(double x, double lo, double hi) {
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    return (int64_t)llround(x);
}

static uint64_t stream_seed(uint64_t seed, int32_t layer, uint64_t salt) {
    uint64_t s = seed ^ (salt * 0xD1B54A32D192ED03ULL) ^ ((uint64_t)(layer + 1) * 0x9E3779B97F4A7C15ULL);
    return sf_splitmix64(&s);
}

/* Draws every synapse's gain factor in index order (the stream fixes the chip) and derives w_dev from w, and its
 * transpose wt_dev ([cols][rows]) that the dynamics read. */
static void gain(const int32_t *w, int32_t *w_dev, int32_t *wt_dev, double *factor, int64_t rows, int64_t cols,
                 double sigma, uint64_t state) {
    int64_t count = rows * cols;
    for (int64_t k = 0; k < count; k++) {
        factor[k] = sigma > 0 ? 1.0 + sigma * normal(&state) : 1.0;
    }
    for (int64_t k = 0; k < count; k++) {
        w_dev[k] = sigma > 0 ? (int32_t)round_clamped(w[k] * factor[k], -32767.0, 32767.0) : w[k];
        wt_dev[(k % cols) * rows + k / cols] = w_dev[k];
    }
}

void sf_apply_mismatch_weights(sf_board *h, int32_t layer, int32_t matrix, const int64_t *indices, int64_t offset,
                               int64_t count) {
    sf_layer_rt *l = &h->net->layers[layer];
    const int32_t *w = matrix == SF_WEIGHTS_RECURRENT ? l->wr : l->w;
    int32_t *w_dev = matrix == SF_WEIGHTS_RECURRENT ? l->wr_dev : l->w_dev;
    int32_t *wt_dev = matrix == SF_WEIGHTS_RECURRENT ? l->wrt_dev : l->wt_dev;
    const double *factor = matrix == SF_WEIGHTS_RECURRENT ? l->wrg : l->wg;
    int64_t rows = l->size;
    int64_t cols = matrix == SF_WEIGHTS_RECURRENT ? l->size : l->fan_in;
    double sigma = h->gain_sigma;
    for (int64_t i = 0; i < count; i++) {
        int64_t k = indices != NULL ? indices[i] : offset + i;
        w_dev[k] = sigma > 0 ? (int32_t)round_clamped(w[k] * factor[k], -32767.0, 32767.0) : w[k];
        wt_dev[(k % cols) * rows + k / cols] = w_dev[k];
    }
}

void sf_apply_mismatch_layer(sf_board *h, int32_t layer) {
    sf_layer_rt *l = &h->net->layers[layer];
    gain(l->w, l->w_dev, l->wt_dev, l->wg, l->size, l->fan_in, h->gain_sigma, stream_seed(h->mismatch_seed, layer, 1));
    if (l->has_recurrent) {
        gain(l->wr, l->wr_dev, l->wrt_dev, l->wrg, l->size, l->size, h->gain_sigma,
             stream_seed(h->mismatch_seed, layer, 2));
    }
    uint64_t st = stream_seed(h->mismatch_seed, layer, 3);
    for (int32_t i = 0; i < l->size; i++) {
        if (h->thr_sigma > 0 && h->spec->family != FAMILY_THETA) {
            int64_t t = round_clamped((double)l->thr[i] * (1.0 + h->thr_sigma * normal(&st)), 1.0, 1e15);
            l->thr_dev[i] = t;
        } else {
            l->thr_dev[i] = l->thr[i];
        }
    }
}

void sf_restart_jitter(sf_board *h) {
    h->jitter_state = stream_seed(h->mismatch_seed, -1, 4);
}

void sf_apply_mismatch(sf_board *h) {
    sf_restart_jitter(h);
    if (h->net == NULL) return;
    for (int32_t i = 0; i < h->net->layer_count; i++) sf_apply_mismatch_layer(h, i);
}
