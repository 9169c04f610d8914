/* fp_enroll.h - ENROLL's choice of impressions (docs/protocol.md): from the pending captures, the
 * n that agree with each other best. Portable C (native test: tests/host/test_enroll.c, vectors
 * shared with the host reference in test/vectors/fp/enroll.vec). */
#ifndef WHORL_FP_ENROLL_H
#define WHORL_FP_ENROLL_H
#include <stdint.h>

#define FP_ENROLL_MAX_PENDING 5u /* captures a choice is made from (FP_MAX_IMPRESSIONS) */

struct fp_enroll_choice {
    uint32_t mask;       /* the chosen captures: bit i is pending capture i, oldest first; 0 if none */
    int32_t score;       /* chosen: their lowest best-partner score; refused: the named impression's best score */
    uint32_t impression; /* refused: which of the last n captures (0 = the oldest of them) matches none of the others */
};

/* fp_enroll_choose: `emb` holds `p` embeddings of `len` bytes, `stride` bytes apart, oldest first.
 * A set of n of them agrees when each one's best partner in the set scores at least `threshold`
 * (nn_score). Chooses, among the sets that agree, the one whose lowest best-partner score is the
 * highest (ties: the one with the most recent captures, i.e. the larger mask). n == 1 takes the most
 * recent capture. Returns 0 with c->mask set, or -1 when no set agrees (or 0 == n > p): c then names
 * the first of the last n captures whose best partner among those n scores below the threshold,
 * as ENROLL has always reported. */
int fp_enroll_choose(const int8_t *emb, uint32_t stride, uint32_t p, uint32_t n, uint32_t len, int32_t threshold,
                     struct fp_enroll_choice *c);
#endif
