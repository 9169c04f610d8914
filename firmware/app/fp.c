/* fp.c - fingerprint service: commands 0x20-0x28 (docs/protocol.md). The matcher is the int8 model
 * in the model partition; templates live in the template store (store/) with a RAM copy of their
 * embeddings for 1:N search. Every request is checked completely before anything is changed. */
#include <string.h>

#include <ucos_ii.h>

#include "bsp.h"
#include "cfi_flash.h"
#include "console.h"
#include "ptable.h"
#include "fp.h"
#include "fp_enroll.h"
#include "fp_match.h"
#include "fp_rank.h"
#include "fp_sensor.h"
#include "fp_thresholds.h"
#include "nn.h"
#include "nn_armv4t.h"
#include "proto.h"
#include "storage.h"

#define FP_ARENA_BYTES (160u * 1024u)
#define FP_PACKED_BYTES (528u * 1024u) /* nn_armv4t_packed_bytes: 2 bytes a conv weight (256 KiB budget) + 12 a channel */
#define FP_WORK_BYTES NN_PRINT_WORK_MAX

static nn_model_t s_model;
static int s_model_ok;
static nn_armv4t_ctx_t s_ctx;
static uint32_t s_packed[FP_PACKED_BYTES / 4u];
static int8_t s_arena[FP_ARENA_BYTES] __attribute__((aligned(4)));
static uint8_t s_work[FP_WORK_BYTES];
static uint8_t s_pre[255u * 255u];

/* Impressions captured since the last "new set" capture (most recent last). */
static int8_t s_pending[FP_MAX_IMPRESSIONS][FP_MAX_EMB];
static uint8_t s_pending_q[FP_MAX_IMPRESSIONS];
static uint32_t s_npending;

/* RAM copy of the stored embeddings (first FP_MAX_IMPRESSIONS of each live slot) in the matching
 * kernel's form (fp_match.h: offset binary), and per slot which of them the packed path may use. */
static uint8_t s_cache[STORE_MAX_SLOTS][FP_MAX_IMPRESSIONS][FP_MAX_EMB] __attribute__((aligned(4)));
static uint8_t s_cache_n[STORE_MAX_SLOTS];
static uint8_t s_cache_fast[STORE_MAX_SLOTS];

static uint32_t s_thr_index = FP_THRESHOLD_DEFAULT;
static struct {
    uint32_t captures, enrolls, verifies, identifies, rejected;
    uint32_t last_capture, last_enroll, last_verify, last_identify; /* guest instructions */
    uint32_t last_delete, last_list;
} s_stats;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static void wr16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

/* Guest instructions between two counter readings. QEMU's SYS_24MHZ is its virtual clock in
 * nanoseconds times 24/1000; under -icount shift=0 the virtual clock advances one nanosecond per
 * guest instruction, so one count is 1000/24 = 41.67 instructions (each figure is exact to one count;
 * interrupts taken meanwhile are included). Checked against a gdb single-step count of VERIFY and
 * IDENTIFY and a 2,000,000-instruction loop (docs/fp-bench.md). Without icount the counter follows the
 * host clock and the figure is nanoseconds of emulation, not instructions. The 32-bit difference is
 * exact for commands shorter than 2^32 counts (179 s). */
static uint32_t instr_since(uint32_t t0) { return (uint32_t)(((uint64_t)(BSP_Counter24MHz() - t0) * 1000u) / 24u); }

#if FP_TEMPLATE_SIZES != FP_MAX_IMPRESSIONS
#error "fp_thresholds.h: one threshold column per template size 1..FP_MAX_IMPRESSIONS"
#endif
#if FP_MAX_CANDIDATES > FP_RANK_MAX
#error "fp_rank.h holds fewer candidates than IDENTIFY may ask for"
#endif
/* The operating threshold for a template of n impressions (1..FP_MAX_IMPRESSIONS): the best of more
 * impressions matches an impostor more often, so each size has its own score for the target FMR. */
static int32_t threshold(uint32_t n)
{
    if (n == 0u) n = 1u;
    if (n > FP_TEMPLATE_SIZES) n = FP_TEMPLATE_SIZES;
    return fp_thresholds[s_thr_index].score[n - 1u];
}
/* Enrollment's consistency check has its own threshold, FMR 1/20 (FP_ENROLL_SCORE): it only keeps
 * another finger out of a template. Measured with the committed model on 100 held-out synthetic
 * fingers, impressions 1..3: at FMR 1/1000 82 % of fingers failed it, at 1/100 36 %, at 1/20 12 %
 * (two impressions plus one of another finger then pass 6 % of the time); docs/architecture.md. */
