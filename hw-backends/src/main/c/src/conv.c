/*
 * Conv2d and SumPool2d connectivity (hardware.proto HwConv2d, HwSumPool2d): validation of the geometry, each
 * failure naming the layer and field, and expansion into the row-major [size][fan_in] matrix that the board's
 * update loop and weight access already use. The integer rules for the expanded synapses are those of a dense
 * matrix (docs/TARGET-SEMANTICS.md, "Conv and pool connectivity"); expanding at load keeps one update path.
 */
#include <stdint.h>
#include <stdlib.h>

#include "board_internal.h"

#define SIDE_MAX 65536

static int bad(sf_board *h, const char *layer, const char *kind, const char *field, int64_t v, int64_t lo,
               int64_t hi) {
    return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': %s.%s = %lld outside [%lld, %lld]", layer, kind, field,
                        (long long)v, (long long)lo, (long long)hi);
}

static int check(sf_board *h, const char *layer, const char *kind, const char *field, int64_t v, int64_t lo,
                 int64_t hi) {
    return v >= lo && v <= hi ? SF_OK : bad(h, layer, kind, field, v, lo, hi);
}

static int64_t out_side(int64_t in, int64_t kernel, int64_t stride, int64_t pad) {
    int64_t span = in + 2 * pad - kernel;
    return span < 0 ? 0 : span / stride + 1;
}

const char *sf_connectivity_name(int conn_kind) {
    return conn_kind == SF_CONN_CONV2D ? "conv2d" : conn_kind == SF_CONN_SUM_POOL2D ? "sum_pool2d" : "weights";
}

const sf_ivec *sf_stored_weights(const sf_layer_cfg *c) {
    return c->conn_kind == SF_CONN_DENSE ? &c->weights : &c->conv.kernel;
}

int sf_check_connectivity(sf_board *h, const sf_layer_cfg *c, const char *name) {
    const sf_conv_cfg *v = &c->conv;
    const char *kind = sf_connectivity_name(c->conn_kind);
    int rc;
    if (c->weights.count != 0) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                            "layer '%s': weights has %lld entries, expected 0 (a %s layer stores its weights in %s)",
                            name, (long long)c->weights.count, kind, kind);
    }
    const struct {
        const char *field;
        int32_t value;
    } sides[] = {{"in_shape.channels", v->in_c}, {"in_shape.height", v->in_h}, {"in_shape.width", v->in_w},
                 {"out_shape.channels", v->out_c}, {"out_shape.height", v->out_h}, {"out_shape.width", v->out_w},
                 {"kernel_h", v->kernel_h}, {"kernel_w", v->kernel_w}, {"stride_h", v->stride_h},
                 {"stride_w", v->stride_w}};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        if ((rc = check(h, name, kind, sides[i].field, sides[i].value, 1, SIDE_MAX)) != SF_OK) return rc;
    }
    if ((rc = check(h, name, kind, "pad_h", v->pad_h, 0, v->kernel_h - 1)) != SF_OK) return rc;
    if ((rc = check(h, name, kind, "pad_w", v->pad_w, 0, v->kernel_w - 1)) != SF_OK) return rc;
    int64_t in_n = (int64_t)v->in_c * v->in_h * v->in_w;
    if (in_n != c->fan_in) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': %s.in_shape = %d x %d x %d = %lld neurons, expected fan_in = %d",
                            name, kind, v->in_c, v->in_h, v->in_w, (long long)in_n, c->fan_in);
    }
    int64_t out_n = (int64_t)v->out_c * v->out_h * v->out_w;
    if (out_n != c->size) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG, "layer '%s': %s.out_shape = %d x %d x %d = %lld neurons, expected size = %d",
                            name, kind, v->out_c, v->out_h, v->out_w, (long long)out_n, c->size);
    }
    if (c->conn_kind == SF_CONN_SUM_POOL2D && v->out_c != v->in_c) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                            "layer '%s': sum_pool2d.out_shape.channels = %d differs from in_shape.channels = %d (pooling keeps channels)",
                            name, v->out_c, v->in_c);
    }
    int64_t oh = out_side(v->in_h, v->kernel_h, v->stride_h, v->pad_h);
    int64_t ow = out_side(v->in_w, v->kernel_w, v->stride_w, v->pad_w);
    if (v->out_h != oh) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                            "layer '%s': %s.out_shape.height = %d, expected (in_shape.height + 2 pad_h - kernel_h) / stride_h + 1 = %lld",
                            name, kind, v->out_h, (long long)oh);
    }
    if (v->out_w != ow) {
        return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                            "layer '%s': %s.out_shape.width = %d, expected (in_shape.width + 2 pad_w - kernel_w) / stride_w + 1 = %lld",
                            name, kind, v->out_w, (long long)ow);
    }
    if (c->conn_kind == SF_CONN_CONV2D) {
        int64_t need = (int64_t)v->out_c * v->in_c * v->kernel_h; /* <= 2^48: both maps hold <= 2^16 neurons */
        need = need > INT64_MAX / v->kernel_w ? INT64_MAX : need * v->kernel_w;
        if (v->kernel.count != need) {
            return sf_set_error(h, SF_ERR_INVALID_CONFIG,
                                "layer '%s': conv2d.kernel has %lld entries, expected out_shape.channels * in_shape.channels * kernel_h * kernel_w = %lld (layout out, in, kh, kw)",
                                name, (long long)v->kernel.count, (long long)need);
        }
    }
    int64_t expanded = (int64_t)c->size * c->fan_in;
    if (expanded > SF_MAX_EXPANDED_SYNAPSES) {
        return sf_set_error(h, SF_ERR_CAPACITY, "layer '%s': %s stands for size * fan_in = %lld synapses, the board expands at most %lld",
                            name, kind, (long long)expanded, (long long)SF_MAX_EXPANDED_SYNAPSES);
    }
    return SF_OK;
}

