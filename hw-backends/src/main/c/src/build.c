/*
 * Semantic validation of a decoded HardwareConfig against one board, and construction of the
 * executable network. Every inconsistency is reported with the layer, field and limit.
 */
#include <stdlib.h>
#include <string.h>

#include "board_internal.h"

#define MAX_LOIHI2 8388607 /* 2^23 - 1 */

static int str_eq(const sf_str *s, const char *lit) {
    return s->data != NULL && s->length == strlen(lit) && memcmp(s->data, lit, s->length) == 0;
}

static int str_is_clean(const sf_str *s) {
    return s->data != NULL && s->length > 0 && s->length < 256 && strlen(s->data) == s->length;
}

static void *alloc_zero(size_t count, size_t size) {
    if (count == 0) count = 1;
    return calloc(count, size);
}

void sf_network_free(sf_network *net) {
    if (net == NULL) return;
    for (int32_t i = 0; i < net->layer_count; i++) {
        sf_layer_rt *l = &net->layers[i];
        free(l->name);
        free(l->w);
        free(l->w_dev);
        free(l->wr);
        free(l->wr_dev);
        free(l->wg);
        free(l->wrg);
        free(l->wt_dev);
        free(l->wrt_dev);
        free(l->bias);
        free(l->thr);
        free(l->thr_dev);
        free(l->init0);
        free(l->init1);
        free(l->state0);
        free(l->state1);
        free(l->ring);
        free(l->pending);
        free(l->acc);
        free(l->acc_rec);
        free(l->events.steps);
        free(l->events.neurons);
        free(l->probe0);
        free(l->probe1);
    }
    free(net->layers);
    free(net->input_ring);
    free(net->theta.inv_phi);
    free(net->theta.phi);
    free(net);
}

void sf_network_reset_state(sf_network *net) {
    for (int32_t i = 0; i < net->layer_count; i++) {
        sf_layer_rt *l = &net->layers[i];
        memcpy(l->state0, l->init0, (size_t)l->size * sizeof(int64_t));
        memcpy(l->state1, l->init1, (size_t)l->size * sizeof(int64_t));
        memset(l->ring, 0, (size_t)net->depth * (size_t)l->size);
        memset(l->pending, 0, (size_t)l->size);
        l->events.count = 0;
    }
    memset(net->input_ring, 0, (size_t)net->depth * (size_t)net->num_inputs);
}

static int64_t shift_signed(int64_t x, int32_t exp) {
    /* x * 2^exp for exp >= 0, floor(x / 2^-exp) otherwise (arithmetic shift), without UB */
    if (exp >= 0) return x * ((int64_t)1 << exp);
    return x >> (-exp);
}

static void weight_bounds(int32_t sign_mode, int32_t *lo, int32_t *hi) {
    /* Lava's 8-bit clip range per sign mode (1 NULL, 2 MIXED, 3 EXCITATORY, 4 INHIBITORY) */
    *lo = sign_mode == 2 ? -256 : (sign_mode == 4 ? -255 : 0);
    *hi = sign_mode == 4 ? 0 : 255;
}

int sf_program_weight(const sf_board *h, const sf_layer_rt *l, int32_t matrix, int32_t in, int32_t *out,
                      int32_t *lo, int32_t *hi) {
    switch (h->spec->family) {
        case FAMILY_LOIHI2: {
            int32_t mode = matrix == SF_WEIGHTS_RECURRENT ? l->rec_sign_mode : l->sign_mode;
            weight_bounds(mode, lo, hi);
            if (in < *lo || in > *hi) return SF_ERR_INVALID_ARGUMENT;
            int k = 8 - l->num_weight_bits + (mode == 2 ? 1 : 0);
            if (mode == 4) {
                *out = -(((-in) >> k) * (1 << k)); /* inhibitory: truncate the magnitude */
            } else {
                *out = (in >> k) * (1 << k); /* arithmetic shift: floor for negative MIXED weights */
            }
            return SF_OK;
        }
        case FAMILY_XYLO:
            *lo = -128;
            *hi = 127;
            if (in < *lo || in > *hi) return SF_ERR_INVALID_ARGUMENT;
            *out = in;
            return SF_OK;
        default:
            *lo = INT32_MIN;
            *hi = INT32_MAX;
            *out = in;
            return SF_OK;
    }
}

