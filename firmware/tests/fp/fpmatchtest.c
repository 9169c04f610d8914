/* fpmatchtest.c - bare-metal test image of the fingerprint matching kernel (semihosting exit), run
 * under QEMU -icount shift=0,sleep=off with interrupts off:
 *   1. the 24 MHz counter against a loop of exactly 2,000,000 instructions (SUBS + BNE per turn):
 *      ticks * 1000 / 24 must give the loop's instructions to within two counts;
 *   2. every case of fp_match_cases.h on the ARMv4T assembly: each score equals the plain dot product;
 *   3. the kernel's cost: one 128-byte score, one 3-embedding template, a probe preparation.
 * Prints `FPMATCH ...` lines and `FPMATCH DONE passed=N failed=M`. */
#include "bsp.h"
#include "console.h"
#include "pl011.h"
#include "semihost.h"

#include "fp_match_cases.h"

#define LOOP_TURNS 1000000u

static uint32_t s_fail;

static void report(const char *name, uint32_t index, int32_t got, int32_t want)
{
    con_printf("FAIL %s case %u: got %d, want %d\n", name, (unsigned)index, (int)got, (int)want);
}

static void spin(uint32_t n) { __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc"); }

static uint32_t instr(uint32_t ticks) { return (uint32_t)(((uint64_t)ticks * 1000u) / 24u); }

int main(void)
{
    BSP_Init();
    uint32_t t0 = BSP_Counter24MHz();
    spin(LOOP_TURNS);
    uint32_t t1 = BSP_Counter24MHz();
    uint32_t got = instr(t1 - t0), want = 2u * LOOP_TURNS;
    int calib_ok = got + 84u >= want && got <= want + 84u;
    con_printf("FPMATCH calib loop=%u ticks=%u instructions=%u %s\n", (unsigned)want, (unsigned)(t1 - t0), (unsigned)got,
               calib_ok ? "ok" : "FAILED");
    if (!calib_ok) s_fail++;

    uint32_t cases, fast;
    s_fail += fpm_run_all(report, &cases, &fast);
    con_printf("FPMATCH cases scores=%u packed=%u failures=%u\n", (unsigned)cases, (unsigned)fast, (unsigned)s_fail);
    if (fast < cases / 4u) s_fail++;

    /* cost, 1000 repetitions each: embeddings of norm 127 */
    static int8_t p[FP_MATCH_MAX_LEN];
    uint32_t mask = 0;
    fpm_vector(p, FP_MATCH_MAX_LEN, 127u);
    for (uint32_t i = 0; i < 3u; i++) {
        fpm_vector(fpm_tmpl[i], FP_MATCH_MAX_LEN, 127u);
        mask |= fp_match_store(fpm_cache[i], fpm_tmpl[i], FP_MATCH_MAX_LEN) << i;
    }
    volatile int32_t sink = 0;
    t0 = BSP_Counter24MHz();
    for (uint32_t r = 0; r < 1000u; r++) fp_match_probe(&fpm_probe, p, FP_MATCH_MAX_LEN);
    t1 = BSP_Counter24MHz();
    uint32_t c_probe = instr(t1 - t0);
    t0 = BSP_Counter24MHz();
    for (uint32_t r = 0; r < 1000u; r++) sink += (int32_t)fp_dot_lanes((const uint32_t *)(const void *)fpm_cache[0], fpm_probe.q, 32u, 0u);
    t1 = BSP_Counter24MHz();
    uint32_t c_dot = instr(t1 - t0);
    t0 = BSP_Counter24MHz();
    for (uint32_t r = 0; r < 1000u; r++) sink += fp_match_best(&fpm_probe, fpm_cache[0], FP_MATCH_MAX_LEN, 1u, mask & 1u);
    t1 = BSP_Counter24MHz();
    uint32_t c_best1 = instr(t1 - t0);
    t0 = BSP_Counter24MHz();
    for (uint32_t r = 0; r < 1000u; r++) sink += fp_match_best(&fpm_probe, fpm_cache[0], FP_MATCH_MAX_LEN, 3u, mask);
    t1 = BSP_Counter24MHz();
    uint32_t c_best3 = instr(t1 - t0);
    t0 = BSP_Counter24MHz();
    for (uint32_t r = 0; r < 1000u; r++) sink += fpm_dot(fpm_tmpl[0], p, FP_MATCH_MAX_LEN);
    t1 = BSP_Counter24MHz();
    uint32_t c_plain = instr(t1 - t0);
    (void)sink;
    con_printf("FPMATCH cost (instructions per call, 1000 calls each, loop included) probe128=%u.%03u dot128=%u.%03u best1=%u.%03u best3=%u.%03u plain128=%u.%03u\n",
               (unsigned)(c_probe / 1000u), (unsigned)(c_probe % 1000u), (unsigned)(c_dot / 1000u), (unsigned)(c_dot % 1000u),
               (unsigned)(c_best1 / 1000u), (unsigned)(c_best1 % 1000u), (unsigned)(c_best3 / 1000u), (unsigned)(c_best3 % 1000u),
               (unsigned)(c_plain / 1000u), (unsigned)(c_plain % 1000u));
    if (mask != 7u) { con_printf("FAIL norm-127 embeddings not on the packed path (mask %u)\n", (unsigned)mask); s_fail++; }

    con_printf("FPMATCH DONE passed=%u failed=%u\n", (unsigned)(s_fail ? 0u : cases + 1u), (unsigned)s_fail);
    pl011_flush(BSP_UART_CONSOLE);
    semihost_exit(s_fail ? 1 : 0);
}
