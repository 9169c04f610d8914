/* test_store.c - native tests of the template store on the simulated NOR flash: exhaustive power
 * cuts (after every single program and erase operation) in enroll, replace, delete, delete-all
 * and compaction sequences; capacity; wear spread; bad input. Prints `N passed, M failed`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash_sim.h"
#include "store.h"

static int s_pass, s_fail;
static uint8_t s_mem[SIM_MAX_BYTES];
static struct store s_store;
static uint8_t s_buf[STORE_MAX_PAYLOAD];

static void check(int ok, const char *what)
{
    if (ok) s_pass++;
    else { s_fail++; printf("FAIL %s\n", what); }
}

/* ---- a model of what the store must hold ---- */
struct tmpl { int live; struct store_meta meta; uint16_t len; uint8_t data[STORE_MAX_PAYLOAD]; };
static struct tmpl s_model[STORE_MAX_SLOTS], s_before[STORE_MAX_SLOTS];

enum { OP_PUT, OP_DEL, OP_DEL_ALL };
struct op { int type; uint16_t slot; uint16_t len; uint32_t seed; };

static void make_tmpl(const struct op *o, struct tmpl *t)
{
    uint32_t x = o->seed * 2654435761u + 1u;
    memset(t, 0, sizeof *t);
    t->live = 1;
    snprintf(t->meta.label, sizeof t->meta.label, "finger-%u-%u", (unsigned)o->slot, (unsigned)o->seed);
    t->meta.time = o->seed;
    t->meta.quality = (uint8_t)(o->seed % 101u);
    t->meta.n_embeddings = (uint8_t)(o->len / 128u);
    t->len = o->len;
    for (uint32_t i = 0; i < o->len; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        t->data[i] = (uint8_t)x;
    }
}

static int run_op(const struct op *o)
{
    static struct tmpl t;
    switch (o->type) {
    case OP_PUT: make_tmpl(o, &t); return store_put(&s_store, o->slot, &t.meta, t.data, t.len);
    case OP_DEL: return store_delete(&s_store, o->slot);
    default: return store_delete_all(&s_store);
    }
}

static void model_apply(const struct op *o, struct tmpl *m)
{
    if (o->type == OP_PUT) make_tmpl(o, &m[o->slot]);
    else if (o->type == OP_DEL) m[o->slot].live = 0;
    else for (unsigned i = 0; i < STORE_MAX_SLOTS; i++) m[i].live = 0;
}

/* Does slot i of the store equal template t? */
static int slot_equals(unsigned i, const struct tmpl *t)
{
    struct store_meta m;
    uint16_t len;
    int rc = store_get(&s_store, (uint16_t)i, &m, s_buf, sizeof s_buf, &len);
    if (!t->live)
        return rc == STORE_E_NOT_FOUND;
    return rc == STORE_OK && len == t->len && !memcmp(s_buf, t->data, len) && !memcmp(m.label, t->meta.label, STORE_LABEL_LEN) &&
           m.time == t->meta.time && m.quality == t->meta.quality && m.n_embeddings == t->meta.n_embeddings;
}

/* The store holds either the model (`a`) or, for the interrupted operation, `b`. */
static int store_matches(const struct tmpl *a, const struct tmpl *b)
{
    int as_a = 1, as_b = 1;
    for (unsigned i = 0; i < STORE_MAX_SLOTS; i++) {
        int ea = slot_equals(i, &a[i]);
        int eb = b ? slot_equals(i, &b[i]) : 0;
        as_a &= ea;
        as_b &= eb;
        if (!ea && !eb)
            return 0;
    }
    return as_a || as_b;
}

static int s_ops_run;
static uint32_t s_round; /* varies how each interrupted operation is torn */

/* Runs ops on a fresh flash with a cut after `cut` operations (0: none); returns the number of
 * flash operations used, and checks the invariant after remounting. */
