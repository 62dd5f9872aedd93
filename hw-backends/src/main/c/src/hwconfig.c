/*
 * Decoding of spikeforge.v1.HardwareConfig (hardware.proto). The decoder itself is generated at build
 * time by protoc-c from the same .proto file the Java side compiles (target/generated-c/, never
 * committed), so a renumbered or added field is picked up by the generator, not by hand-written code.
 *
 * Before protobuf-c unpacks the bytes, a pass driven by the generated descriptors walks the wire
 * format and refuses what is not well-formed (SF_ERR_MALFORMED) with one line naming the byte offset
 * and the field ("layers.name", "loihi2.du", ...), because protobuf-c only answers NULL. The same pass
 * refuses a NUL byte inside a string field (SF_ERR_INVALID_CONFIG): C strings cannot carry it.
 * The unpacked message is then viewed as an sf_hwconfig (hwconfig.h) that aliases its arrays; every
 * field the board reads is named here once, and HwConfigFieldCoverageTest fails the build when a field
 * of hardware.proto is neither read here nor listed there as ignored on purpose.
 */
#include "hwconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spikeforge/hardware.pb-c.h"
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

/* The wire type a field of this type uses when it is not packed. */
static int wire_type_of(ProtobufCType type) {
    switch (type) {
        case PROTOBUF_C_TYPE_SFIXED32:
        case PROTOBUF_C_TYPE_FIXED32:
        case PROTOBUF_C_TYPE_FLOAT: return WT_I32;
        case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_FIXED64:
        case PROTOBUF_C_TYPE_DOUBLE: return WT_I64;
        case PROTOBUF_C_TYPE_STRING:
        case PROTOBUF_C_TYPE_BYTES:
        case PROTOBUF_C_TYPE_MESSAGE: return WT_LEN;
        default: return WT_VARINT; /* int32/64, sint32/64, uint32/64, bool, enum */
    }
}

static int walk_message(reader *r, const ProtobufCMessageDescriptor *d, const char *prefix, int depth);

/* One record of a known field: its wire type must fit the declared type (repeated scalars may be
 * packed), and its payload must be well-formed. */
static int walk_field(reader *r, const ProtobufCFieldDescriptor *f, int wt, const char *name, int depth) {
    int natural = wire_type_of(f->type);
    reader sub;
    int rc;
    if (wt == WT_LEN && natural != WT_LEN && f->label == PROTOBUF_C_LABEL_REPEATED) { /* packed */
        rc = read_len(r, &sub, name);
        while (rc == SF_OK && sub.pos < sub.end) {
            if (natural == WT_VARINT) {
                uint64_t ignored;
                rc = read_varint(&sub, &ignored, name);
            } else {
                size_t n = natural == WT_I64 ? 8 : 4;
                if ((size_t)(sub.end - sub.pos) < n) {
                    return fail(r, SF_ERR_MALFORMED,
                                "malformed HardwareConfig: truncated fixed-width value at byte %zu (%s)", sub.pos, name);
                }
                sub.pos += n;
            }
        }
        return rc;
    }
    if (wt != natural) return wrong_type(r, name, wt);
    if (natural == WT_VARINT) {
        uint64_t ignored;
        return read_varint(r, &ignored, name);
    }
    if (natural != WT_LEN) {
        size_t n = natural == WT_I64 ? 8 : 4;
        if ((size_t)(r->end - r->pos) < n) {
            return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: truncated fixed-width value at byte %zu (%s)",
                        r->pos, name);
        }
        r->pos += n;
        return SF_OK;
    }
    size_t start = r->pos;
    rc = read_len(r, &sub, name);
    if (rc != SF_OK) return rc;
    if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
        return walk_message(&sub, (const ProtobufCMessageDescriptor *)f->descriptor, f->name, depth + 1);
    }
    if (f->type == PROTOBUF_C_TYPE_STRING && memchr(sub.buf + sub.pos, '\0', sub.end - sub.pos) != NULL) {
        return fail(r, SF_ERR_INVALID_CONFIG, "%s must not contain a NUL byte (string at byte %zu)", name, start);
    }
    return SF_OK;
}

/* Walks every record of a message of type d. Field names in messages are "prefix.field", where prefix
 * is the name of the field that holds the message (none at the top). */
