/*
 * Mutation fuzzer for the reference board's HardwareConfig loader, built with
 * -fsanitize=address,undefined -fno-sanitize-recover=all by ConfigLoaderFuzzTest.
 *
 * usage: fuzz_config_loader SEED ITERATIONS [expect:BOARD:NEEDLE=FILE...] BOARD=SEEDFILE...
 *
 * An expect: argument names a config that must be refused, unmutated, with SF_ERR_INVALID_CONFIG and a message
 * containing NEEDLE (a field path such as "conv2d.pad_h"); it then joins the mutation seeds.
 *
 * Each iteration takes a valid seed config, applies a few random mutations (bit flips, random
 * bytes, insertions, deletions, truncation, chunk duplication, overlong varints, boundary values)
 * and loads it. A rejected config must come back with a known error code and a message; an accepted
 * one is run for a few steps and read back through buffers with guard bytes, so that any write
 * outside the given capacity is caught. Fixed-byte cases check that malformed wire format is
 * reported as SF_ERR_MALFORMED. Exit status 0 means every check held (the sanitizers abort otherwise).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spikeforge_board.h"

#define GUARD 32
#define GUARD_BYTE 0xAB

static uint64_t rng_state;

static uint64_t next_u64(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t below(size_t n) { return n == 0 ? 0 : (size_t)(next_u64() % n); }

static int failures = 0;

#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (!(cond)) {                                     \
            fprintf(stderr, "CHECK FAILED %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                  \
            fprintf(stderr, "\n");                         \
            failures++;                                    \
        }                                                  \
    } while (0)

typedef struct {
    char board[64];
    uint8_t *bytes;
    size_t length;
} seed_config;

static int known_code(int rc) { return rc <= 0 && rc >= SF_ERR_UNSUPPORTED; }

static uint8_t *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *length = (size_t)n;
    return buf;
}

/* Applies one random mutation; returns the new length (buffer has room for `cap` bytes). */
static size_t mutate(uint8_t *buf, size_t len, size_t cap) {
    switch (below(9)) {
        case 0: /* flip one bit */
            if (len > 0) buf[below(len)] ^= (uint8_t)(1u << below(8));
            return len;
        case 1: /* random byte */
            if (len > 0) buf[below(len)] = (uint8_t)next_u64();
            return len;
        case 2: { /* insert random bytes */
            size_t n = 1 + below(8);
            if (len + n > cap) return len;
            size_t at = below(len + 1);
            memmove(buf + at + n, buf + at, len - at);
            for (size_t i = 0; i < n; i++) buf[at + i] = (uint8_t)next_u64();
            return len + n;
        }
        case 3: { /* delete a range */
            if (len == 0) return len;
            size_t at = below(len);
            size_t n = 1 + below(len - at);
            memmove(buf + at, buf + at + n, len - at - n);
            return len - n;
        }
        case 4: /* truncate */
            return below(len + 1);
        case 5: { /* duplicate a chunk at another place */
            if (len == 0) return len;
            size_t from = below(len);
            size_t n = 1 + below(len - from < 32 ? len - from : 32);
            if (len + n > cap) return len;
            size_t at = below(len + 1);
            uint8_t tmp[32];
            memcpy(tmp, buf + from, n);
            memmove(buf + at + n, buf + at, len - at);
            memcpy(buf + at, tmp, n);
            return len + n;
        }
        case 6: { /* overlong / huge varint */
            size_t n = 10 + below(3);
            if (len + n > cap) return len;
            size_t at = below(len + 1);
            memmove(buf + at + n, buf + at, len - at);
            memset(buf + at, 0xFF, n);
            if (below(2)) buf[at + n - 1] = 0x01;
            return len + n;
        }
        case 7: /* boundary byte values */
            if (len > 0) {
                static const uint8_t edges[] = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x08, 0x0A, 0x12, 0x3A};
                buf[below(len)] = edges[below(sizeof edges)];
            }
            return len;
        default: { /* swap two bytes */
            if (len < 2) return len;
            size_t a = below(len), b = below(len);
            uint8_t t = buf[a];
            buf[a] = buf[b];
            buf[b] = t;
            return len;
        }
    }
}

static void check_guard(const uint8_t *guard, const char *what) {
    for (int i = 0; i < GUARD; i++) {
        if (guard[i] != GUARD_BYTE) {
            CHECK(0, "%s wrote past its buffer", what);
            return;
        }
    }
}

static int64_t random_i64(void) {
    static const int64_t edges[] = {-1, 0, 1, 2, 7, 8, 31, 32, 255, 1000000, 1000001, INT32_MAX, INT64_MAX, INT64_MIN};
    return below(3) == 0 ? (int64_t)next_u64() : edges[below(sizeof edges / sizeof edges[0])];
}

