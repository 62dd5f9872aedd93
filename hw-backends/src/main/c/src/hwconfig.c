/*
 * A hand-written protobuf wire-format decoder for spikeforge.v1.HardwareConfig (hardware.proto).
 * It understands varints (int32, int64, bool), zigzag sint32, fixed64 (double), length-delimited
 * strings and submessages, packed and unpacked repeated scalars, and skips unknown fields. Anything
 * that is not well-formed wire format is rejected with SF_ERR_MALFORMED and a message naming the
 * byte offset and the field. Semantic checks (sizes, ranges) live in validate.c.
 */
#include "hwconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spikeforge_board.h"

enum { WT_VARINT = 0, WT_I64 = 1, WT_LEN = 2, WT_SGROUP = 3, WT_EGROUP = 4, WT_I32 = 5 };

typedef struct {
    const uint8_t *buf; /* whole message, for absolute offsets in errors */
    size_t pos;
    size_t end;
    char *err;
    size_t err_cap;
} reader;

static int fail(reader *r, int code, const char *fmt, ...) {
    if (r->err != NULL && r->err_cap > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err, r->err_cap, fmt, ap);
        va_end(ap);
    }
    return code;
}

static int read_varint(reader *r, uint64_t *out, const char *field) {
    uint64_t value = 0;
    size_t start = r->pos;
    for (int i = 0; i < 10; i++) {
        if (r->pos >= r->end) {
            return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: truncated varint at byte %zu (%s)",
                        start, field);
        }
        uint8_t b = r->buf[r->pos++];
        if (i == 9 && b > 1) {
            return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: varint longer than 64 bits at byte %zu (%s)",
                        start, field);
        }
        value |= (uint64_t)(b & 0x7F) << (7 * i);
        if ((b & 0x80) == 0) {
            *out = value;
            return SF_OK;
        }
    }
    return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: varint longer than 10 bytes at byte %zu (%s)",
                start, field);
}

static int read_tag(reader *r, uint32_t *field, int *wire_type) {
    uint64_t tag;
    size_t start = r->pos;
    int rc = read_varint(r, &tag, "field tag");
    if (rc != SF_OK) return rc;
    if (tag > 0xFFFFFFFFu || (tag >> 3) == 0) {
        return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: invalid field number in tag at byte %zu", start);
    }
    *field = (uint32_t)(tag >> 3);
    *wire_type = (int)(tag & 7);
    return SF_OK;
}

/* Reads a length prefix and returns a sub-reader over the payload; advances r past it. */
static int read_len(reader *r, reader *sub, const char *field) {
    uint64_t len;
    size_t start = r->pos;
    int rc = read_varint(r, &len, field);
    if (rc != SF_OK) return rc;
    if (len > (uint64_t)(r->end - r->pos)) {
        return fail(r, SF_ERR_MALFORMED,
                    "malformed HardwareConfig: length %llu at byte %zu runs past the end of its message (%s)",
                    (unsigned long long)len, start, field);
    }
    *sub = *r;
    sub->end = r->pos + (size_t)len;
    r->pos += (size_t)len;
    return SF_OK;
}

static int skip_field(reader *r, int wire_type, uint32_t field) {
    uint64_t ignored;
    reader sub;
    char name[48];
    snprintf(name, sizeof name, "unknown field %u", field);
    switch (wire_type) {
        case WT_VARINT:
            return read_varint(r, &ignored, name);
        case WT_I64:
        case WT_I32: {
            size_t n = wire_type == WT_I64 ? 8 : 4;
            if ((size_t)(r->end - r->pos) < n) {
                return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: truncated fixed-width value at byte %zu (%s)",
                            r->pos, name);
            }
            r->pos += n;
            return SF_OK;
        }
        case WT_LEN:
            return read_len(r, &sub, name);
        default:
            return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: unsupported wire type %d at byte %zu (%s)",
                        wire_type, r->pos, name);
    }
}

static int wrong_type(reader *r, const char *field, int wire_type) {
    return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: wrong wire type %d for %s before byte %zu",
                wire_type, field, r->pos);
}

static int expect(reader *r, int wire_type, int wanted, const char *field) {
    return wire_type == wanted ? SF_OK : wrong_type(r, field, wire_type);
}

static int read_int32(reader *r, int wire_type, int32_t *out, const char *field) {
    uint64_t v;
    int rc = expect(r, wire_type, WT_VARINT, field);
    if (rc == SF_OK) rc = read_varint(r, &v, field);
    if (rc == SF_OK) *out = (int32_t)(uint32_t)v; /* protobuf int32: low 32 bits */
    return rc;
}

static int32_t zigzag32(uint64_t v) {
    uint32_t u = (uint32_t)v;
    return (int32_t)((u >> 1) ^ (~(u & 1) + 1));
}