void sf_expand_connectivity(const sf_layer_cfg *c, int32_t *w) {
    const sf_conv_cfg *v = &c->conv;
    int pool = c->conn_kind == SF_CONN_SUM_POOL2D;
    int64_t fan_in = c->fan_in;
    for (int64_t k = 0; k < (int64_t)c->size * fan_in; k++) w[k] = 0;
    for (int32_t o = 0; o < v->out_c; o++) {
        for (int32_t oy = 0; oy < v->out_h; oy++) {
            for (int32_t ox = 0; ox < v->out_w; ox++) {
                int64_t row = (((int64_t)o * v->out_h + oy) * v->out_w + ox) * fan_in;
                int32_t first = pool ? o : 0, last = pool ? o + 1 : v->in_c;
                for (int32_t i = first; i < last; i++) {
                    /* only the taps inside the map: the work is bounded by the expanded synapses */
                    int64_t y0 = (int64_t)oy * v->stride_h - v->pad_h, x0 = (int64_t)ox * v->stride_w - v->pad_w;
                    int64_t ky_lo = y0 < 0 ? -y0 : 0, ky_hi = v->in_h - y0 < v->kernel_h ? v->in_h - y0 : v->kernel_h;
                    int64_t kx_lo = x0 < 0 ? -x0 : 0, kx_hi = v->in_w - x0 < v->kernel_w ? v->in_w - x0 : v->kernel_w;
                    for (int64_t ky = ky_lo; ky < ky_hi; ky++) {
                        int64_t y = y0 + ky;
                        for (int64_t kx = kx_lo; kx < kx_hi; kx++) {
                            int64_t x = x0 + kx;
                            int64_t source = ((int64_t)i * v->in_h + y) * v->in_w + x;
                            int64_t tap = (((int64_t)o * v->in_c + i) * v->kernel_h + ky) * v->kernel_w + kx;
                            w[row + source] = pool ? v->pool_weight : v->kernel.data[tap];
                        }
                    }
                }
            }
        }
    }
}