static int walk_message(reader *r, const ProtobufCMessageDescriptor *d, const char *prefix, int depth) {
    if (depth > 16) return fail(r, SF_ERR_MALFORMED, "malformed HardwareConfig: messages nested too deep (%s)", prefix);
    while (r->pos < r->end) {
        uint32_t id = 0;
        int wt = 0, rc = read_tag(r, &id, &wt);
        if (rc != SF_OK) return rc;
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(d, id);
        if (f == NULL) {
            rc = skip_field(r, wt, id);
        } else {
            char name[96];
            if (prefix == NULL) {
                snprintf(name, sizeof name, "%s", f->name);
            } else {
                snprintf(name, sizeof name, "%s.%s", prefix, f->name);
            }
            rc = walk_field(r, f, wt, name, depth);
        }
        if (rc != SF_OK) return rc;
    }
    return SF_OK;
}

static sf_ivec ivec(size_t n, int32_t *data) {
    sf_ivec v = {data, (int64_t)n, (int64_t)n};
    return v;
}

static sf_str str(char *s) {
    sf_str v = {s, s == NULL ? 0 : strlen(s)}; /* NUL bytes inside were refused by the walk */
    return v;
}

/* The fields of one layer that the board reads; the arrays alias the unpacked message. */
static void view_layer(const Spikeforge__V1__HwLayer *m, sf_layer_cfg *l) {
    l->name = str(m->name);
    l->source = str(m->source);
    l->size = m->size;
    l->fan_in = m->fan_in;
    l->input_delay = m->input_delay;
    l->output = m->output != 0;
    l->weights = ivec(m->n_weights, m->weights);
    l->recurrent_weights = ivec(m->n_recurrent_weights, m->recurrent_weights);
    switch (m->neuron_case) {
        case SPIKEFORGE__V1__HW_LAYER__NEURON_LOIHI2: {
            const Spikeforge__V1__Loihi2Lif *p = m->loihi2;
            l->neuron_kind = SF_NEURON_LOIHI2;
            l->loihi2.du = p->du;
            l->loihi2.dv = p->dv;
            l->loihi2.vth = p->vth;
            l->loihi2.bias_exp = p->bias_exp;
            l->loihi2.weight_exp = p->weight_exp;
            l->loihi2.num_weight_bits = p->num_weight_bits;
            l->loihi2.sign_mode = p->sign_mode;
            l->loihi2.bias_mant = ivec(p->n_bias_mant, p->bias_mant);
            l->loihi2.u_init = ivec(p->n_u_init, p->u_init);
            l->loihi2.v_init = ivec(p->n_v_init, p->v_init);
            break;
        }
        case SPIKEFORGE__V1__HW_LAYER__NEURON_XYLO: {
            const Spikeforge__V1__XyloIaf *p = m->xylo;
            l->neuron_kind = SF_NEURON_XYLO;
            l->xylo.dash_syn = p->dash_syn;
            l->xylo.dash_mem = p->dash_mem;
            l->xylo.max_spikes = p->max_spikes;
            l->xylo.weight_shift = p->weight_shift;
            l->xylo.threshold = ivec(p->n_threshold, p->threshold);
            l->xylo.bias = ivec(p->n_bias, p->bias);
            break;
        }
        case SPIKEFORGE__V1__HW_LAYER__NEURON_THETA:
            l->neuron_kind = SF_NEURON_THETA;
            l->theta.phase_init = ivec(m->theta->n_phase_init, m->theta->phase_init);
            break;
        default:
            l->neuron_kind = SF_NEURON_NONE;
            break;
    }
}

static void view_shape(const Spikeforge__V1__HwMapShape *m, int32_t *c, int32_t *h, int32_t *w) {
    *c = m == NULL ? 0 : m->channels;
    *h = m == NULL ? 0 : m->height;
    *w = m == NULL ? 0 : m->width;
}