static int read_sint32(reader *r, int wire_type, int32_t *out, const char *field) {
    uint64_t v;
    int rc = expect(r, wire_type, WT_VARINT, field);
    if (rc == SF_OK) rc = read_varint(r, &v, field);
    if (rc == SF_OK) *out = zigzag32(v);
    return rc;
}

static int read_int64(reader *r, int wire_type, int64_t *out, const char *field) {
    uint64_t v;
    int rc = expect(r, wire_type, WT_VARINT, field);
    if (rc == SF_OK) rc = read_varint(r, &v, field);
    if (rc == SF_OK) *out = (int64_t)v;
    return rc;
}

static int read_bool(reader *r, int wire_type, int *out, const char *field) {
    uint64_t v;
    int rc = expect(r, wire_type, WT_VARINT, field);
    if (rc == SF_OK) rc = read_varint(r, &v, field);
    if (rc == SF_OK) *out = v != 0;
    return rc;
}

static int skip_double(reader *r, int wire_type, const char *field) {
    int rc = expect(r, wire_type, WT_I64, field);
    if (rc != SF_OK) return rc;
    return skip_field(r, WT_I64, 0);
}

static int read_string(reader *r, int wire_type, sf_str *out, const char *field) {
    reader sub;
    int rc = expect(r, wire_type, WT_LEN, field);
    if (rc == SF_OK) rc = read_len(r, &sub, field);
    if (rc != SF_OK) return rc;
    size_t n = sub.end - sub.pos;
    char *copy = malloc(n + 1);
    if (copy == NULL) return fail(r, SF_ERR_OUT_OF_MEMORY, "out of memory reading %s", field);
    memcpy(copy, sub.buf + sub.pos, n);
    copy[n] = '\0';
    free(out->data); /* last one wins */
    out->data = copy;
    out->length = n;
    return SF_OK;
}

static int ivec_push(reader *r, sf_ivec *v, int32_t value) {
    if (v->count == v->capacity) {
        int64_t cap = v->capacity == 0 ? 16 : v->capacity * 2;
        int32_t *grown = realloc(v->data, (size_t)cap * sizeof(int32_t));
        if (grown == NULL) return fail(r, SF_ERR_OUT_OF_MEMORY, "out of memory growing a repeated field");
        v->data = grown;
        v->capacity = cap;
    }
    v->data[v->count++] = value;
    return SF_OK;
}

/* Repeated int32/sint32: packed (one LEN record) or unpacked (one varint per record). */
static int read_repeated(reader *r, int wire_type, sf_ivec *v, int zigzag, const char *field) {
    uint64_t raw;
    int rc;
    if (wire_type == WT_VARINT) {
        rc = read_varint(r, &raw, field);
        if (rc != SF_OK) return rc;
        return ivec_push(r, v, zigzag ? zigzag32(raw) : (int32_t)(uint32_t)raw);
    }
    if (wire_type != WT_LEN) return wrong_type(r, field, wire_type);
    reader sub;
    rc = read_len(r, &sub, field);
    while (rc == SF_OK && sub.pos < sub.end) {
        rc = read_varint(&sub, &raw, field);
        if (rc == SF_OK) rc = ivec_push(&sub, v, zigzag ? zigzag32(raw) : (int32_t)(uint32_t)raw);
    }
    return rc;
}

/* Walks a submessage whose content we do not use (cores, metadata entries): it must still be
 * well-formed wire format. */
