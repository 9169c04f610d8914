/* fp_match_cases.h - test cases of the matching kernel (app/fp_match.h), shared by the native test
 * (C model of the kernel) and the bare-metal image fpmatchtest (ARMv4T assembly): every score of
 * fp_match_best must equal the plain int8 dot product (nn_score), on both paths. Cases: random
 * L2-normalised embeddings (norm 127, as the model writes them) and denser ones up to the bound, the
 * exact bound with the dot product and the cross sum at +-32767, vectors over the bound (plain path),
 * lengths that are not a multiple of 16, 0..5 embeddings per template with mixed paths. */
#ifndef WHORL_FP_MATCH_CASES_H
#define WHORL_FP_MATCH_CASES_H
#include <stdint.h>
#include <string.h>

#include "fp_match.h"

typedef void (*fpm_report_fn)(const char *name, uint32_t index, int32_t got, int32_t want);

static uint32_t fpm_rng = 12345u;
static uint32_t fpm_rand(void) { fpm_rng = fpm_rng * 1664525u + 1013904223u; return fpm_rng >> 8; }

static int32_t fpm_dot(const int8_t *a, const int8_t *b, uint32_t n)
{
    int32_t s = 0;
    for (uint32_t i = 0; i < n; i++) s += (int32_t)a[i] * b[i];
    return s;
}

static uint32_t fpm_isqrt(uint32_t v)
{
    uint32_t r = 0;
    while ((r + 1u) * (r + 1u) <= v) r++;
    return r;
}

/* A random vector of length n scaled to about `norm` (rounded like the model's L2 step), or raw
 * random bytes when norm is 0. */
static void fpm_vector(int8_t *v, uint32_t n, uint32_t norm)
{
    int32_t raw[FP_MATCH_MAX_LEN];
    uint32_t n2 = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sparse = fpm_rand() % 8u == 0u;
        raw[i] = sparse ? 0 : (int32_t)(fpm_rand() % 255u) - 127;
        n2 += (uint32_t)(raw[i] * raw[i]);
    }
    if (norm == 0u || n2 == 0u) {
        for (uint32_t i = 0; i < n; i++) v[i] = (int8_t)(norm == 0u ? (int32_t)(fpm_rand() & 0xFFu) - 128 : raw[i]);
        return;
    }
    uint32_t len = fpm_isqrt(n2);
    for (uint32_t i = 0; i < n; i++) {
        int32_t x = raw[i] * (int32_t)norm;
        int32_t q = (x >= 0 ? x + (int32_t)len / 2 : x - (int32_t)len / 2) / (int32_t)len;
        v[i] = (int8_t)(q > 127 ? 127 : q < -128 ? -128 : q);
    }
}

static uint8_t fpm_cache[5][FP_MATCH_MAX_LEN] __attribute__((aligned(4)));
static int8_t fpm_tmpl[5][FP_MATCH_MAX_LEN];
static fp_probe_t fpm_probe;

/* Scores probe p against n templates (copied into the cached form); returns the failures. */
static uint32_t fpm_check(const char *name, uint32_t index, const int8_t *p, const int8_t (*t)[FP_MATCH_MAX_LEN], uint32_t n,
                          uint32_t len, fpm_report_fn report, uint32_t *fast_used)
{
    uint32_t mask = 0, bad = 0;
    int32_t want = -0x7FFFFFFF;
    for (uint32_t i = 0; i < n; i++) {
        mask |= fp_match_store(fpm_cache[i], t[i], len) << i;
        int32_t s = fpm_dot(t[i], p, len);
        if (s > want) want = s;
    }
    fp_match_probe(&fpm_probe, p, len);
    int32_t got = fp_match_best(&fpm_probe, fpm_cache[0], FP_MATCH_MAX_LEN, n, mask);
    if (got != want) { report(name, index, got, want); bad++; }
    if (fpm_probe.fast) *fast_used += (uint32_t)__builtin_popcount(mask);
    /* each embedding alone */
    for (uint32_t i = 0; i < n; i++) {
        int32_t g = fp_match_best(&fpm_probe, fpm_cache[i], FP_MATCH_MAX_LEN, 1u, (mask >> i) & 1u);
        int32_t w = fpm_dot(t[i], p, len);
        if (g != w) { report(name, index, g, w); bad++; }
    }
    return bad;
}

/* Runs every case; returns the number of failures, *cases the number of scores checked and
 * *fast_used the number that went through the packed path. */
