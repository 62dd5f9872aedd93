/* The board's view of a spikeforge.v1.HardwareConfig (hardware.proto), decoded by the protoc-c generated
 * code (see hwconfig.c). Arrays and strings alias the unpacked message, released by sf_hwconfig_free. */
#ifndef SF_HWCONFIG_H
#define SF_HWCONFIG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int32_t *data;
    int64_t count;
    int64_t capacity; /* equal to count: the view never grows */
} sf_ivec;

typedef struct {
    char *data; /* NUL-terminated; a NUL inside a string is refused while decoding */
    size_t length;
} sf_str;

enum { SF_NEURON_NONE = 0, SF_NEURON_LOIHI2 = 10, SF_NEURON_XYLO = 11, SF_NEURON_THETA = 12 };

typedef struct {
    int32_t du, dv, vth, bias_exp, weight_exp, num_weight_bits, sign_mode;
    sf_ivec bias_mant, u_init, v_init;
} sf_loihi2_params;

typedef struct {
    int32_t dash_syn, dash_mem, max_spikes, weight_shift;
    sf_ivec threshold, bias;
} sf_xylo_params;

typedef struct {
    sf_ivec phase_init;
} sf_theta_params;

enum { SF_CONN_DENSE = 0, SF_CONN_CONV2D = 13, SF_CONN_SUM_POOL2D = 14 };

/* HwConv2d / HwSumPool2d: shapes as channels, height, width (0 when the message is absent). */
typedef struct {
    int32_t in_c, in_h, in_w, out_c, out_h, out_w;
    int32_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w;
    sf_ivec kernel;      /* conv2d: (out, in, kh, kw); sum_pool2d: one entry, pool_weight */
    int32_t pool_weight; /* sum_pool2d.weight, aliased by kernel */
} sf_conv_cfg;

typedef struct {
    sf_str name, source;
    int32_t size, fan_in, input_delay;
    int output;
    sf_ivec weights, recurrent_weights;
    int neuron_kind; /* SF_NEURON_* : which oneof member is set (the last one on the wire) */
    sf_loihi2_params loihi2;
    sf_xylo_params xylo;
    sf_theta_params theta;
    int conn_kind; /* SF_CONN_* : which connectivity oneof member is set */
    sf_conv_cfg conv;
} sf_layer_cfg;

typedef struct {
    int32_t phase_bits, phase_step, inv_index_bits, v_frac_bits, v_min, v_max, phi_shift;
    sf_ivec inv_phi, phi;
    int present;
} sf_theta_tables;

typedef struct {
    sf_str target, format_version, network_name;
    int32_t num_inputs;
    int64_t num_steps;
    sf_layer_cfg *layers;
    int32_t layer_count;
    sf_theta_tables theta;
    struct Spikeforge__V1__HardwareConfig *message; /* owns the data the fields above point into */
} sf_hwconfig;

/* Decodes protobuf bytes into *cfg (zero-initialised by the caller). Returns SF_OK, SF_ERR_MALFORMED,
 * SF_ERR_INVALID_CONFIG (a NUL inside a string) or SF_ERR_OUT_OF_MEMORY; on failure writes a message into err (capacity err_cap) and the partly
 * filled cfg must still be released with sf_hwconfig_free. */
int sf_hwconfig_decode(const uint8_t *bytes, size_t length, sf_hwconfig *cfg, char *err, size_t err_cap);

void sf_hwconfig_free(sf_hwconfig *cfg);

#endif