static int check_message(reader *r) {
    while (r->pos < r->end) {
        uint32_t field;
        int wt;
        int rc = read_tag(r, &field, &wt);
        if (rc == SF_OK) rc = skip_field(r, wt, field);
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

static void ivec_free(sf_ivec *v) {
    free(v->data);
    memset(v, 0, sizeof *v);
}

static void clear_neuron(sf_layer_cfg *l) {
    ivec_free(&l->loihi2.bias_mant);
    ivec_free(&l->loihi2.u_init);
    ivec_free(&l->loihi2.v_init);
    ivec_free(&l->xylo.threshold);
    ivec_free(&l->xylo.bias);
    ivec_free(&l->theta.phase_init);
    memset(&l->loihi2, 0, sizeof l->loihi2);
    memset(&l->xylo, 0, sizeof l->xylo);
    memset(&l->theta, 0, sizeof l->theta);
}

static int parse_loihi2(reader *r, sf_loihi2_params *p) {
    while (r->pos < r->end) {
        uint32_t f;
        int wt, rc = read_tag(r, &f, &wt);
        if (rc != SF_OK) return rc;
        switch (f) {
            case 1: rc = read_int32(r, wt, &p->du, "loihi2.du"); break;
            case 2: rc = read_int32(r, wt, &p->dv, "loihi2.dv"); break;
            case 3: rc = read_int32(r, wt, &p->vth, "loihi2.vth"); break;
            case 4: rc = read_repeated(r, wt, &p->bias_mant, 1, "loihi2.bias_mant"); break;
            case 5: rc = read_int32(r, wt, &p->bias_exp, "loihi2.bias_exp"); break;
            case 6: rc = read_repeated(r, wt, &p->u_init, 1, "loihi2.u_init"); break;
            case 7: rc = read_repeated(r, wt, &p->v_init, 1, "loihi2.v_init"); break;
            case 8: rc = read_int32(r, wt, &p->weight_exp, "loihi2.weight_exp"); break;
            case 9: rc = read_int32(r, wt, &p->num_weight_bits, "loihi2.num_weight_bits"); break;
            case 10: rc = read_int32(r, wt, &p->sign_mode, "loihi2.sign_mode"); break;
            default: rc = skip_field(r, wt, f); break;
        }
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

static int parse_xylo(reader *r, sf_xylo_params *p) {
    while (r->pos < r->end) {
        uint32_t f;
        int wt, rc = read_tag(r, &f, &wt);
        if (rc != SF_OK) return rc;
        switch (f) {
            case 1: rc = read_int32(r, wt, &p->dash_syn, "xylo.dash_syn"); break;
            case 2: rc = read_int32(r, wt, &p->dash_mem, "xylo.dash_mem"); break;
            case 3: rc = read_repeated(r, wt, &p->threshold, 1, "xylo.threshold"); break;
            case 4: rc = read_repeated(r, wt, &p->bias, 1, "xylo.bias"); break;
            case 5: rc = read_int32(r, wt, &p->max_spikes, "xylo.max_spikes"); break;
            case 6: rc = read_int32(r, wt, &p->weight_shift, "xylo.weight_shift"); break;
            default: rc = skip_field(r, wt, f); break;
        }
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

static int parse_theta_phase(reader *r, sf_theta_params *p) {
    while (r->pos < r->end) {
        uint32_t f;
        int wt, rc = read_tag(r, &f, &wt);
        if (rc != SF_OK) return rc;
        if (f == 1) {
            rc = read_repeated(r, wt, &p->phase_init, 0, "theta.phase_init");
        } else {
            rc = skip_field(r, wt, f);
        }
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

static int parse_theta_tables(reader *r, sf_theta_tables *t) {
    t->present = 1;
    while (r->pos < r->end) {
        uint32_t f;
        int wt, rc = read_tag(r, &f, &wt);
        if (rc != SF_OK) return rc;
        switch (f) {
            case 1: rc = read_int32(r, wt, &t->phase_bits, "theta_tables.phase_bits"); break;
            case 2: rc = read_int32(r, wt, &t->phase_step, "theta_tables.phase_step"); break;
            case 3: rc = read_int32(r, wt, &t->inv_index_bits, "theta_tables.inv_index_bits"); break;
            case 4: rc = read_repeated(r, wt, &t->inv_phi, 1, "theta_tables.inv_phi"); break;
            case 5: rc = read_int32(r, wt, &t->v_frac_bits, "theta_tables.v_frac_bits"); break;
            case 6: rc = read_sint32(r, wt, &t->v_min, "theta_tables.v_min"); break;
            case 7: rc = read_sint32(r, wt, &t->v_max, "theta_tables.v_max"); break;
            case 8: rc = read_int32(r, wt, &t->phi_shift, "theta_tables.phi_shift"); break;
            case 9: rc = read_repeated(r, wt, &t->phi, 0, "theta_tables.phi"); break;
            default: rc = skip_field(r, wt, f); break;
        }
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

static int parse_neuron(reader *r, int wt, sf_layer_cfg *l, int kind, const char *field) {
    reader sub;
    int rc = expect(r, wt, WT_LEN, field);
    if (rc == SF_OK) rc = read_len(r, &sub, field);
    if (rc != SF_OK) return rc;
    if (l->neuron_kind != kind) { /* a different oneof member replaces the previous one */
        clear_neuron(l);
        l->neuron_kind = kind;
    }
    switch (kind) {
        case SF_NEURON_LOIHI2: return parse_loihi2(&sub, &l->loihi2);
        case SF_NEURON_XYLO: return parse_xylo(&sub, &l->xylo);
        default: return parse_theta_phase(&sub, &l->theta);
    }
}

static int parse_layer(reader *r, sf_layer_cfg *l) {
    while (r->pos < r->end) {
        uint32_t f;
        int wt, rc = read_tag(r, &f, &wt);
        if (rc != SF_OK) return rc;
        switch (f) {
            case 1: rc = read_string(r, wt, &l->name, "layers.name"); break;
            case 2: rc = read_int32(r, wt, &l->size, "layers.size"); break;
            case 3: rc = read_string(r, wt, &l->source, "layers.source"); break;
            case 4: rc = read_int32(r, wt, &l->fan_in, "layers.fan_in"); break;
            case 5: rc = read_repeated(r, wt, &l->weights, 1, "layers.weights"); break;
            case 6: rc = read_repeated(r, wt, &l->recurrent_weights, 1, "layers.recurrent_weights"); break;
            case 7: rc = read_bool(r, wt, &l->output, "layers.output"); break;
            case 8: rc = read_int32(r, wt, &l->input_delay, "layers.input_delay"); break;
            case 10: rc = parse_neuron(r, wt, l, SF_NEURON_LOIHI2, "layers.loihi2"); break;
            case 11: rc = parse_neuron(r, wt, l, SF_NEURON_XYLO, "layers.xylo"); break;
            case 12: rc = parse_neuron(r, wt, l, SF_NEURON_THETA, "layers.theta"); break;
            default: rc = skip_field(r, wt, f); break;
        }
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

static int add_layer(reader *r, sf_hwconfig *cfg, sf_layer_cfg **out) {
    if (cfg->layer_count == cfg->layer_capacity) {
        if (cfg->layer_capacity >= (1 << 20)) {
            return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: more than %d layers", 1 << 20);
        }
        int32_t cap = cfg->layer_capacity == 0 ? 4 : cfg->layer_capacity * 2;
        sf_layer_cfg *grown = realloc(cfg->layers, (size_t)cap * sizeof(sf_layer_cfg));
        if (grown == NULL) return fail(r, SF_ERR_OUT_OF_MEMORY, "out of memory adding a layer");
        cfg->layers = grown;
        cfg->layer_capacity = cap;
    }
    *out = &cfg->layers[cfg->layer_count++];
    memset(*out, 0, sizeof **out);
    return SF_OK;
}

int sf_hwconfig_decode(const uint8_t *bytes, size_t length, sf_hwconfig *cfg, char *err, size_t err_cap) {
    reader r = {bytes, 0, length, err, err_cap};
    if (bytes == NULL && length > 0) return fail(&r, SF_ERR_MALFORMED, "malformed HardwareConfig: NULL bytes");
    while (r.pos < r.end) {
        uint32_t f;
        int wt, rc = read_tag(&r, &f, &wt);
        if (rc != SF_OK) return rc;
        reader sub;
        sf_layer_cfg *layer = NULL;
        switch (f) {
            case 1: rc = read_string(&r, wt, &cfg->target, "target"); break;
            case 2: rc = read_string(&r, wt, &cfg->format_version, "format_version"); break;
            case 3: rc = read_string(&r, wt, &cfg->network_name, "network_name"); break;
            case 4: rc = read_int32(&r, wt, &cfg->num_inputs, "num_inputs"); break;
            case 5: rc = skip_double(&r, wt, "dt"); break;
            case 6: rc = read_int64(&r, wt, &cfg->num_steps, "num_steps"); break;
            case 7:
                rc = expect(&r, wt, WT_LEN, "layers");
                if (rc == SF_OK) rc = read_len(&r, &sub, "layers");
                if (rc == SF_OK) rc = add_layer(&r, cfg, &layer);
                if (rc == SF_OK) rc = parse_layer(&sub, layer);
                break;
            case 8:
            case 10:
                rc = expect(&r, wt, WT_LEN, f == 8 ? "cores" : "metadata");
                if (rc == SF_OK) rc = read_len(&r, &sub, f == 8 ? "cores" : "metadata");
                if (rc == SF_OK) rc = check_message(&sub);
                break;
            case 9:
                rc = expect(&r, wt, WT_LEN, "theta_tables");
                if (rc == SF_OK) rc = read_len(&r, &sub, "theta_tables");
                if (rc == SF_OK) rc = parse_theta_tables(&sub, &cfg->theta);
                break;
            default: rc = skip_field(&r, wt, f); break;
        }
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

void sf_hwconfig_free(sf_hwconfig *cfg) {
    if (cfg == NULL) return;
    free(cfg->target.data);
    free(cfg->format_version.data);
    free(cfg->network_name.data);
    for (int32_t i = 0; i < cfg->layer_count; i++) {
        sf_layer_cfg *l = &cfg->layers[i];
        free(l->name.data);
        free(l->source.data);
        ivec_free(&l->weights);
        ivec_free(&l->recurrent_weights);
        clear_neuron(l);
    }
    free(cfg->layers);
    ivec_free(&cfg->theta.inv_phi);
    ivec_free(&cfg->theta.phi);
    memset(cfg, 0, sizeof *cfg);
}