static int32_t enroll_threshold(void) { return FP_ENROLL_SCORE; }

static int load_model(void)
{
    uint32_t off = 0, size = 0;
    int pe = app_ptable_find(PT_TYPE_MODEL, &off, &size);
    if (pe != 0)
        return pe == PT_E_MISSING ? NN_ERR_EMPTY : NN_ERR_IMAGE;
    int e = nn_model_from_image((const uint8_t *)BSP_FLASH_BASE + off, size, &s_model);
    if (e != NN_OK)
        return e;
    if (s_model.emb_len > FP_MAX_EMB || s_model.arena_bytes > FP_ARENA_BYTES || s_model.input.h > 255u)
        return NN_ERR_FIELD;
    return nn_armv4t_prepare(&s_model, &s_ctx, s_packed, sizeof s_packed);
}

static void cache_slot(struct store *st, uint16_t slot)
{
    static uint8_t payload[STORE_MAX_PAYLOAD];
    struct store_meta m;
    uint16_t len = 0;
    s_cache_n[slot] = 0;
    if (store_get(st, slot, &m, payload, sizeof payload, &len) != STORE_OK || s_model.emb_len == 0u)
        return;
    uint32_t n = len / s_model.emb_len, fast = 0;
    if (n > FP_MAX_IMPRESSIONS)
        n = FP_MAX_IMPRESSIONS;
    for (uint32_t i = 0; i < n; i++)
        fast |= fp_match_store(s_cache[slot][i], (const int8_t *)(payload + i * s_model.emb_len), s_model.emb_len) << i;
    s_cache_fast[slot] = (uint8_t)fast;
    s_cache_n[slot] = (uint8_t)n;
}

/* Best score of probe `p` against a cached slot (each embedding's score equals nn_score's). */
static int32_t slot_score(uint32_t slot, const fp_probe_t *p)
{
    return fp_match_best(p, s_cache[slot][0], FP_MAX_EMB, s_cache_n[slot], s_cache_fast[slot]);
}

/* Probes prepared for the matching kernel: the current request's (ENROLL: one per impression). */
static fp_probe_t s_probes[FP_MAX_IMPRESSIONS];

/* ---- commands (executed by the service task) ---- */

static int cmd_capture(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    if (len != 2u)
        return ST_E_BAD_LENGTH;
    if (!s_model_ok)
        return ST_E_NO_MODEL;
    if ((req[1] & ~1u) != 0u)
        return ST_E_BAD_PARAM;
    uint32_t t0 = BSP_Counter24MHz();
    struct fp_image img;
    int st = fp_sensor_capture(req[0], &img);
    if (st != ST_OK)
        return st;
    if (req[1] & 1u)
        s_npending = 0;
    if (s_npending == FP_MAX_IMPRESSIONS) { /* keep the most recent */
        memmove(s_pending[0], s_pending[1], sizeof s_pending - sizeof s_pending[0]);
        memmove(s_pending_q, s_pending_q + 1, FP_MAX_IMPRESSIONS - 1u);
        s_npending--;
    }
    nn_quality_t q;
    int e = nn_embed_print(&s_model, &nn_armv4t_ops, &s_ctx, img.pixels, img.h, img.w, img.dpi, s_work, sizeof s_work, s_pre,
                           s_arena, sizeof s_arena, s_pending[s_npending], &q);
    s_stats.captures++;
    s_stats.last_capture = instr_since(t0);
    if (e == NN_ERR_ARG || e == NN_ERR_WORK)
        return ST_E_BAD_PARAM; /* size or resolution the preprocessing does not take */
    if (e != NN_OK)
        return ST_E_INTERNAL;
    wr16(resp, img.w); wr16(resp + 2, img.h); wr16(resp + 4, img.dpi);
    resp[6] = q.reason;
    resp[7] = q.quality;
    wr32(resp + 8, s_stats.last_capture);
    if (q.reason != NN_Q_OK) {
        s_stats.rejected++;
        resp[12] = (uint8_t)s_npending;
        *resp_len = 13u;
        return ST_E_QUALITY;
    }
    s_pending_q[s_npending++] = q.quality;
    resp[12] = (uint8_t)s_npending;
    *resp_len = 13u;
    return ST_OK;
}