/* The connectivity oneof: conv2d (shared kernel) or sum_pool2d (one weight); dense when neither is set. */
static void view_connectivity(const Spikeforge__V1__HwLayer *m, sf_layer_cfg *l) {
    sf_conv_cfg *v = &l->conv;
    if (m->connectivity_case == SPIKEFORGE__V1__HW_LAYER__CONNECTIVITY_CONV2D) {
        const Spikeforge__V1__HwConv2d *c = m->conv2d;
        l->conn_kind = SF_CONN_CONV2D;
        view_shape(c->in_shape, &v->in_c, &v->in_h, &v->in_w);
        view_shape(c->out_shape, &v->out_c, &v->out_h, &v->out_w);
        v->kernel_h = c->kernel_h;
        v->kernel_w = c->kernel_w;
        v->stride_h = c->stride_h;
        v->stride_w = c->stride_w;
        v->pad_h = c->pad_h;
        v->pad_w = c->pad_w;
        v->kernel = ivec(c->n_kernel, c->kernel);
    } else if (m->connectivity_case == SPIKEFORGE__V1__HW_LAYER__CONNECTIVITY_SUM_POOL2D) {
        const Spikeforge__V1__HwSumPool2d *c = m->sum_pool2d;
        l->conn_kind = SF_CONN_SUM_POOL2D;
        view_shape(c->in_shape, &v->in_c, &v->in_h, &v->in_w);
        view_shape(c->out_shape, &v->out_c, &v->out_h, &v->out_w);
        v->kernel_h = c->kernel_h;
        v->kernel_w = c->kernel_w;
        v->stride_h = c->stride_h;
        v->stride_w = c->stride_w;
        v->pad_h = c->pad_h;
        v->pad_w = c->pad_w;
        v->pool_weight = c->weight;
        v->kernel = ivec(1, &v->pool_weight);
    } else {
        l->conn_kind = SF_CONN_DENSE;
    }
}

static void view_theta_tables(const Spikeforge__V1__ThetaTables *m, sf_theta_tables *t) {
    if (m == NULL) return;
    t->present = 1;
    t->phase_bits = m->phase_bits;
    t->phase_step = m->phase_step;
    t->inv_index_bits = m->inv_index_bits;
    t->v_frac_bits = m->v_frac_bits;
    t->v_min = m->v_min;
    t->v_max = m->v_max;
    t->phi_shift = m->phi_shift;
    t->inv_phi = ivec(m->n_inv_phi, m->inv_phi);
    t->phi = ivec(m->n_phi, m->phi);
}

int sf_hwconfig_decode(const uint8_t *bytes, size_t length, sf_hwconfig *cfg, char *err, size_t err_cap) {
    reader r = {bytes, 0, length, err, err_cap};
    if (bytes == NULL && length > 0) return fail(&r, SF_ERR_MALFORMED, "malformed HardwareConfig: NULL bytes");
    int rc = walk_message(&r, &spikeforge__v1__hardware_config__descriptor, NULL, 0);
    if (rc != SF_OK) return rc;
    Spikeforge__V1__HardwareConfig *m = spikeforge__v1__hardware_config__unpack(NULL, length, bytes);
    if (m == NULL) { /* the walk accepted the wire format, so protobuf-c failed to allocate */
        return fail(&r, SF_ERR_OUT_OF_MEMORY, "protobuf-c could not unpack the HardwareConfig (%zu bytes)", length);
    }
    cfg->message = m;
    cfg->target = str(m->target);
    cfg->format_version = str(m->format_version);
    cfg->network_name = str(m->network_name);
    cfg->num_inputs = m->num_inputs;
    cfg->num_steps = m->num_steps;
    if (m->n_layers > (size_t)INT32_MAX) return fail(&r, SF_ERR_MALFORMED, "malformed HardwareConfig: too many layers");
    cfg->layers = calloc(m->n_layers == 0 ? 1 : m->n_layers, sizeof(sf_layer_cfg));
    if (cfg->layers == NULL) return fail(&r, SF_ERR_OUT_OF_MEMORY, "out of memory viewing %zu layers", m->n_layers);
    cfg->layer_count = (int32_t)m->n_layers;
    for (size_t i = 0; i < m->n_layers; i++) {
        view_layer(m->layers[i], &cfg->layers[i]);
        view_connectivity(m->layers[i], &cfg->layers[i]);
    }
    view_theta_tables(m->theta_tables, &cfg->theta);
    return SF_OK;
}

void sf_hwconfig_free(sf_hwconfig *cfg) {
    if (cfg == NULL) return;
    if (cfg->message != NULL) spikeforge__v1__hardware_config__free_unpacked(cfg->message, NULL);
    free(cfg->layers);
    memset(cfg, 0, sizeof *cfg);
}
