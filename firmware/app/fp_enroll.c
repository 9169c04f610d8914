/* fp_enroll.c - ENROLL's choice of impressions among the pending captures (fp_enroll.h). */
#include "fp_enroll.h"

#include "nn.h"

#define P FP_ENROLL_MAX_PENDING

/* Best partner of capture i among the others of `mask` (-0x7FFFFFFF when it has none). */
static int32_t best_partner(int32_t s[P][P], uint32_t mask, uint32_t i)
{
    int32_t best = -0x7FFFFFFF;
    for (uint32_t j = 0; j < P; j++)
        if (j != i && (mask & (1u << j)) != 0u && s[i][j] > best)
            best = s[i][j];
    return best;
}

static uint32_t popcount(uint32_t v)
{
    uint32_t k = 0;
    for (; v != 0u; v &= v - 1u)
        k++;
    return k;
}

int fp_enroll_choose(const int8_t *emb, uint32_t stride, uint32_t p, uint32_t n, uint32_t len, int32_t threshold,
                     struct fp_enroll_choice *c)
{
    c->mask = 0u;
    c->score = 0;
    c->impression = 0u;
    if (n == 0u || n > p || p > P)
        return -1;
    if (n == 1u) {
        c->mask = 1u << (p - 1u);
        c->score = 0x7FFFFFFF;
        return 0;
    }
    static int32_t s[P][P]; /* pairwise scores, 100 bytes */
    for (uint32_t i = 0; i < p; i++)
        for (uint32_t j = i + 1u; j < p; j++)
            s[i][j] = s[j][i] = nn_score(emb + i * stride, emb + j * stride, len);
    int32_t chosen_low = 0;
    for (uint32_t mask = 1u; mask < (1u << p); mask++) {
        if (popcount(mask) != n)
            continue;
        int32_t low = 0x7FFFFFFF;
        for (uint32_t i = 0; i < p; i++) {
            if ((mask & (1u << i)) == 0u)
                continue;
            int32_t b = best_partner(s, mask, i);
            if (b < low)
                low = b;
        }
        if (low >= threshold && (c->mask == 0u || low >= chosen_low)) { /* masks rise: >= prefers recent */
            c->mask = mask;
            chosen_low = low;
        }
    }
    if (c->mask != 0u) {
        c->score = chosen_low;
        return 0;
    }
    uint32_t last = ((1u << n) - 1u) << (p - n); /* the last n captures */
    for (uint32_t i = p - n; i < p; i++) {
        int32_t b = best_partner(s, last, i);
        if (b < threshold) {
            c->impression = i - (p - n);
            c->score = b;
            break;
        }
    }
    return -1;
}