/* Lava's choice when no sign mode is given: all >= 0 EXCITATORY, else all <= 0 INHIBITORY, else MIXED. */
static int32_t sign_mode_of(const sf_ivec *w) {
    int any_pos = 0, any_neg = 0;
    for (int64_t k = 0; k < w->count; k++) {
        if (w->data[k] > 0) any_pos = 1;
        if (w->data[k] < 0) any_neg = 1;
    }
    if (!any_neg) return 3;
    if (!any_pos) return 4;
    return 2;
}

static int per_neuron(sf_board *h, const sf_ivec *v, int32_t size, int required, const char *layer,
                      const char *field) {
    if (v->count == size || (!required && v->count == 0)) return SF_OK;
    return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': %s has %lld entries, expected %s%d", layer, field,
                        (long long)v->count, required ? "" : "0 or ", size);
}

static int range(sf_board *h, int64_t value, int64_t lo, int64_t hi, const char *layer, const char *field) {
    if (value >= lo && value <= hi) return SF_OK;
    return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': %s = %lld outside [%lld, %lld]", layer, field,
                        (long long)value, (long long)lo, (long long)hi);
}

static int build_theta_tables(sf_board *h, const sf_theta_tables *t, sf_theta_rt *rt) {
    int rc;
    if (!t->present) return sf_set_error(h, SF_ERR_INVALID_CONFIG, "theta config without theta_tables");
    if ((rc = range(h, t->phase_bits, 1, 30, "-", "theta_tables.phase_bits")) != SF_OK) return rc;
    int64_t period = (int64_t)1 << t->phase_bits;
    if ((rc = range(h, t->inv_index_bits, 0, t->phase_bits < 24 ? t->phase_bits : 24, "-",
                    "theta_tables.inv_index_bits")) != SF_OK) return rc;
    if ((rc = range(h, t->phase_step, 0, period - 1, "-", "theta_tables.phase_step")) != SF_OK) return rc;
    if ((rc = range(h, t->v_frac_bits, 0, 30, "-", "theta_tables.v_frac_bits")) != SF_OK) return rc;
    if ((rc = range(h, t->phi_shift, 0, 32, "-", "theta_tables.phi_shift")) != SF_OK) return rc;
    if (t->v_min > t->v_max) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "theta_tables: v_min %d > v_max %d", t->v_min, t->v_max);
    }
    int64_t inv_count = (int64_t)1 << t->inv_index_bits;
    if (t->inv_phi.count != inv_count) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "theta_tables.inv_phi has %lld entries, expected 2^%d = %lld",
                            (long long)t->inv_phi.count, t->inv_index_bits, (long long)inv_count);
    }
    for (int64_t i = 0; i < inv_count; i++) {
        if ((rc = range(h, t->inv_phi.data[i], t->v_min, t->v_max, "-", "theta_tables.inv_phi[i]")) != SF_OK) return rc;
    }
    int64_t phi_needed = (((int64_t)t->v_max - t->v_min) >> t->phi_shift) + 1;
    if (t->phi.count != phi_needed) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                            "theta_tables.phi has %lld entries, expected ((v_max - v_min) >> phi_shift) + 1 = %lld",
                            (long long)t->phi.count, (long long)phi_needed);
    }
    for (int64_t i = 0; i < t->phi.count; i++) {
        if ((rc = range(h, t->phi.data[i], 0, period - 1, "-", "theta_tables.phi[i]")) != SF_OK) return rc;
    }
    rt->phase_bits = t->phase_bits;
    rt->phase_step = t->phase_step;
    rt->inv_index_bits = t->inv_index_bits;
    rt->phi_shift = t->phi_shift;
    rt->v_min = t->v_min;
    rt->v_max = t->v_max;
    rt->inv_phi = malloc((size_t)inv_count * sizeof(int32_t));
    rt->phi = malloc((size_t)t->phi.count * sizeof(int32_t));
    if (rt->inv_phi == NULL || rt->phi == NULL) return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory");
    memcpy(rt->inv_phi, t->inv_phi.data, (size_t)inv_count * sizeof(int32_t));
    memcpy(rt->phi, t->phi.data, (size_t)t->phi.count * sizeof(int32_t));
    rt->inv_phi_count = inv_count;
    rt->phi_count = t->phi.count;
    return SF_OK;
}