static uint32_t scenario(const struct op *ops, int nops, uint32_t bs, uint32_t nb, uint32_t cut, int *ok)
{
    static struct flash_sim f;
    flash_sim_init(&f, s_mem, bs, nb, 0xFF, 12345u + cut + 7919u * s_round);
    memset(s_model, 0, sizeof s_model);
    *ok = store_mount(&s_store, &f.dev, 0) == STORE_OK;
    f.cut_after = cut ? cut + f.ops : 0;
    int i;
    for (i = 0; i < nops && *ok; i++) {
        int rc = run_op(&ops[i]);
        if (f.dead)
            break;
        if (rc != STORE_OK && !(rc == STORE_E_NOT_FOUND && ops[i].type == OP_DEL)) {
            printf("op %d type %d slot %u: rc %d\n", i, ops[i].type, ops[i].slot, rc);
            *ok = 0;
        }
        model_apply(&ops[i], s_model);
    }
    s_ops_run += i;
    uint32_t used = f.ops;
    if (!f.dead)
        return used;
    /* power is back: mount (with repair), check, mount again, check, then keep going */
    memcpy(s_before, s_model, sizeof s_model);
    model_apply(&ops[i], s_before); /* the interrupted op, had it completed */
    flash_sim_power_on(&f);
    struct store_mount_report rep;
    *ok &= store_mount(&s_store, &f.dev, &rep) == STORE_OK && rep.corrupt_records == 0u; /* a cut only tears */
    int was_new = slot_equals(ops[i].type == OP_DEL_ALL ? 0u : ops[i].slot, &s_before[ops[i].type == OP_DEL_ALL ? 0u : ops[i].slot]);
    *ok &= store_matches(s_model, s_before);
    *ok &= store_mount(&s_store, &f.dev, 0) == STORE_OK && store_matches(s_model, s_before);
    if (was_new && store_matches(s_before, 0))
        memcpy(s_model, s_before, sizeof s_model);
    else if (!store_matches(s_model, 0))
        memcpy(s_model, s_before, sizeof s_model);
    for (int j = i + 1; j < nops && j < i + 12 && *ok; j++) {
        int rc = run_op(&ops[j]);
        if (rc != STORE_OK && !(rc == STORE_E_NOT_FOUND && ops[j].type == OP_DEL))
            *ok = 0;
        model_apply(&ops[j], s_model);
    }
    *ok &= store_mount(&s_store, &f.dev, 0) == STORE_OK && store_matches(s_model, 0);
    *ok &= f.violations == 0;
    return used;
}

static int exhaustive(const char *name, const struct op *ops, int nops, uint32_t bs, uint32_t nb)
{
    int ok;
    uint32_t k = scenario(ops, nops, bs, nb, 0, &ok);
    check(ok && store_matches(s_model, 0), name);
    int bad = 0;
    for (s_round = 0; s_round < 3u; s_round++)
        for (uint32_t n = 1; n <= k; n++) {
            scenario(ops, nops, bs, nb, n, &ok);
            if (!ok && bad++ < 3)
                printf("  %s: invariant broken with power cut at operation %u of %u (tear pattern %u)\n", name, (unsigned)n, (unsigned)k, (unsigned)s_round);
        }
    char what[96];
    snprintf(what, sizeof what, "%s: %u power cuts, every one recovered", name, (unsigned)(3u * k));
    check(bad == 0, what);
    printf("%s: %d ops, %u flash operations, %u power cuts tested (each operation cut with 3 tear patterns), %d failures\n", name, nops, (unsigned)k, (unsigned)(3u * k), bad);
    return (int)(3u * k);
}

static struct op s_ops[4096];

static int gen(int n, int slots, int maxlen, int pdel, int pdelall, uint32_t seed)
{
    uint32_t x = seed;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        uint32_t r = (x >> 8) % 100u;
        s_ops[i].type = (int)r < pdelall ? OP_DEL_ALL : ((int)r < pdelall + pdel ? OP_DEL : OP_PUT);
        s_ops[i].slot = (uint16_t)((x >> 4) % (uint32_t)slots);
        s_ops[i].len = (uint16_t)(((x >> 12) % (uint32_t)(maxlen / 4 + 1)) * 4u);
        s_ops[i].seed = seed * 1000u + (uint32_t)i;
    }
    return n;
}