static int cmd_enroll(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    if (len != 8u + STORE_LABEL_LEN)
        return ST_E_BAD_LENGTH;
    struct store *st = app_store();
    uint16_t slot = rd16(req);
    uint32_t n = req[2] ? req[2] : FP_DEFAULT_IMPRESSIONS;
    uint8_t flags = req[3];
    if (slot >= STORE_MAX_SLOTS || n > FP_MAX_IMPRESSIONS || (flags & ~1u) != 0u)
        return ST_E_BAD_PARAM;
    if (!s_model_ok)
        return ST_E_NO_MODEL;
    if (st == 0)
        return ST_E_FLASH;
    if (s_npending < n)
        return ST_E_SEQUENCE; /* capture n good impressions first */
    uint32_t t0 = BSP_Counter24MHz();
    /* the impressions must match each other (each one's best partner reaches the enroll threshold):
     * the n of the pending captures that agree best */
    struct fp_enroll_choice ch;
    if (fp_enroll_choose(&s_pending[0][0], FP_MAX_EMB, s_npending, n, s_model.emb_len, enroll_threshold(), &ch) != 0) {
        resp[0] = (uint8_t)ch.impression;
        wr32(resp + 1, (uint32_t)ch.score);
        *resp_len = 5u;
        return ST_E_MISMATCH;
    }
    const int8_t *imp[FP_MAX_IMPRESSIONS];
    uint8_t imp_q[FP_MAX_IMPRESSIONS];
    for (uint32_t i = 0, k = 0; i < s_npending; i++) {
        if ((ch.mask & (1u << i)) != 0u) {
            imp[k] = s_pending[i];
            imp_q[k++] = s_pending_q[i];
        }
    }
    /* a finger already enrolled elsewhere is a duplicate unless forced */
    if (!(flags & 1u)) {
        for (uint32_t i = 0; i < n; i++)
            fp_match_probe(&s_probes[i], imp[i], s_model.emb_len);
        for (uint32_t s = 0; s < STORE_MAX_SLOTS; s++) {
            if (s == slot || s_cache_n[s] == 0u) continue;
            int32_t thr = threshold(s_cache_n[s]);
            for (uint32_t i = 0; i < n; i++) {
                int32_t sc = slot_score(s, &s_probes[i]);
                if (sc >= thr) {
                    wr16(resp, s);
                    wr32(resp + 2, (uint32_t)sc);
                    *resp_len = 6u;
                    return ST_E_DUPLICATE;
                }
            }
        }
    }
    static uint8_t payload[FP_MAX_IMPRESSIONS * FP_MAX_EMB];
    struct store_meta m;
    memset(&m, 0, sizeof m);
    memcpy(m.label, req + 8, STORE_LABEL_LEN);
    m.time = rd32(req + 4);
    m.n_embeddings = (uint8_t)n;
    m.quality = 100;
    for (uint32_t i = 0; i < n; i++) {
        memcpy(payload + i * s_model.emb_len, imp[i], s_model.emb_len);
        if (imp_q[i] < m.quality) m.quality = imp_q[i];
    }
    int rc = store_put(st, slot, &m, payload, (uint16_t)(n * s_model.emb_len));
    if (rc == STORE_E_FULL)
        return ST_E_NO_SPACE;
    if (rc != STORE_OK)
        return ST_E_FLASH;
    cache_slot(st, slot);
    s_npending = 0;
    s_stats.enrolls++;
    s_stats.last_enroll = instr_since(t0);
    wr16(resp, slot);
    resp[2] = (uint8_t)n;
    resp[3] = m.quality;
    wr32(resp + 4, s_stats.last_enroll);
    resp[8] = (uint8_t)ch.mask;
    *resp_len = 9u;
    return ST_OK;
}

static int probe_ready(void)
{
    if (!s_model_ok) return ST_E_NO_MODEL;
    if (app_store() == 0) return ST_E_FLASH;
    if (s_npending == 0u) return ST_E_SEQUENCE; /* capture a probe first */
    return ST_OK;
}