/* Calls every entry point with random, mostly invalid arguments: only known codes may come back. */
static void random_calls(sf_board *h, int32_t layers) {
    int32_t buf32[4];
    int64_t buf64[4];
    for (int k = 0; k < 12; k++) {
        int32_t layer = below(3) == 0 ? (int32_t)random_i64() : (int32_t)below((size_t)layers + 1);
        int rc;
        switch (below(8)) {
            case 0: rc = sf_write_weights(h, layer, (int32_t)below(3), random_i64(), buf32, (int64_t)below(5)); break;
            case 1: rc = sf_read_weights(h, layer, (int32_t)below(3), random_i64(), buf32, (int64_t)below(5)); break;
            case 2: {
                int32_t ch = (int32_t)random_i64();
                int64_t st = random_i64();
                rc = sf_inject_spikes(h, &ch, &st, 1);
                break;
            }
            case 3: { /* invalid lengths, or short runs (long valid runs would only cost time) */
                static const int64_t lengths[] = {-1, 1000001, INT64_MAX, INT64_MIN, 0, 1, 3};
                rc = sf_run(h, lengths[below(sizeof lengths / sizeof lengths[0])]);
                break;
            }
            case 4: rc = sf_read_probe(h, layer, (int32_t)below(3), buf64, (int64_t)below(5), NULL); break;
            case 5: rc = sf_capability(h, (int32_t)random_i64(), buf64); break;
            case 6: rc = sf_set_mismatch(h, next_u64(), (double)random_i64(), 0.0 / 0.0 * (double)below(2), 0.5); break;
            default: rc = sf_read_spikes(h, layer, buf64, buf32, (int64_t)below(5), NULL); break;
        }
        CHECK(known_code(rc), "random call returned %d", rc);
        if (rc != SF_OK) CHECK(strlen(sf_last_error(h)) > 0, "no message for %d", rc);
    }
    sf_set_mismatch(h, 0, 0, 0, 0);
}

/* Runs a loaded board a little and reads everything back through guarded, sometimes short buffers. */
static void exercise(sf_board *h) {
    int32_t layers = 0;
    CHECK(sf_layer_count(h, &layers) == SF_OK && layers > 0, "layer count of a loaded board");
    int32_t channels[8];
    int64_t steps[8];
    for (int i = 0; i < 8; i++) {
        channels[i] = (int32_t)below(4);
        steps[i] = (int64_t)below(12);
    }
    int rc = sf_inject_spikes(h, channels, steps, 8);
    CHECK(rc == SF_OK || rc == SF_ERR_INVALID_ARGUMENT, "inject returned %d: %s", rc, sf_last_error(h));
    sf_set_probing(h, (int32_t)below(2));
    if (below(4) == 0) sf_set_mismatch(h, next_u64(), 0.1, 0.2, 0.3);
    int64_t n = (int64_t)below(16);
    rc = sf_run(h, n);
    CHECK(rc == SF_OK, "run of a loaded board failed: %s", sf_last_error(h));
    for (int32_t l = 0; l < layers; l++) {
        int64_t required = -1;
        rc = sf_read_spikes(h, l, NULL, NULL, 0, &required);
        CHECK(rc == SF_OK || rc == SF_ERR_BUFFER_TOO_SMALL, "read_spikes size query: %d", rc);
        CHECK(required >= 0, "required spike count %lld", (long long)required);
        int64_t cap = required > 0 && below(2) ? required - 1 : required; /* sometimes one short */
        uint8_t *s = malloc((size_t)cap * sizeof(int64_t) + GUARD);
        uint8_t *nn = malloc((size_t)cap * sizeof(int32_t) + GUARD);
        memset(s + cap * (int64_t)sizeof(int64_t), GUARD_BYTE, GUARD);
        memset(nn + cap * (int64_t)sizeof(int32_t), GUARD_BYTE, GUARD);
        rc = sf_read_spikes(h, l, (int64_t *)(void *)s, (int32_t *)(void *)nn, cap, &required);
        CHECK(cap == required ? rc == SF_OK : rc == SF_ERR_BUFFER_TOO_SMALL, "read_spikes rc %d", rc);
        check_guard(s + cap * (int64_t)sizeof(int64_t), "sf_read_spikes(steps)");
        check_guard(nn + cap * (int64_t)sizeof(int32_t), "sf_read_spikes(neurons)");
        free(s);
        free(nn);

        int32_t size, fan_in, rec;
        CHECK(sf_layer_shape(h, l, &size, &fan_in, &rec) == SF_OK, "layer shape");
        int64_t total = (int64_t)size * fan_in;
        int64_t off = (int64_t)below((size_t)total + 2) - 1; /* sometimes -1 or past the end */
        int64_t cnt = (int64_t)below((size_t)total + 2);
        int32_t *w = malloc((size_t)(cnt + 1) * sizeof(int32_t) + GUARD);
        memset((uint8_t *)w + cnt * (int64_t)sizeof(int32_t), GUARD_BYTE, GUARD);
        rc = sf_read_weights(h, l, SF_WEIGHTS_FEEDFORWARD, off, w, cnt);
        int in_range = off >= 0 && off + cnt <= total;
        CHECK(in_range ? rc == SF_OK : rc == SF_ERR_INVALID_ARGUMENT, "read_weights [%lld,+%lld) of %lld: %d",
              (long long)off, (long long)cnt, (long long)total, rc);
        check_guard((uint8_t *)w + cnt * (int64_t)sizeof(int32_t), "sf_read_weights");
        if (in_range) {
            rc = sf_write_weights(h, l, SF_WEIGHTS_FEEDFORWARD, off, w, cnt); /* what it holds is valid */
            CHECK(rc == SF_OK, "writing back read weights failed: %s", sf_last_error(h));
        }
        free(w);
        int32_t big = 1 << 30;
        rc = sf_write_weights(h, l, SF_WEIGHTS_RECURRENT, 0, &big, 1);
        CHECK(known_code(rc) && (rec || rc == SF_ERR_INVALID_ARGUMENT), "recurrent write rc %d", rc);

        int64_t preq = -1;
        rc = sf_read_probe(h, l, SF_PROBE_STATE0, NULL, 0, &preq);
        CHECK(known_code(rc), "probe rc %d", rc);
        if (rc == SF_OK || rc == SF_ERR_BUFFER_TOO_SMALL) {
            int64_t *p = malloc((size_t)preq * sizeof(int64_t) + GUARD);
            memset((uint8_t *)p + preq * (int64_t)sizeof(int64_t), GUARD_BYTE, GUARD);
            CHECK(sf_read_probe(h, l, SF_PROBE_STATE0, p, preq, &preq) == SF_OK, "probe read");
            check_guard((uint8_t *)p + preq * (int64_t)sizeof(int64_t), "sf_read_probe");
            free(p);
        }
    }
    CHECK(sf_read_spikes(h, layers, NULL, NULL, 0, NULL) == SF_ERR_INVALID_ARGUMENT, "layer index past the end");
    random_calls(h, layers);
    CHECK(sf_reset(h) == SF_OK, "reset");
}

