/* test_fp_match.c - native test of the matching kernel's C model (fp_match_cases.h); the ARMv4T
 * assembly runs the same cases in the bare-metal image fpmatchtest (test/hil/fp-match.test.ts). */
#include <stdio.h>

#include "fp_match_cases.h"

static void report(const char *name, uint32_t index, int32_t got, int32_t want)
{
    printf("FAIL %s case %u: got %d, want %d\n", name, (unsigned)index, (int)got, (int)want);
}

int main(void)
{
    uint32_t cases, fast;
    uint32_t bad = fpm_run_all(report, &cases, &fast);
    printf("fp_match: %u scores checked (%u on the packed path), %u failures\n", (unsigned)cases, (unsigned)fast, (unsigned)bad);
    return bad != 0u || fast < cases / 4u;
}