static int cmd_verify(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    if (len != 2u)
        return ST_E_BAD_LENGTH;
    uint16_t slot = rd16(req);
    if (slot >= STORE_MAX_SLOTS)
        return ST_E_BAD_PARAM;
    int st = probe_ready();
    if (st != ST_OK)
        return st;
    if (s_cache_n[slot] == 0u)
        return ST_E_NOT_FOUND;
    uint32_t t0 = BSP_Counter24MHz();
    fp_match_probe(&s_probes[0], s_pending[s_npending - 1u], s_model.emb_len);
    int32_t sc = slot_score(slot, &s_probes[0]);
    s_stats.verifies++;
    s_stats.last_verify = instr_since(t0);
    int32_t thr = threshold(s_cache_n[slot]);
    wr32(resp, (uint32_t)sc);
    resp[4] = sc >= thr;
    wr32(resp + 5, (uint32_t)thr);
    wr32(resp + 9, s_stats.last_verify);
    *resp_len = 13u;
    return ST_OK;
}

static int cmd_identify(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    if (len != 1u)
        return ST_E_BAD_LENGTH;
    uint32_t k = req[0];
    if (k == 0u || k > FP_MAX_CANDIDATES)
        return ST_E_BAD_PARAM;
    int st = probe_ready();
    if (st != ST_OK)
        return st;
    uint32_t t0 = BSP_Counter24MHz();
    fp_match_probe(&s_probes[0], s_pending[s_npending - 1u], s_model.emb_len);
    /* ranked by margin over each template's own threshold (fp_rank.h): the best candidate matches
     * exactly when some template would pass VERIFY */
    static struct fp_rank rank;
    fp_rank_init(&rank, k);
    for (uint32_t s = 0; s < STORE_MAX_SLOTS; s++) {
        if (s_cache_n[s] == 0u) continue;
        fp_rank_add(&rank, (uint16_t)s, slot_score(s, &s_probes[0]), threshold(s_cache_n[s]));
    }
    s_stats.identifies++;
    s_stats.last_identify = instr_since(t0);
    uint32_t nc = rank.n;
    resp[0] = (uint8_t)nc;
    resp[1] = (uint8_t)fp_rank_match(&rank);
    wr32(resp + 2, (uint32_t)(nc > 0u ? rank.thr[0] : threshold(FP_TEMPLATE_NOMINAL)));
    wr32(resp + 6, s_stats.last_identify);
    for (uint32_t i = 0; i < nc; i++) {
        wr16(resp + 10 + 6 * i, rank.slot[i]);
        wr32(resp + 12 + 6 * i, (uint32_t)rank.score[i]);
    }
    for (uint32_t i = 0; i < nc; i++) /* then each candidate's threshold (older hosts stop before) */
        wr32(resp + 10 + 6 * nc + 4 * i, (uint32_t)rank.thr[i]);
    *resp_len = (uint16_t)(10u + 10u * nc);
    return ST_OK;
}

static int cmd_delete(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    (void)resp;
    *resp_len = 0;
    if (len != 2u)
        return ST_E_BAD_LENGTH;
    uint16_t slot = rd16(req);
    if (slot >= STORE_MAX_SLOTS)
        return ST_E_BAD_PARAM;
    struct store *st = app_store();
    if (st == 0)
        return ST_E_FLASH;
    uint32_t t0 = BSP_Counter24MHz();
    int rc = store_delete(st, slot);
    if (rc == STORE_E_NOT_FOUND)
        return ST_E_NOT_FOUND;
    if (rc != STORE_OK)
        return ST_E_FLASH;
    s_cache_n[slot] = 0;
    s_stats.last_delete = instr_since(t0);
    return ST_OK;
}

static int cmd_delete_all(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    (void)resp;
    *resp_len = 0;
    if (len != 4u)
        return ST_E_BAD_LENGTH;
    if (rd32(req) != FP_DELETE_ALL_KEY)
        return ST_E_BAD_PARAM;
    struct store *st = app_store();
    if (st == 0)
        return ST_E_FLASH;
    if (store_delete_all(st) != STORE_OK)
        return ST_E_FLASH;
    memset(s_cache_n, 0, sizeof s_cache_n);
    return ST_OK;
}

