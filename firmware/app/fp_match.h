/* fp_match.h - the fingerprint service's matching kernel: int8 scores (dot products) of a probe
 * embedding against cached template embeddings, equal to nn_score bit for bit.
 *
 * Cached form: a template byte t is kept as v = t + 128 (offset binary, 0..255). One 32-bit load of
 * four bytes v0..v3 gives two lanes of 16 bits by masking with 0x00FF00FF: (v0 | v2 << 16) and
 * (v1 | v3 << 16). The probe is prepared once per request as the words (p2 | p0 << 16) and
 * (p3 | p1 << 16) (two's complement, modulo 2^32). One 32-bit MLA of a lane by its probe word adds
 * v0*p0 + v2*p2 at bit 16 and the cross product v0*p2 at bit 0 (v2*p0 falls off bit 32): two
 * multiply-accumulates per MLA, 21 instructions per 16 bytes (fp_dot_armv4t.S). The accumulator
 * starts at -128 * (S23 + 2^16 * S), S the sum of the probe bytes and S23 the sum of its bytes 2 and 3
 * of every word, which removes the offsets: it ends as X + 2^16 * D (mod 2^32), D the dot product
 * and X the cross sum. |D| and |X| are at most |t| * |p| (Cauchy-Schwarz), so when sum t^2 and
 * sum p^2 are both at most FP_MATCH_NORM_MAX (L2-normalised embeddings: about 127^2 = 16129) both lie
 * in [-32767, 32767] and D = (acc + 0x8000) >> 16 exactly. Otherwise, and for lengths that are not
 * a multiple of 16, the plain loop computes the same score.
 * ARMv4T only (LDM, AND with shifted operand, MLA); no heap. */
#ifndef WHORL_FP_MATCH_H
#define WHORL_FP_MATCH_H
#include <stdint.h>

#define FP_MATCH_MAX_LEN 128u    /* embedding bytes */
#define FP_MATCH_NORM_MAX 32767u /* sum of squares up to which the packed path is exact */

typedef struct {
    const int8_t *e;                   /* the probe */
    uint32_t len;                      /* its length in bytes */
    uint32_t fast;                     /* 1: the packed path may be used with this probe */
    uint32_t init;                     /* accumulator start: -128 * (S23 + 2^16 * S) */
    uint32_t q[FP_MATCH_MAX_LEN / 2u]; /* two words per 4 probe bytes */
} fp_probe_t;

/* fp_match_store: writes embedding e (len bytes, len <= FP_MATCH_MAX_LEN) in the cached form to dst
 * (4-byte aligned). Returns 1 when its sum of squares allows the packed path, 0 otherwise. */
uint32_t fp_match_store(uint8_t *dst, const int8_t *e, uint32_t len);

/* fp_match_probe: prepares probe e (len bytes, len <= FP_MATCH_MAX_LEN) into p. e must stay valid
 * while p is used. */
void fp_match_probe(fp_probe_t *p, const int8_t *e, uint32_t len);

/* fp_match_best: the best score of the probe against n cached embeddings at t, t + stride, ...
 * (stride a multiple of 4); bit i of fast_mask is fp_match_store's answer for embedding i. Returns
 * -0x7FFFFFFF when n is 0. Each score equals nn_score(template, probe, len). */
int32_t fp_match_best(const fp_probe_t *p, const uint8_t *t, uint32_t stride, uint32_t n, uint32_t fast_mask);

/* fp_dot_lanes: acc + sum over j < words of (w[j] & 0x00FF00FF) * q[2j] + ((w[j] >> 8) & 0x00FF00FF)
 * * q[2j + 1], modulo 2^32; words is a multiple of 4, at least 4. Assembly on ARM (fp_dot_armv4t.S),
 * C elsewhere. */
uint32_t fp_dot_lanes(const uint32_t *w, const uint32_t *q, uint32_t words, uint32_t acc);

#endif
