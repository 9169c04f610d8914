/* fp_rank.h - IDENTIFY's candidate list (docs/protocol.md): the k stored templates whose scores lie
 * highest above their own threshold. A template of more impressions is decided at a higher score
 * (fp_thresholds.h, one score per template size), so candidates are ranked by margin = score minus
 * the threshold of the template's size, not by raw score: the best candidate matches exactly when
 * some template would pass VERIFY. Portable C, no heap (native test: tests/host/test_rank.c, vectors
 * shared with the host reference in test/vectors/fp/identify.txt). */
#ifndef WHORL_FP_RANK_H
#define WHORL_FP_RANK_H
#include <stdint.h>

#define FP_RANK_MAX 8u /* candidates a list can hold (FP_MAX_CANDIDATES) */

struct fp_rank {
    uint32_t k;                  /* candidates wanted, 1..FP_RANK_MAX */
    uint32_t n;                  /* candidates held, best first */
    uint16_t slot[FP_RANK_MAX];
    int32_t score[FP_RANK_MAX];
    int32_t thr[FP_RANK_MAX];    /* the threshold of the candidate's template size */
};

/* fp_rank_init: an empty list of k candidates (k is clamped to 1..FP_RANK_MAX). */
void fp_rank_init(struct fp_rank *r, uint32_t k);

/* fp_rank_add: offers a template's score and threshold. Kept when the list has room or its margin
 * (score - thr, exact: |score|, |thr| < 2^30) is above the last one's; among equal margins the one
 * offered first stays ahead (IDENTIFY offers slots in ascending order: the lower slot first). */
void fp_rank_add(struct fp_rank *r, uint16_t slot, int32_t score, int32_t thr);

/* fp_rank_match: 1 when the best candidate reaches its threshold, 0 otherwise (also when empty). */
uint32_t fp_rank_match(const struct fp_rank *r);
#endif