static void fixed_cases(sf_board *h) {
    static const struct {
        const char *what;
        uint8_t bytes[16];
        size_t length;
    } cases[] = {
        {"truncated varint", {0x20, 0x80}, 2},
        {"varint longer than 10 bytes", {0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, 12},
        {"10th varint byte above 1", {0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 11},
        {"length past the end", {0x3A, 0x05, 0x01}, 3},
        {"string field as varint", {0x08, 0x01}, 2},
        {"layers as fixed32", {0x3D, 0, 0, 0, 0}, 5},
        {"group wire type", {0x0B}, 1},
        {"field number 0", {0x00, 0x01}, 2},
        {"truncated fixed64 (dt)", {0x29, 1, 2, 3}, 4},
        {"packed weights ending mid-varint", {0x3A, 0x04, 0x2A, 0x02, 0x80, 0x80}, 6},
        {"weights as fixed64", {0x3A, 0x02, 0x29, 0x00}, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = sf_load_config(h, cases[i].bytes, cases[i].length);
        CHECK(rc == SF_ERR_MALFORMED, "%s: expected SF_ERR_MALFORMED, got %d (%s)", cases[i].what, rc, sf_last_error(h));
        CHECK(strstr(sf_last_error(h), "malformed") != NULL, "%s: message '%s'", cases[i].what, sf_last_error(h));
    }
    /* argument validation without a config */
    CHECK(sf_load_config(h, NULL, 3) == SF_ERR_NULL_ARGUMENT, "NULL bytes");
    CHECK(sf_run(h, 1) == SF_ERR_NOT_LOADED, "run before load");
    CHECK(sf_run(NULL, 1) == SF_ERR_NULL_ARGUMENT, "NULL handle");
    CHECK(sf_load_config(h, (const uint8_t *)"", 0) == SF_ERR_TARGET_MISMATCH, "empty config has no target");
    char small[4];
    size_t need = 0;
    memset(small, GUARD_BYTE, sizeof small);
    CHECK(sf_board_id(0, small, 3, &need) == SF_ERR_BUFFER_TOO_SMALL && need > 3, "short id buffer");
    CHECK((uint8_t)small[0] == GUARD_BYTE, "short id buffer was written");
    CHECK(sf_board_id(99, small, 4, &need) == SF_ERR_NO_SUCH_BOARD, "board index past the end");
    sf_board *none = (sf_board *)1;
    CHECK(sf_open("no-such-board", &none) == SF_ERR_NO_SUCH_BOARD && none == NULL, "unknown board");
    CHECK(strlen(sf_last_open_error()) > 0, "open error message");
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s SEED ITERATIONS BOARD=SEEDFILE...\n", argv[0]);
        return 2;
    }
    rng_state = strtoull(argv[1], NULL, 10);
    long iterations = strtol(argv[2], NULL, 10);
    int seeds_n = argc - 3;
    seed_config *seeds = calloc((size_t)seeds_n, sizeof *seeds);
    long expected_refusals = 0;
    for (int i = 0; i < seeds_n; i++) {
        const char *arg = argv[3 + i];
        char needle[128] = "";
        if (strncmp(arg, "expect:", 7) == 0) {
            const char *colon = strchr(arg + 7, ':');
            const char *eq2 = colon == NULL ? NULL : strrchr(colon + 1, '='); /* needles may hold '=', paths do not */
            if (colon == NULL || eq2 == NULL || (size_t)(colon - arg - 7) >= sizeof seeds[i].board ||
                (size_t)(eq2 - colon - 1) >= sizeof needle) return 2;
            memcpy(seeds[i].board, arg + 7, (size_t)(colon - arg - 7));
            memcpy(needle, colon + 1, (size_t)(eq2 - colon - 1));
            arg = eq2 + 1;
        } else {
            const char *eq = strchr(arg, '=');
            if (eq == NULL || (size_t)(eq - arg) >= sizeof seeds[i].board) return 2;
            memcpy(seeds[i].board, arg, (size_t)(eq - arg));
            arg = eq + 1;
        }
        seeds[i].bytes = read_file(arg, &seeds[i].length);
        if (seeds[i].bytes == NULL) {
            fprintf(stderr, "cannot read %s\n", arg);
            return 2;
        }
        if (needle[0] != '\0') {
            sf_board *e;
            if (sf_open(seeds[i].board, &e) != SF_OK) return 3;
            uint8_t *exact = malloc(seeds[i].length == 0 ? 1 : seeds[i].length);
            memcpy(exact, seeds[i].bytes, seeds[i].length);
            int rc = sf_load_config(e, exact, seeds[i].length);
            CHECK(rc == SF_ERR_INVALID_CONFIG, "%s: expected SF_ERR_INVALID_CONFIG, got %d (%s)", needle, rc,
                  sf_last_error(e));
            CHECK(strstr(sf_last_error(e), needle) != NULL, "refusal '%s' does not name '%s'", sf_last_error(e), needle);
            expected_refusals++;
            free(exact);
            sf_close(e);
        }
    }
    sf_board *h;
    if (sf_open("refboard-loihi2", &h) != SF_OK) return 3;
    fixed_cases(h);
    sf_close(h);

    long loaded = 0, by_code[16] = {0};
    for (long it = 0; it < iterations; it++) {
        const seed_config *s = &seeds[below((size_t)seeds_n)];
        const char *board = below(20) == 0 ? "refboard-xylo" : s->board; /* sometimes the wrong family */
        size_t cap = s->length + 256;
        uint8_t *buf = malloc(cap);
        memcpy(buf, s->bytes, s->length);
        size_t len = s->length;
        int rounds = 1 + (int)below(4);
        for (int r = 0; r < rounds; r++) len = mutate(buf, len, cap);
        /* exact-size copy so that any read past the end is caught by ASan */
        uint8_t *exact = malloc(len == 0 ? 1 : len);
        memcpy(exact, buf, len);
        free(buf);
        if (sf_open(board, &h) != SF_OK) return 3;
        if (below(3) == 0) { /* a valid config first: a failed load must keep it */
            const seed_config *v = &seeds[below((size_t)seeds_n)];
            sf_load_config(h, v->bytes, v->length);
        }
        int rc = sf_load_config(h, exact, len);
        CHECK(known_code(rc), "unknown status %d", rc);
        if (rc != SF_OK) CHECK(strlen(sf_last_error(h)) > 0, "no message for status %d", rc);
        by_code[-rc]++;
        if (rc == SF_OK) loaded++;
        int32_t layers;
        if (sf_layer_count(h, &layers) == SF_OK) exercise(h);
        free(exact);
        sf_close(h);
    }
    printf("fuzz: %ld iterations, %ld loaded; rejected MALFORMED %ld, INVALID_CONFIG %ld, TARGET_MISMATCH %ld, CAPACITY %ld; %ld named refusals checked\n",
           iterations, loaded, by_code[-SF_ERR_MALFORMED], by_code[-SF_ERR_INVALID_CONFIG],
           by_code[-SF_ERR_TARGET_MISMATCH], by_code[-SF_ERR_CAPACITY], expected_refusals);
    for (int i = 0; i < seeds_n; i++) free(seeds[i].bytes);
    free(seeds);
    if (failures > 0) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    return 0;
}
