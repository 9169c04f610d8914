/* test_enroll.c - native (gcc) test of ENROLL's choice of impressions (app/fp_enroll.c) against the
 * vectors shared with the host reference, test/vectors/fp/enroll.txt (format at its top).
 * Usage: test_enroll [vectors-file] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fp_enroll.h"
#include "vecline.h"

#define MAX_LEN 128u
#define MAX_LINE 1024

static int s_pass, s_fail;

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../test/vectors/fp/enroll.txt";
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("test_enroll: cannot open %s\n", path);
        return 1;
    }
    static char line[MAX_LINE];
    static int8_t emb[FP_ENROLL_MAX_PENDING][MAX_LEN];
    char name[64] = "";
    long p = 0, n = 0, len = 0, thr = 0, have = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "case ", 5)) {
            sscanf(line + 5, "%63s", name);
            p = vec_num(line, "p"), n = vec_num(line, "n"), len = vec_num(line, "len"), thr = vec_num(line, "threshold");
            have = 0;
            if (p < 1 || p > (long)FP_ENROLL_MAX_PENDING || len < 1 || len > (long)MAX_LEN) {
                printf("FAIL %s: bad case line\n", name);
                s_fail++;
                p = 0;
            }
        } else if (!strncmp(line, "emb ", 4) && have < p) {
            if (vec_unhex(line + 4, (uint8_t *)emb[have], (size_t)len) != (size_t)len) {
                printf("FAIL %s: embedding %ld is not %ld bytes\n", name, have, len);
                s_fail++;
            }
            have++;
        } else if ((!strncmp(line, "ok ", 3) || !strncmp(line, "mismatch ", 9)) && p > 0) {
            struct fp_enroll_choice c;
            int rc = fp_enroll_choose(&emb[0][0], MAX_LEN, (uint32_t)have, (uint32_t)n, (uint32_t)len, (int32_t)thr, &c);
            int ok;
            if (line[0] == 'o')
                ok = rc == 0 && (long)c.mask == vec_num(line, "mask") && (long)c.score == vec_num(line, "score");
            else
                ok = rc == -1 && (long)c.impression == vec_num(line, "impression") && (long)c.score == vec_num(line, "score");
            if (ok) {
                s_pass++;
            } else {
                s_fail++;
                printf("FAIL %s: rc %d mask %u impression %u score %ld, expected %s", name, rc, (unsigned)c.mask,
                       (unsigned)c.impression, (long)c.score, line);
            }
        }
    }
    fclose(f);
    printf("test_enroll: %d passed, %d failed\n", s_pass, s_fail);
    return s_fail != 0 || s_pass == 0;
}