static uint32_t fpm_run_all(fpm_report_fn report, uint32_t *cases, uint32_t *fast_used)
{
    static int8_t p[FP_MATCH_MAX_LEN];
    uint32_t bad = 0, k = 0;
    *cases = 0;
    *fast_used = 0;
    /* random embeddings: norm 127 (the model's), up to the bound (181), over it, raw bytes */
    static const uint32_t norms[] = { 127u, 127u, 127u, 100u, 181u, 127u, 182u, 0u };
    static const uint32_t lens[] = { 128u, 128u, 128u, 128u, 128u, 64u, 16u, 32u, 100u, 8u, 128u };
    for (uint32_t r = 0; r < 600u; r++, k++) {
        uint32_t len = lens[r % (sizeof lens / sizeof lens[0])];
        uint32_t n = r % 6u;
        fpm_vector(p, len, norms[r % 8u]);
        for (uint32_t i = 0; i < n; i++) fpm_vector(fpm_tmpl[i], len, norms[(r / 8u + i) % 8u]);
        bad += fpm_check("random", k, p, (const int8_t(*)[FP_MATCH_MAX_LEN])fpm_tmpl, n, len, report, fast_used);
        *cases += n + 1u;
    }
    /* the exact bound: sum of squares 32767 = 127^2 + 127^2 + 22^2 + 5^2 in bytes 2 and 3 of two
     * words; templates p, -p (D = +-32767, X = 0) and p moved to bytes 0 and 1 (X = +-32767, D = 0) */
    for (uint32_t pos = 0; pos < 4u; pos++, k++) {
        uint32_t wa = 4u * ((pos * 5u) % 32u), wb = 4u * ((pos * 11u + 3u) % 32u);
        memset(p, 0, sizeof p);
        memset(fpm_tmpl, 0, sizeof fpm_tmpl);
        p[wa + 2u] = 127; p[wa + 3u] = (int8_t)(pos & 1u ? -127 : 127);
        p[wb + 2u] = (int8_t)(pos & 2u ? -22 : 22); p[wb + 3u] = 5;
        for (uint32_t i = 0; i < FP_MATCH_MAX_LEN; i++) {
            fpm_tmpl[0][i] = p[i];
            fpm_tmpl[1][i] = (int8_t)-p[i];
        }
        for (uint32_t w = 0; w < FP_MATCH_MAX_LEN; w += 4u) {
            fpm_tmpl[2][w] = p[w + 2u];
            fpm_tmpl[2][w + 1u] = p[w + 3u];
            fpm_tmpl[3][w] = (int8_t)-p[w + 2u];
            fpm_tmpl[3][w + 1u] = (int8_t)-p[w + 3u];
        }
        bad += fpm_check("bound", k, p, (const int8_t(*)[FP_MATCH_MAX_LEN])fpm_tmpl, 4u, 128u, report, fast_used);
        *cases += 5u;
    }
    /* a single -128 (sum 16384) against itself and against +127, all -128 (plain path) */
    memset(p, 0, sizeof p);
    memset(fpm_tmpl, 0, sizeof fpm_tmpl);
    p[5] = -128; fpm_tmpl[0][5] = -128; fpm_tmpl[1][5] = 127; fpm_tmpl[2][6] = -128;
    memset(fpm_tmpl[3], 0x80, FP_MATCH_MAX_LEN);
    memset(fpm_tmpl[4], 0x7F, FP_MATCH_MAX_LEN);
    bad += fpm_check("extreme", k++, p, (const int8_t(*)[FP_MATCH_MAX_LEN])fpm_tmpl, 5u, 128u, report, fast_used);
    memset(p, 0x80, sizeof p);
    bad += fpm_check("extreme", k++, p, (const int8_t(*)[FP_MATCH_MAX_LEN])fpm_tmpl, 5u, 128u, report, fast_used);
    /* just over the bound (sum 32768): D = 32768 and X = -32768 would not fit; the plain path must take them */
    memset(p, 0, sizeof p);
    memset(fpm_tmpl, 0, sizeof fpm_tmpl);
    p[2] = -128; p[7] = -128;
    fpm_tmpl[0][2] = -128; fpm_tmpl[0][7] = -128;
    fpm_tmpl[1][0] = 127; fpm_tmpl[1][5] = 127; fpm_tmpl[1][12] = 1;
    bad += fpm_check("over-bound", k++, p, (const int8_t(*)[FP_MATCH_MAX_LEN])fpm_tmpl, 2u, 128u, report, fast_used);
    *cases += 15u;
    return bad;
}
#endif