static int build_family(sf_board *h, const sf_layer_cfg *c, sf_layer_rt *l, const sf_network *net) {
    const char *name = l->name;
    int rc;
    int32_t n = l->size;
    switch (h->spec->family) {
        case FAMILY_LOIHI2: {
            const sf_loihi2_params *p = &c->loihi2;
            if ((rc = range(h, p->du, 0, 4095, name, "loihi2.du")) != SF_OK) return rc;
            if ((rc = range(h, p->dv, 0, 4095, name, "loihi2.dv")) != SF_OK) return rc;
            if ((rc = range(h, p->vth, 0, (1 << 17) - 1, name, "loihi2.vth")) != SF_OK) return rc;
            if ((rc = range(h, p->bias_exp, -7, 7, name, "loihi2.bias_exp")) != SF_OK) return rc;
            if ((rc = range(h, p->weight_exp, -8, 7, name, "loihi2.weight_exp")) != SF_OK) return rc;
            if ((rc = range(h, p->num_weight_bits, 0, 8, name, "loihi2.num_weight_bits")) != SF_OK) return rc;
            if ((rc = range(h, p->sign_mode, 0, 4, name, "loihi2.sign_mode (0 auto, 1 NULL, 2 MIXED, 3 EXC, 4 INH)")) != SF_OK)
                return rc;
            if ((rc = per_neuron(h, &p->bias_mant, n, 0, name, "loihi2.bias_mant")) != SF_OK) return rc;
            if ((rc = per_neuron(h, &p->u_init, n, 0, name, "loihi2.u_init")) != SF_OK) return rc;
            if ((rc = per_neuron(h, &p->v_init, n, 0, name, "loihi2.v_init")) != SF_OK) return rc;
            const int64_t m = (int64_t)1 << 23;
            for (int32_t i = 0; i < n; i++) {
                if (p->bias_mant.count && (rc = range(h, p->bias_mant.data[i], -4096, 4095, name, "loihi2.bias_mant[i]")) != SF_OK)
                    return rc;
                if (p->u_init.count && (rc = range(h, p->u_init.data[i], -m + 1, m, name, "loihi2.u_init[i]")) != SF_OK)
                    return rc;
                if (p->v_init.count && (rc = range(h, p->v_init.data[i], -m + 1, m - 1, name, "loihi2.v_init[i]")) != SF_OK)
                    return rc;
            }
            l->du = p->du;
            l->dv = p->dv;
            l->weight_exp = p->weight_exp;
            l->num_weight_bits = p->num_weight_bits == 0 ? 8 : p->num_weight_bits;
            l->sign_mode = p->sign_mode != 0 ? p->sign_mode : sign_mode_of(sf_stored_weights(c));
            l->rec_sign_mode = p->sign_mode != 0 ? p->sign_mode : sign_mode_of(&c->recurrent_weights);
            for (int32_t i = 0; i < n; i++) {
                int64_t mant = p->bias_mant.count ? p->bias_mant.data[i] : 0;
                l->bias[i] = shift_signed(mant, p->bias_exp);
                l->thr[i] = (int64_t)p->vth * 64;
                l->init0[i] = p->u_init.count ? p->u_init.data[i] : 0;
                l->init1[i] = p->v_init.count ? p->v_init.data[i] : 0;
            }
            return SF_OK;
        }
        case FAMILY_XYLO: {
            const sf_xylo_params *p = &c->xylo;
            if ((rc = range(h, p->dash_syn, 0, 15, name, "xylo.dash_syn")) != SF_OK) return rc;
            if ((rc = range(h, p->dash_mem, 0, 15, name, "xylo.dash_mem")) != SF_OK) return rc;
            if ((rc = range(h, p->weight_shift, 0, 8, name, "xylo.weight_shift")) != SF_OK) return rc;
            if ((rc = range(h, p->max_spikes, 0, l->output ? 1 : 31, name,
                            l->output ? "xylo.max_spikes (output layer)" : "xylo.max_spikes")) != SF_OK) return rc;
            if ((rc = per_neuron(h, &p->threshold, n, 1, name, "xylo.threshold")) != SF_OK) return rc;
            if ((rc = per_neuron(h, &p->bias, n, 0, name, "xylo.bias")) != SF_OK) return rc;
            l->dash_syn = p->dash_syn;
            l->dash_mem = p->dash_mem;
            l->weight_shift = p->weight_shift;
            /* 0 (unset) means the family default: 31 for hidden layers, 1 for output layers */
            l->max_spikes = p->max_spikes > 0 ? p->max_spikes : (l->output ? 1 : 31);
            for (int32_t i = 0; i < n; i++) {
                if ((rc = range(h, p->threshold.data[i], 1, 32767, name, "xylo.threshold[i]")) != SF_OK) return rc;
                if (p->bias.count && (rc = range(h, p->bias.data[i], -32768, 32767, name, "xylo.bias[i]")) != SF_OK)
                    return rc;
                l->thr[i] = p->threshold.data[i];
                l->bias[i] = p->bias.count ? p->bias.data[i] : 0;
                l->init0[i] = 0;
                l->init1[i] = 0;
            }
            return SF_OK;
        }
        default: {
            const sf_theta_params *p = &c->theta;
            if ((rc = per_neuron(h, &p->phase_init, n, 0, name, "theta.phase_init")) != SF_OK) return rc;
            int64_t period = (int64_t)1 << net->theta.phase_bits;
            for (int32_t i = 0; i < n; i++) {
                int64_t ph = p->phase_init.count ? p->phase_init.data[i] : 0;
                if ((rc = range(h, ph, 0, period - 1, name, "theta.phase_init[i]")) != SF_OK) return rc;
                l->init0[i] = ph;
                l->init1[i] = 0;
            }
            return SF_OK;
        }
    }
}