static int cmd_list(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    if (len != 2u)
        return ST_E_BAD_LENGTH;
    uint16_t from = rd16(req);
    if (from > STORE_MAX_SLOTS)
        return ST_E_BAD_PARAM;
    struct store *st = app_store();
    if (st == 0)
        return ST_E_FLASH;
    uint32_t t0 = BSP_Counter24MHz();
    struct store_stats ss;
    store_stats(st, &ss);
    uint16_t cap = *resp_len, n = 4u;
    int s = store_next(st, from);
    while (s >= 0) {
        struct store_meta m;
        uint16_t plen;
        if (n + 9u + STORE_LABEL_LEN > cap) break;
        if (store_get(st, (uint16_t)s, &m, 0, 0, &plen) != STORE_OK)
            return ST_E_FLASH;
        uint8_t ll = 0;
        while (ll < STORE_LABEL_LEN && m.label[ll]) ll++;
        wr16(resp + n, (uint32_t)s); resp[n + 2] = m.n_embeddings; resp[n + 3] = m.quality;
        wr32(resp + n + 4, m.time); resp[n + 8] = ll;
        memcpy(resp + n + 9, m.label, ll);
        n = (uint16_t)(n + 9u + ll);
        s = store_next(st, (uint32_t)s + 1u);
    }
    wr16(resp, ss.live);
    wr16(resp + 2, s < 0 ? 0xFFFFu : (uint32_t)s);
    *resp_len = n;
    s_stats.last_list = instr_since(t0);
    return ST_OK;
}

static int cmd_threshold(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    if (len != 1u && len != 5u)
        return ST_E_BAD_LENGTH;
    if (req[0] == 1u && len == 5u) {
        uint32_t want = rd32(req + 1), i;
        for (i = 0; i < FP_THRESHOLD_COUNT && fp_thresholds[i].fmr_inv != want; i++) {}
        if (i == FP_THRESHOLD_COUNT)
            return ST_E_BAD_PARAM; /* the supported targets are listed in the answer to a read */
        s_thr_index = i;
    } else if (!(req[0] == 0u && len == 1u)) {
        return ST_E_BAD_PARAM;
    }
    /* the single scores are for a template of FP_TEMPLATE_NOMINAL impressions (the default enrollment) */
    wr32(resp, fp_thresholds[s_thr_index].fmr_inv);
    wr32(resp + 4, (uint32_t)threshold(FP_TEMPLATE_NOMINAL));
    resp[8] = (uint8_t)FP_THRESHOLD_COUNT;
    for (uint32_t i = 0; i < FP_THRESHOLD_COUNT; i++) {
        wr32(resp + 9 + 8 * i, fp_thresholds[i].fmr_inv);
        wr32(resp + 13 + 8 * i, (uint32_t)fp_thresholds[i].score[FP_TEMPLATE_NOMINAL - 1u]);
    }
    uint8_t *p = resp + 9 + 8 * FP_THRESHOLD_COUNT;
    wr32(p, FP_ENROLL_FMR_INV); /* then the enrollment check's threshold */
    wr32(p + 4, (uint32_t)FP_ENROLL_SCORE);
    p[8] = (uint8_t)FP_TEMPLATE_SIZES; /* then every level's score per template size */
    p += 9;
    for (uint32_t i = 0; i < FP_THRESHOLD_COUNT; i++)
        for (uint32_t k = 0; k < FP_TEMPLATE_SIZES; k++, p += 4)
            wr32(p, (uint32_t)fp_thresholds[i].score[k]);
    *p++ = (uint8_t)FP_TEMPLATE_NOMINAL; /* then the size the single scores are for */
    *resp_len = (uint16_t)(p - resp); /* 19 + 8 * FP_THRESHOLD_COUNT + 4 * FP_THRESHOLD_COUNT * FP_TEMPLATE_SIZES */
    return ST_OK;
}

static int cmd_stats(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    (void)req;
    if (len != 0u)
        return ST_E_BAD_LENGTH;
    struct store *st = app_store();
    struct store_stats ss;
    memset(&ss, 0, sizeof ss);
    if (st) store_stats(st, &ss);
    const uint32_t v[] = { s_stats.captures, s_stats.enrolls, s_stats.verifies, s_stats.identifies, s_stats.rejected,
                           s_stats.last_capture, s_stats.last_enroll, s_stats.last_verify, s_stats.last_identify,
                           ss.live, STORE_MAX_SLOTS, (uint32_t)s_model_ok, s_model_ok ? s_model.crc32 : 0u, s_npending,
                           s_stats.last_delete, s_stats.last_list };
    for (uint32_t i = 0; i < sizeof v / sizeof v[0]; i++) wr32(resp + 4 * i, v[i]);
    *resp_len = (uint16_t)sizeof v;
    return ST_OK;
}

