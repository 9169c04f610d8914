/* fp_match.c - matching kernel of the fingerprint service (see fp_match.h for the arithmetic). */
#include "fp_match.h"

uint32_t fp_match_store(uint8_t *dst, const int8_t *e, uint32_t len)
{
    uint32_t n2 = 0;
    for (uint32_t i = 0; i < len; i++) {
        int32_t v = e[i];
        dst[i] = (uint8_t)(v + 128);
        n2 += (uint32_t)(v * v);
    }
    return n2 <= FP_MATCH_NORM_MAX;
}

void fp_match_probe(fp_probe_t *p, const int8_t *e, uint32_t len)
{
    p->e = e;
    p->len = len;
    p->fast = 0;
    if (len % 16u != 0u || len > FP_MATCH_MAX_LEN)
        return;
    uint32_t n2 = 0, sum = 0, *q = p->q;
    for (uint32_t j = 0; j < len; j += 4u, q += 2) {
        int32_t b0 = e[j], b1 = e[j + 1u], b2 = e[j + 2u], b3 = e[j + 3u];
        uint32_t q0 = (uint32_t)b2 + ((uint32_t)b0 << 16), q1 = (uint32_t)b3 + ((uint32_t)b1 << 16);
        q[0] = q0;
        q[1] = q1;
        sum += q0 + q1; /* S23 + 2^16 * S01 (mod 2^32), S23 the sum of bytes 2 and 3, S01 of bytes 0 and 1 */
        n2 += (uint32_t)(b0 * b0 + b1 * b1 + b2 * b2 + b3 * b3);
    }
    int32_t s23 = (int32_t)(sum << 16) >> 16; /* |S23| <= 64 * 128 */
    uint32_t s01 = (sum - (uint32_t)s23) >> 16;
    p->init = 0u - 128u * ((uint32_t)s23 + ((s01 + (uint32_t)s23) << 16));
    p->fast = n2 <= FP_MATCH_NORM_MAX;
}

/* The plain score of a cached embedding (offset form) against the probe. */
static int32_t plain(const fp_probe_t *p, const uint8_t *t)
{
    int32_t s = 0;
    for (uint32_t i = 0; i < p->len; i++)
        s += ((int32_t)t[i] - 128) * p->e[i];
    return s;
}

int32_t fp_match_best(const fp_probe_t *p, const uint8_t *t, uint32_t stride, uint32_t n, uint32_t fast_mask)
{
    int32_t best = -0x7FFFFFFF;
    if (!p->fast)
        fast_mask = 0;
    for (uint32_t i = 0; i < n; i++, t += stride, fast_mask >>= 1) {
        int32_t s;
        if (fast_mask & 1u)
            s = ((int32_t)fp_dot_lanes((const uint32_t *)(const void *)t, p->q, p->len / 4u, p->init) + 0x8000) >> 16;
        else
            s = plain(p, t);
        if (s > best)
            best = s;
    }
    return best;
}

#ifndef __arm__
/* Portable model of the assembly routine: the same arithmetic modulo 2^32 (words read as
 * little-endian bytes, as the ARM loads them). */
uint32_t fp_dot_lanes(const uint32_t *w, const uint32_t *q, uint32_t words, uint32_t acc)
{
    const uint8_t *b = (const uint8_t *)w;
    for (uint32_t j = 0; j < words; j++, b += 4) {
        uint32_t x = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
        acc += (x & 0x00FF00FFu) * q[2u * j];
        acc += ((x >> 8) & 0x00FF00FFu) * q[2u * j + 1u];
    }
    return acc;
}
#endif