int main(void)
{
    int total_cuts = 0;
    /* enroll: templates of 3 embeddings into fresh slots */
    int n = 0;
    for (int i = 0; i < 20; i++) s_ops[n++] = (struct op){ OP_PUT, (uint16_t)(i * 7), 384, (uint32_t)i + 1u };
    total_cuts += exhaustive("enroll", s_ops, n, 4096, 5);
    /* replace the same slots again and again (forces compaction on small blocks) */
    n = 0;
    for (int i = 0; i < 60; i++) s_ops[n++] = (struct op){ OP_PUT, (uint16_t)(i % 4), 256 + (uint16_t)(i % 3) * 128, 100u + (uint32_t)i };
    total_cuts += exhaustive("replace_compaction", s_ops, n, 4096, 4);
    /* delete and delete-all among puts */
    n = gen(80, 12, 512, 20, 4, 7u);
    total_cuts += exhaustive("delete_mixed", s_ops, n, 4096, 6);
    /* a long campaign across many compactions */
    n = gen(300, 40, 400, 10, 1, 99u);
    total_cuts += exhaustive("campaign", s_ops, n, 4096, 8);
    printf("power-cut campaign: %d cuts in total\n", total_cuts);

    /* capacity: 1000 templates of 3 x 128-byte embeddings + 8 bytes on the real geometry */
    static struct flash_sim f;
    flash_sim_init(&f, s_mem, 256u * 1024u, 32u, 0xFF, 1u);
    struct store_mount_report rep;
    check(store_mount(&s_store, &f.dev, &rep) == STORE_OK && rep.live == 0 && rep.dirty_blocks == 0, "mount fresh partition");
    int ok = 1;
    for (int i = 0; i < 1000 && ok; i++) {
        struct op o = { OP_PUT, (uint16_t)i, 392, (uint32_t)i + 7u };
        ok = run_op(&o) == STORE_OK;
    }
    check(ok, "1000 templates stored");
    struct store_stats st;
    store_stats(&s_store, &st);
    printf("capacity: %u live, %u blocks used, %u bytes still appendable\n", (unsigned)st.live, (unsigned)st.used_blocks, (unsigned)st.free_bytes);
    check(st.live == 1000u, "1000 live after storing");
    check(store_mount(&s_store, &f.dev, &rep) == STORE_OK && rep.live == 1000u && rep.torn_records == 0u, "1000 live after remount");
    ok = 1;
    for (int i = 0; i < 1000; i += 97) {
        struct tmpl t;
        struct op o = { OP_PUT, (uint16_t)i, 392, (uint32_t)i + 7u };
        make_tmpl(&o, &t);
        ok &= slot_equals((unsigned)i, &t);
    }
    check(ok, "templates read back identical after remount");

    /* wear: many replacements spread erases over every block */
    flash_sim_init(&f, s_mem, 4096u, 8u, 0xFF, 2u);
    store_mount(&s_store, &f.dev, 0);
    n = gen(4000, 16, 300, 5, 0, 5u);
    for (int i = 0; i < n; i++) run_op(&s_ops[i]);
    uint32_t mn = 0xFFFFFFFFu, mx = 0;
    for (unsigned b = 0; b < 8u; b++) {
        if (f.erases[b] < mn) mn = f.erases[b];
        if (f.erases[b] > mx) mx = f.erases[b];
    }
    store_stats(&s_store, &st);
    printf("wear: 4000 operations, %u compactions, erases per block min %u max %u\n", (unsigned)st.compactions, (unsigned)mn, (unsigned)mx);
    check(mn > 0 && mx <= mn + mn / 4u + 2u, "erases spread evenly (max <= 1.25 x min + 2)");
    check(f.violations == 0, "never programs a 0 bit back to 1");
    /* a block whose header was lost (erase cut short) keeps a high erase count, not 1 */
    uint32_t min_before = st.erase_min, max_before = st.erase_max;
    memset(s_mem, 0xFF, 4096u); /* block 0: erased, its header never written again */
    check(store_mount(&s_store, &f.dev, &rep) == STORE_OK && rep.dirty_blocks == 0u, "mount with a lost block header");
    store_stats(&s_store, &st);
    printf("wear: erase counts %u..%u before, %u..%u after losing a header\n", (unsigned)min_before, (unsigned)max_before, (unsigned)st.erase_min, (unsigned)st.erase_max);
    check(st.erase_min >= min_before && st.erase_max <= max_before + 1u, "a block with a lost header takes the highest known erase count");

    /* bad input changes nothing */
    flash_sim_init(&f, s_mem, 4096u, 5u, 0xFF, 3u);
    store_mount(&s_store, &f.dev, 0);
    struct op o = { OP_PUT, 3, 100, 1 };
    run_op(&o);
    uint32_t before = f.ops;
    struct store_meta m = { "x", 0, 0, 0 };
    check(store_put(&s_store, STORE_MAX_SLOTS, &m, s_buf, 4) == STORE_E_RANGE, "slot out of range refused");
    check(store_put(&s_store, 5, &m, s_buf, STORE_MAX_PAYLOAD + 1u) == STORE_E_TOO_BIG, "payload too large refused");
    check(store_delete(&s_store, 9) == STORE_E_NOT_FOUND, "deleting an empty slot refused");
    check(store_delete(&s_store, 60000) == STORE_E_RANGE, "delete out of range refused");
    check(f.ops == before, "refused requests write nothing");
    memset(s_model, 0, sizeof s_model);
    model_apply(&o, s_model);
    check(store_matches(s_model, 0), "contents unchanged by refused requests");

    /* a partition full of garbage (never formatted) mounts and is formatted */
    flash_sim_init(&f, s_mem, 4096u, 5u, 0x5A, 4u);
    check(store_mount(&s_store, &f.dev, &rep) == STORE_OK && rep.live == 0 && rep.dirty_blocks == 5u, "garbage partition is formatted at mount");
    check(run_op(&o) == STORE_OK && store_mount(&s_store, &f.dev, &rep) == STORE_OK && rep.live == 1u, "usable after formatting");

    /* a committed record whose payload changed afterwards is reported corrupt, not torn, and dropped */
    flash_sim_init(&f, s_mem, 4096u, 5u, 0xFF, 5u);
    store_mount(&s_store, &f.dev, 0);
    run_op(&o);
    s_mem[s_store.slots[3].off + 64u + 5u] &= 0xF7u; /* NOR can still clear a bit of a written record */
    check(store_mount(&s_store, &f.dev, &rep) == STORE_OK && rep.corrupt_records == 1u && rep.torn_records == 0u && rep.live == 0u,
          "a record with its commit word but a bad CRC is counted corrupt and not served");

    printf("test_store: %d passed, %d failed\n", s_pass, s_fail);
    return s_fail ? 1 : 0;
}