/* ---- service task: the protocol task hands a request over and waits ---- */

static OS_STK s_fp_stk[APP_TASK_WORK_STK_SIZE];
static OS_EVENT *s_req_mbox, *s_done;
static struct {
    proto_handler_t fn;
    const uint8_t *req;
    uint16_t len;
    uint8_t *resp;
    uint16_t *resp_len;
    int status;
} s_job;

static void task_fp(void *arg)
{
    INT8U err;
    (void)arg;
    for (;;) {
        (void)OSMboxPend(s_req_mbox, 0u, &err);
        s_job.status = s_job.fn(s_job.req, s_job.len, s_job.resp, s_job.resp_len);
        (void)OSSemPost(s_done);
    }
}

static int run_in_task(proto_handler_t fn, const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    INT8U err;
    s_job.fn = fn; s_job.req = req; s_job.len = len; s_job.resp = resp; s_job.resp_len = resp_len;
    if (OSMboxPost(s_req_mbox, &s_job) != OS_ERR_NONE)
        return ST_E_BUSY;
    OSSemPend(s_done, 0u, &err);
    return s_job.status;
}

#define FP_WRAP(name) \
    static int t_##name(const uint8_t *q, uint16_t l, uint8_t *r, uint16_t *rl) { return run_in_task(name, q, l, r, rl); }
FP_WRAP(cmd_capture)
FP_WRAP(cmd_enroll)
FP_WRAP(cmd_verify)
FP_WRAP(cmd_identify)
FP_WRAP(cmd_delete)
FP_WRAP(cmd_delete_all)
FP_WRAP(cmd_list)
FP_WRAP(cmd_threshold)
FP_WRAP(cmd_stats)

void fp_init(void)
{
    int e = load_model();
    s_model_ok = e == NN_OK;
    if (s_model_ok)
        con_printf("model: '%s', %u layers, embedding %u, input %ux%u, CRC 0x%08x\n", s_model.name, (unsigned)s_model.n_layers,
                   (unsigned)s_model.emb_len, (unsigned)s_model.input.w, (unsigned)s_model.input.h, (unsigned)s_model.crc32);
    else
        con_printf("model: none (%s); fingerprint commands answer NO_MODEL\n", nn_strerror(e));
    struct store *st = app_store();
    uint32_t n = 0;
    if (st && s_model_ok)
        for (int s = store_next(st, 0); s >= 0; s = store_next(st, (uint32_t)s + 1u), n++)
            cache_slot(st, (uint16_t)s);
    con_printf("fp: %u templates cached, threshold FMR 1/%u (score %d for %u impressions)\n", (unsigned)n,
               (unsigned)fp_thresholds[s_thr_index].fmr_inv, (int)threshold(FP_TEMPLATE_NOMINAL), (unsigned)FP_TEMPLATE_NOMINAL);
    fp_sensor_init();
    s_req_mbox = OSMboxCreate(0);
    s_done = OSSemCreate(0);
    INT8U err = OSTaskCreateExt(task_fp, 0, &s_fp_stk[APP_TASK_WORK_STK_SIZE - 1u], APP_TASK_WORK_PRIO, APP_TASK_WORK_PRIO, s_fp_stk,
                                APP_TASK_WORK_STK_SIZE, 0, OS_TASK_OPT_STK_CHK | OS_TASK_OPT_STK_CLR);
    ASSERT(err == OS_ERR_NONE);
    OSTaskNameSet(APP_TASK_WORK_PRIO, (INT8U *)(void *)"fp", &err);
    proto_register(CMD_FP_CAPTURE, t_cmd_capture);
    proto_register(CMD_FP_ENROLL, t_cmd_enroll);
    proto_register(CMD_FP_VERIFY, t_cmd_verify);
    proto_register(CMD_FP_IDENTIFY, t_cmd_identify);
    proto_register(CMD_FP_DELETE, t_cmd_delete);
    proto_register(CMD_FP_DELETE_ALL, t_cmd_delete_all);
    proto_register(CMD_FP_LIST, t_cmd_list);
    proto_register(CMD_FP_THRESHOLD, t_cmd_threshold);
    proto_register(CMD_FP_STATS, t_cmd_stats);
}
