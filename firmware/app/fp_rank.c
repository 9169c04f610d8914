/* fp_rank.c - IDENTIFY's candidate list, ranked by margin over each template's own threshold
 * (see fp_rank.h). */
#include "fp_rank.h"

void fp_rank_init(struct fp_rank *r, uint32_t k)
{
    r->k = k == 0u ? 1u : k > FP_RANK_MAX ? FP_RANK_MAX : k;
    r->n = 0u;
}

void fp_rank_add(struct fp_rank *r, uint16_t slot, int32_t score, int32_t thr)
{
    int32_t m = score - thr;
    if (r->n == r->k && m <= r->score[r->k - 1u] - r->thr[r->k - 1u])
        return;
    uint32_t i = r->n < r->k ? r->n++ : r->k - 1u;
    while (i > 0u && r->score[i - 1u] - r->thr[i - 1u] < m) {
        r->slot[i] = r->slot[i - 1u];
        r->score[i] = r->score[i - 1u];
        r->thr[i] = r->thr[i - 1u];
        i--;
    }
    r->slot[i] = slot;
    r->score[i] = score;
    r->thr[i] = thr;
}

uint32_t fp_rank_match(const struct fp_rank *r)
{
    return r->n > 0u && r->score[0] >= r->thr[0];
}
