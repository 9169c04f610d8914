/* test_rank.c - native (gcc) test of IDENTIFY's candidate ranking (app/fp_rank.c) against the vectors
 * shared with the host reference, test/vectors/fp/identify.txt (format at its top).
 * Usage: test_rank [vectors-file] */
#include <stdio.h>
#include <string.h>

#include "fp_rank.h"
#include "vecline.h"

#define MAX_LINE 256

static int s_pass, s_fail;

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../test/vectors/fp/identify.txt";
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("test_rank: cannot open %s\n", path);
        return 1;
    }
    static char line[MAX_LINE];
    static struct fp_rank r;
    char name[64] = "";
    long want = -1, seen = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "case ", 5)) {
            sscanf(line + 5, "%63s", name);
            fp_rank_init(&r, (uint32_t)vec_num(line, "k"));
            want = -1;
        } else if (!strncmp(line, "t ", 2)) {
            fp_rank_add(&r, (uint16_t)vec_num(line, "slot"), (int32_t)vec_num(line, "score"), (int32_t)vec_num(line, "thr"));
        } else if (!strncmp(line, "want ", 5)) {
            want = vec_num(line, "count");
            seen = 0;
            bad = (long)r.n != want || (long)fp_rank_match(&r) != vec_num(line, "match");
            if (want == 0) {
                bad ? s_fail++ : s_pass++;
                if (bad) printf("FAIL %s: %u candidates, match %u; expected %s", name, (unsigned)r.n, (unsigned)fp_rank_match(&r), line);
            }
        } else if (!strncmp(line, "c ", 2) && want > 0) {
            long i = seen++;
            if (i >= (long)r.n || r.slot[i] != vec_num(line, "slot") || r.score[i] != vec_num(line, "score") || r.thr[i] != vec_num(line, "thr"))
                bad = 1;
            if (seen == want) {
                bad ? s_fail++ : s_pass++;
                if (bad) printf("FAIL %s: candidate list differs (count %u, match %u)\n", name, (unsigned)r.n, (unsigned)fp_rank_match(&r));
            }
        }
    }
    fclose(f);
    printf("test_rank: %d passed, %d failed\n", s_pass, s_fail);
    return s_fail != 0 || s_pass == 0;
}