static const int expected_kind[] = {SF_NEURON_LOIHI2, SF_NEURON_XYLO, SF_NEURON_THETA};
static const char *const kind_name[] = {"loihi2", "xylo", "theta"};

static int build_layer(sf_board *h, const sf_hwconfig *cfg, int32_t index, sf_network *net) {
    const sf_layer_cfg *c = &cfg->layers[index];
    sf_layer_rt *l = &net->layers[index];
    const int64_t *caps = h->spec->caps;
    int rc;
    if (!str_is_clean(&c->name)) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layers[%d].name must be 1..255 characters without NUL", index);
    }
    l->name = malloc(c->name.length + 1);
    if (l->name == NULL) return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory");
    memcpy(l->name, c->name.data, c->name.length + 1);
    const char *name = l->name;
    if (strcmp(name, "input") == 0) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layers[%d].name must not be \"input\"", index);
    }
    for (int32_t j = 0; j < index; j++) {
        if (strcmp(net->layers[j].name, name) == 0) {
            return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layers[%d].name '%s' is used twice", index, name);
        }
    }
    if ((rc = range(h, c->size, 1, 65536, name, "size")) != SF_OK) return rc;
    l->size = c->size;
    if (str_eq(&c->source, "input")) {
        l->source = -1;
    } else {
        l->source = -2;
        for (int32_t j = 0; j < index; j++) {
            if (c->source.data != NULL && strlen(c->source.data) == c->source.length &&
                strcmp(net->layers[j].name, c->source.data) == 0) {
                l->source = j;
            }
        }
        if (l->source == -2) {
            return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': source is neither \"input\" nor an earlier layer",
                                name);
        }
    }
    int32_t source_size = l->source < 0 ? net->num_inputs : net->layers[l->source].size;
    if (c->fan_in != source_size) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': fan_in %d differs from the source size %d", name,
                            c->fan_in, source_size);
    }
    if (c->fan_in > caps[SF_CAP_MAX_FAN_IN]) {
        return sf_set_error(h, SF_ERR_CAPACITY, "layer '%s': fan_in %d exceeds the board limit %lld", name, c->fan_in,
                            (long long)caps[SF_CAP_MAX_FAN_IN]);
    }
    l->fan_in = c->fan_in;
    int64_t nw = (int64_t)l->size * l->fan_in;
    if (c->conn_kind != SF_CONN_DENSE) {
        if (h->spec->family == FAMILY_XYLO) {
            return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                                "layer '%s': %s is set, but xylo has dense synapses only (the xylo lowering expands conv and pool layers to dense weights)",
                                name, sf_connectivity_name(c->conn_kind));
        }
        if ((rc = sf_check_connectivity(h, c, name)) != SF_OK) return rc;
    } else if (c->weights.count != nw) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': weights has %lld entries, expected size*fan_in = %lld",
                            name, (long long)c->weights.count, (long long)nw);
    }
    int64_t nr = (int64_t)l->size * l->size;
    if (c->recurrent_weights.count != 0 && c->recurrent_weights.count != nr) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                            "layer '%s': recurrent_weights has %lld entries, expected 0 or size*size = %lld", name,
                            (long long)c->recurrent_weights.count, (long long)nr);
    }
    if (c->recurrent_weights.count != 0 && l->size > caps[SF_CAP_MAX_FAN_IN]) {
        return sf_set_error(h, SF_ERR_CAPACITY, "layer '%s': recurrent fan-in %d exceeds the board limit %lld", name,
                            l->size, (long long)caps[SF_CAP_MAX_FAN_IN]);
    }
    l->has_recurrent = c->recurrent_weights.count != 0;
    if ((rc = range(h, c->input_delay, 0, 64, name, "input_delay")) != SF_OK) return rc;
    l->delay = c->input_delay;
    l->output = c->output;
    if (c->neuron_kind != expected_kind[h->spec->family]) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': neuron parameters must be the %s message", name,
                            kind_name[h->spec->family]);
    }
    size_t n = (size_t)l->size;
    l->w = alloc_zero((size_t)nw, sizeof(int32_t));
    l->w_dev = alloc_zero((size_t)nw, sizeof(int32_t));
    l->wg = alloc_zero((size_t)nw, sizeof(double));
    l->wt_dev = alloc_zero((size_t)nw, sizeof(int32_t));
    if (l->has_recurrent) {
        l->wr = alloc_zero((size_t)nr, sizeof(int32_t));
        l->wr_dev = alloc_zero((size_t)nr, sizeof(int32_t));
        l->wrg = alloc_zero((size_t)nr, sizeof(double));
        l->wrt_dev = alloc_zero((size_t)nr, sizeof(int32_t));
    }
    l->bias = alloc_zero(n, sizeof(int64_t));
    l->thr = alloc_zero(n, sizeof(int64_t));
    l->thr_dev = alloc_zero(n, sizeof(int64_t));
    l->init0 = alloc_zero(n, sizeof(int64_t));
    l->init1 = alloc_zero(n, sizeof(int64_t));
    l->state0 = alloc_zero(n, sizeof(int64_t));
    l->state1 = alloc_zero(n, sizeof(int64_t));
    l->ring = alloc_zero((size_t)net->depth * n, 1);
    l->pending = alloc_zero(n, 1);
    l->acc = alloc_zero(n, sizeof(int64_t));
    l->acc_rec = alloc_zero(n, sizeof(int64_t));
    if (l->acc_rec == NULL || l->w == NULL || l->w_dev == NULL || l->wg == NULL || l->wt_dev == NULL ||
        (l->has_recurrent && (l->wr == NULL || l->wr_dev == NULL || l->wrg == NULL || l->wrt_dev == NULL)) ||
        l->bias == NULL || l->thr == NULL || l->thr_dev == NULL || l->init0 == NULL || l->init1 == NULL ||
        l->state0 == NULL || l->state1 == NULL || l->ring == NULL || l->pending == NULL || l->acc == NULL) {
        return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory building layer '%s'", name);
    }
    if ((rc = build_family(h, c, l, net)) != SF_OK) return rc;
    int32_t lo, hi;
    if (c->conn_kind != SF_CONN_DENSE) {
        /* the stored kernel (or pool weight) is range-checked by its own name; the expansion adds only zeros,
         * which every family's range holds, and is then programmed in place like a dense matrix */
        const sf_ivec *stored = sf_stored_weights(c);
        const char *kind = sf_connectivity_name(c->conn_kind);
        for (int64_t k = 0; k < stored->count; k++) {
            int32_t ignored;
            if (sf_program_weight(h, l, SF_WEIGHTS_FEEDFORWARD, stored->data[k], &ignored, &lo, &hi) != SF_OK) {
                if (c->conn_kind == SF_CONN_SUM_POOL2D) {
                    return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': sum_pool2d.weight = %d outside [%d, %d]",
                                        name, stored->data[k], lo, hi);
                }
                return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': %s.kernel[%lld] = %d outside [%d, %d]", name,
                                    kind, (long long)k, stored->data[k], lo, hi);
            }
        }
        sf_expand_connectivity(c, l->w);
        for (int64_t k = 0; k < nw; k++) {
            if (sf_program_weight(h, l, SF_WEIGHTS_FEEDFORWARD, l->w[k], &l->w[k], &lo, &hi) != SF_OK) {
                return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': expanded synapse %lld outside [%d, %d]", name,
                                    (long long)k, lo, hi);
            }
        }
    }
    for (int64_t k = 0; c->conn_kind == SF_CONN_DENSE && k < nw; k++) {
        if (sf_program_weight(h, l, SF_WEIGHTS_FEEDFORWARD, c->weights.data[k], &l->w[k], &lo, &hi) != SF_OK) {
            return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': weights[%lld] = %d outside [%d, %d]", name,
                                (long long)k, c->weights.data[k], lo, hi);
        }
    }
    for (int64_t k = 0; l->has_recurrent && k < nr; k++) {
        if (sf_program_weight(h, l, SF_WEIGHTS_RECURRENT, c->recurrent_weights.data[k], &l->wr[k], &lo, &hi) != SF_OK) {
            return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': recurrent_weights[%lld] = %d outside [%d, %d]",
                                name, (long long)k, c->recurrent_weights.data[k], lo, hi);
        }
    }
    return SF_OK;
}

int sf_network_build(sf_board *h, const sf_hwconfig *cfg, sf_network **out) {
    const int64_t *caps = h->spec->caps;
    int rc;
    *out = NULL;
    if (!str_eq(&cfg->target, h->spec->family_name)) {
        return sf_set_error(h, SF_ERR_TARGET_MISMATCH, "config target '%.64s' does not match board family '%s'",
                            cfg->target.data == NULL ? "" : cfg->target.data, h->spec->family_name);
    }
    if (cfg->format_version.length != 0 && !str_eq(&cfg->format_version, "1")) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "format_version '%.32s' is not supported (expected \"1\")",
                            cfg->format_version.data);
    }
    if (cfg->num_inputs < 0 || cfg->num_inputs > 65536) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "num_inputs = %d outside [0, 65536]", cfg->num_inputs);
    }
    if (cfg->num_inputs > caps[SF_CAP_MAX_INPUTS]) {
        return sf_set_error(h, SF_ERR_CAPACITY, "num_inputs = %d exceeds the board limit %lld", cfg->num_inputs,
                            (long long)caps[SF_CAP_MAX_INPUTS]);
    }
    if (cfg->layer_count < 1 || cfg->layer_count > caps[SF_CAP_MAX_LAYERS]) {
        return sf_set_error(h, cfg->layer_count < 1 ? SF_ERR_INVALID_CONFIG : SF_ERR_CAPACITY,
                            "config has %d layers, the board takes 1..%lld", cfg->layer_count,
                            (long long)caps[SF_CAP_MAX_LAYERS]);
    }
    int64_t neurons = 0, outputs = 0;
    int32_t max_delay = 0;
    for (int32_t i = 0; i < cfg->layer_count; i++) {
        const sf_layer_cfg *c = &cfg->layers[i];
        if (c->size > 0) neurons += c->size;
        if (c->size > 0 && c->output) outputs += c->size;
        if (c->input_delay > max_delay) max_delay = c->input_delay;
    }
    if (neurons > caps[SF_CAP_MAX_NEURONS] ||
        (h->spec->family == FAMILY_XYLO && neurons - outputs > caps[SF_CAP_MAX_NEURONS] - caps[SF_CAP_MAX_OUTPUTS])) {
        return sf_set_error(h, SF_ERR_CAPACITY, "config has %lld neurons (%lld output), the board takes %lld (at most %lld output)",
                            (long long)neurons, (long long)outputs, (long long)caps[SF_CAP_MAX_NEURONS],
                            (long long)caps[SF_CAP_MAX_OUTPUTS]);
    }
    if (outputs > caps[SF_CAP_MAX_OUTPUTS]) {
        return sf_set_error(h, SF_ERR_CAPACITY, "config has %lld output neurons, the board limit is %lld",
                            (long long)outputs, (long long)caps[SF_CAP_MAX_OUTPUTS]);
    }
    if (max_delay > caps[SF_CAP_MAX_INPUT_DELAY]) {
        return sf_set_error(h, SF_ERR_CAPACITY, "input_delay %d exceeds the board limit %lld", max_delay,
                            (long long)caps[SF_CAP_MAX_INPUT_DELAY]);
    }
    sf_network *net = calloc(1, sizeof *net);
    if (net == NULL) return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory");
    net->num_inputs = cfg->num_inputs;
    net->depth = max_delay + 2;
    net->layers = calloc((size_t)cfg->layer_count, sizeof(sf_layer_rt));
    net->input_ring = alloc_zero((size_t)net->depth * (size_t)net->num_inputs, 1);
    if (net->layers == NULL || net->input_ring == NULL) {
        sf_network_free(net);
        return sf_set_error(h, SF_ERR_OUT_OF_MEMORY, "out of memory");
    }
    if (h->spec->family == FAMILY_THETA && (rc = build_theta_tables(h, &cfg->theta, &net->theta)) != SF_OK) {
        sf_network_free(net);
        return rc;
    }
    for (int32_t i = 0; i < cfg->layer_count; i++) {
        net->layer_count = i + 1; /* so that a failure frees what was built */
        if ((rc = build_layer(h, cfg, i, net)) != SF_OK) {
            sf_network_free(net);
            return rc;
        }
    }
    sf_network_reset_state(net);
    *out = net;
    return SF_OK;
}
