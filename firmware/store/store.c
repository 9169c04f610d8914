/* store.c - log-structured template store. Layout and rules: docs/flash-layout.md. */
#include <string.h>

#include "crc.h"
#include "store.h"

#define BH_MAGIC 0x31425357u   /* "WSB1" block header */
#define REC_MAGIC 0x43455257u  /* "WREC" record */
#define REC_COMMIT 0x4B4F4B4Fu /* "OKOK" commit word, written last */
#define ERASED 0xFFFFFFFFu
#define BH_SIZE 32u
#define COUNT_LOST 0xFFFFFFFFu /* erase count of a block whose header cannot be read (mount only) */
#define REC_HDR 64u
#define REC_TAIL 8u            /* CRC-32 + commit word */
#define REC_PUT 1u
#define REC_DEL 2u
#define REC_DEL_ALL 3u

enum { B_FREE = 0, B_USED = 1, B_DIRTY = 2 };

static uint8_t s_rec[REC_HDR + STORE_MAX_PAYLOAD + REC_TAIL]; /* 1096-byte record buffer */

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static void wr32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static uint32_t pad4(uint32_t n) { return (n + 3u) & ~3u; }
static uint32_t boff(const struct store *s, unsigned b) { return b * s->f->block_size; }
static uint32_t rec_size(uint32_t len) { return REC_HDR + pad4(len) + REC_TAIL; }
static uint32_t capacity(const struct store *s) { return (s->f->nblocks - 2u) * (s->f->block_size - BH_SIZE); }

/* Is [off, off+len) erased? */
static int is_erased(const struct store *s, uint32_t off, uint32_t len)
{
    uint8_t buf[64];
    while (len) {
        uint32_t n = len < sizeof buf ? len : (uint32_t)sizeof buf;
        if (s->f->read(s->f->ctx, off, buf, n))
            return 0;
        for (uint32_t i = 0; i < n; i++)
            if (buf[i] != 0xFFu)
                return 0;
        off += n;
        len -= n;
    }
    return 1;
}

/* Erase block b and write a fresh header with erase count `count`. */
static int format_block(struct store *s, unsigned b, uint32_t count)
{
    uint8_t h[BH_SIZE];
    if (s->f->erase(s->f->ctx, b))
        return STORE_E_FLASH;
    memset(h, 0xFF, sizeof h);
    wr32(h, BH_MAGIC);
    wr16(h + 4, 1u);
    wr16(h + 6, 0u);
    wr32(h + 8, count);
    wr32(h + 12, crc32_update(0, h, 12));
    if (s->f->program(s->f->ctx, boff(s, b), h, 16u))
        return STORE_E_FLASH;
    s->blocks[b].erase_count = count;
    s->blocks[b].bseq = 0u;
    s->blocks[b].used = BH_SIZE;
    s->blocks[b].state = B_FREE;
    return STORE_OK;
}

/* Make free block b the active block: its allocation sequence with its complement, and for a
 * compaction destination the sequence of the block being compacted (`source`, else ERASED). */
static int activate(struct store *s, unsigned b, uint32_t source)
{
    uint8_t w[8];
    /* the source first: a torn write of it leaves a block that mount formats again */
    if (source != ERASED) {
        wr32(w, source);
        if (s->f->program(s->f->ctx, boff(s, b) + 24u, w, 4u))
            return STORE_E_FLASH;
    }
    wr32(w, s->next_bseq);
    wr32(w + 4, ~s->next_bseq);
    if (s->f->program(s->f->ctx, boff(s, b) + 16u, w, 8u))
        return STORE_E_FLASH;
    s->blocks[b].bseq = s->next_bseq++;
    s->blocks[b].state = B_USED;
    s->blocks[b].used = BH_SIZE;
    s->active = (int)b;
    return STORE_OK;
}

static int free_count(const struct store *s, int *lowest)
{
    int n = 0;
    *lowest = -1;
    for (unsigned b = 0; b < s->f->nblocks; b++) {
        if (s->blocks[b].state != B_FREE)
            continue;
        n++;
        if (*lowest < 0 || s->blocks[b].erase_count < s->blocks[*lowest].erase_count)
            *lowest = (int)b;
    }
    return n;
}

/* Append the record in s_rec (`size` bytes, CRC and commit not yet filled) at the active block:
 * magic first, then the body and CRC, then the commit word. Returns its offset or an error. */
static int append_raw(struct store *s, uint32_t size, uint32_t *at)
{
    struct store_block *blk = &s->blocks[s->active];
    uint32_t off = boff(s, (unsigned)s->active) + blk->used;
    if (!is_erased(s, off, size)) {
        blk->used = s->f->block_size; /* not clean: close the block */
        return STORE_E_FULL;
    }
    wr32(s_rec + size - 8u, crc32_update(0, s_rec, size - 8u));
    wr32(s_rec + size - 4u, REC_COMMIT);
    if (s->f->program(s->f->ctx, off, s_rec, 4u) || s->f->program(s->f->ctx, off + 4u, s_rec + 4u, size - 8u) ||
        s->f->program(s->f->ctx, off + size - 4u, s_rec + size - 4u, 4u))
        return STORE_E_FLASH;
    blk->used += size;
    *at = off;
    return STORE_OK;
}

/* Read the record at `off` into s_rec; returns its size, 0 at erased space, -1 if torn, -2 if
 * corrupt (commit word written, so the body was complete, but the CRC does not match). */
static int read_record(const struct store *s, uint32_t off, uint32_t end)
{
    if (off + REC_HDR + REC_TAIL > end)
        return is_erased(s, off, end - off) ? 0 : -1;
    if (s->f->read(s->f->ctx, off, s_rec, REC_HDR))
        return -1;
    uint32_t magic = rd32(s_rec);
    if (magic == ERASED)
        return is_erased(s, off, REC_HDR) ? 0 : -1;
    if (magic != REC_MAGIC)
        return -1;
    uint32_t len = rd16(s_rec + 12);
    uint8_t type = s_rec[4];
    if (len > STORE_MAX_PAYLOAD || rd16(s_rec + 6) >= STORE_MAX_SLOTS || type < REC_PUT || type > REC_DEL_ALL)
        return -1;
    uint32_t size = rec_size(len);
    if (off + size > end || s->f->read(s->f->ctx, off + REC_HDR, s_rec + REC_HDR, size - REC_HDR))
        return -1;
    if (rd32(s_rec + size - 4u) != REC_COMMIT)
        return -1;
    if (crc32_update(0, s_rec, size - 8u) != rd32(s_rec + size - 8u))
        return -2;
    return (int)size;
}

static void apply(struct store *s, uint32_t off)
{
    uint8_t type = s_rec[4];
    uint32_t seq = rd32(s_rec + 8);
    if (seq >= s->next_seq)
        s->next_seq = seq + 1u;
    if (type == REC_DEL_ALL) {
        if (seq > s->del_all_seq)
            s->del_all_seq = seq;
        return;
    }
    struct store_slot *sl = &s->slots[rd16(s_rec + 6)];
    if (seq > sl->seq || (seq == sl->seq && off != sl->off && sl->seq)) {
        /* equal seq: a copy made by compaction; either copy is the same record */
        sl->seq = seq;
        sl->off = off;
        sl->live = type == REC_PUT;
    }
}

static uint32_t live_bytes(const struct store *s)
{
    uint32_t n = 0;
    for (unsigned i = 0; i < STORE_MAX_SLOTS; i++) {
        if (!s->slots[i].live)
            continue;
        uint8_t h[16];
        if (s->f->read(s->f->ctx, s->slots[i].off, h, sizeof h) == 0)
            n += rec_size(rd16(h + 12));
    }
    return n;
}

int store_mount(struct store *s, const struct store_flash *f, struct store_mount_report *rep)
{
    struct store_mount_report r;
    memset(&r, 0, sizeof r);
    memset(s, 0, sizeof *s);
    s->f = f;
    s->active = -1;
    s->next_seq = 1u;
    s->next_bseq = 1u;
    if (f->nblocks < 3u || f->nblocks > STORE_MAX_BLOCKS || f->block_size < 2048u || (f->block_size & 3u))
        return STORE_E_GEOMETRY;
    uint8_t h[BH_SIZE];
    uint32_t known_max = 0u; /* highest erase count of a readable header */
    for (unsigned b = 0; b < f->nblocks; b++) {
        struct store_block *blk = &s->blocks[b];
        if (f->read(f->ctx, boff(s, b), h, BH_SIZE))
            return STORE_E_FLASH;
        int hdr_ok = rd32(h) == BH_MAGIC && rd16(h + 4) == 1u && crc32_update(0, h, 12) == rd32(h + 12);
        blk->erase_count = hdr_ok ? rd32(h + 8) : COUNT_LOST;
        if (hdr_ok && blk->erase_count > known_max)
            known_max = blk->erase_count;
        uint32_t bseq = rd32(h + 16), inv = rd32(h + 20);
        blk->source = rd32(h + 24);
        if (!hdr_ok || rd32(h + 28) != ERASED)
            blk->state = B_DIRTY;               /* unformatted, torn or retired */
        else if (bseq == ERASED && inv == ERASED)
            blk->state = blk->source == ERASED ? B_FREE : B_DIRTY;
        else if ((bseq ^ inv) == ERASED && bseq != 0u) {
            blk->state = B_USED;
            blk->bseq = bseq;
            if (bseq >= s->next_bseq)
                s->next_bseq = bseq + 1u;
        } else
            blk->state = B_DIRTY;               /* activation interrupted: holds no record */
        if (blk->state == B_DIRTY && is_erased(s, boff(s, b), f->block_size) == 0)
            r.dirty_blocks++;
    }
    /* A block whose header is unreadable (an erase or a header write cut short) has lost its erase
     * count: it takes the highest count still known, so that wear levelling does not mistake it for
     * the least worn block and wear it out first. */
    for (unsigned b = 0; b < f->nblocks; b++)
        if (s->blocks[b].erase_count == COUNT_LOST)
            s->blocks[b].erase_count = known_max;
    /* A compaction destination whose source block still exists holds only copies of records that
     * are still in the source: the compaction did not finish. Drop it, keeping the spare block. */
    for (unsigned d = 0; d < f->nblocks; d++) {
        if (s->blocks[d].state != B_USED || s->blocks[d].source == ERASED)
            continue;
        for (unsigned o = 0; o < f->nblocks; o++)
            if (o != d && s->blocks[o].state == B_USED && s->blocks[o].bseq == s->blocks[d].source) {
                s->blocks[d].state = B_DIRTY;
                r.compactions_undone++;
                break;
            }
    }
    for (unsigned b = 0; b < f->nblocks; b++) {
        struct store_block *blk = &s->blocks[b];
        if (blk->state != B_USED)
            continue;
        uint32_t off = boff(s, b) + BH_SIZE, end = boff(s, b) + f->block_size;
        for (;;) {
            int n = read_record(s, off, end);
            if (n <= 0) {
                if (n < 0) {
                    if (n == -2)
                        r.corrupt_records++;
                    else
                        r.torn_records++;
                    r.closed_blocks++;
                    off = end;
                } else if (!is_erased(s, off, end - off)) {
                    r.closed_blocks++;
                    off = end;
                }
                break;
            }
            r.records++;
            apply(s, off);
            off += (uint32_t)n;
        }
        blk->used = off - boff(s, b);
    }
    for (unsigned i = 0; i < STORE_MAX_SLOTS; i++)
        if (s->slots[i].live && s->slots[i].seq < s->del_all_seq)
            s->slots[i].live = 0;
    /* Keep a spare: if no block would be free, an empty used block (activated, nothing written
     * yet) is formatted again. */
    int spare = 0;
    for (unsigned b = 0; b < f->nblocks; b++)
        spare |= s->blocks[b].state != B_USED;
    for (unsigned b = 0; b < f->nblocks && !spare; b++)
        if (s->blocks[b].used == BH_SIZE) {
            s->blocks[b].state = B_DIRTY;
            spare = 1;
        }
    for (unsigned b = 0; b < f->nblocks; b++)
        if (s->blocks[b].state == B_DIRTY && format_block(s, b, s->blocks[b].erase_count + 1u))
            return STORE_E_FLASH;
    uint32_t best = 0;
    for (unsigned b = 0; b < f->nblocks; b++)
        if (s->blocks[b].state == B_USED && s->blocks[b].bseq > best) {
            best = s->blocks[b].bseq;
            s->active = (int)b;
        }
    for (unsigned i = 0; i < STORE_MAX_SLOTS; i++)
        r.live += s->slots[i].live;
    s->mounted = 1;
    if (rep)
        *rep = r;
    return STORE_OK;
}

/* Compact the oldest used block other than the active one into a fresh block: copy its live
 * records (keeping their sequence numbers), retire it, erase it. */
static int compact(struct store *s, unsigned dest)
{
    int oldest = -1;
    for (unsigned b = 0; b < s->f->nblocks; b++)
        if (s->blocks[b].state == B_USED && (int)b != s->active && (oldest < 0 || s->blocks[b].bseq < s->blocks[oldest].bseq))
            oldest = (int)b;
    if (oldest < 0)
        return STORE_E_FULL;
    int rc = activate(s, dest, s->blocks[oldest].bseq);
    if (rc)
        return rc;
    uint32_t off = boff(s, (unsigned)oldest) + BH_SIZE, end = boff(s, (unsigned)oldest) + s->blocks[oldest].used;
    while (off < end) {
        int n = read_record(s, off, end);
        if (n <= 0)
            break;
        struct store_slot *sl = &s->slots[rd16(s_rec + 6)];
        if (s_rec[4] == REC_PUT && sl->live && sl->off == off) {
            uint32_t at;
            rc = append_raw(s, (uint32_t)n, &at);
            if (rc)
                return rc;
            sl->off = at;
        }
        off += (uint32_t)n;
    }
    uint8_t retired[4] = { 0, 0, 0, 0 };
    if (s->f->program(s->f->ctx, boff(s, (unsigned)oldest) + 28u, retired, 4u))
        return STORE_E_FLASH;
    s->compactions++;
    return format_block(s, (unsigned)oldest, s->blocks[oldest].erase_count + 1u);
}

/* Make room for a record of `size` bytes in the active block. */
static int ensure_space(struct store *s, uint32_t size)
{
    for (unsigned guard = 0; guard < 2u * s->f->nblocks + 2u; guard++) {
        if (s->active >= 0 && s->blocks[s->active].used + size <= s->f->block_size)
            return STORE_OK;
        int lowest;
        int nfree = free_count(s, &lowest);
        if (nfree >= 2) {
            int rc = activate(s, (unsigned)lowest, ERASED);
            if (rc)
                return rc;
        } else if (nfree == 1) {
            int rc = compact(s, (unsigned)lowest);
            if (rc)
                return rc;
        } else {
            return STORE_E_FULL;
        }
    }
    return STORE_E_FULL;
}

static int write_record(struct store *s, uint8_t type, uint16_t slot, const struct store_meta *m, const void *payload, uint16_t len)
{
    uint32_t size = rec_size(len);
    int rc = ensure_space(s, size);
    if (rc)
        return rc;
    memset(s_rec, 0, size);
    wr32(s_rec, REC_MAGIC);
    s_rec[4] = type;
    wr16(s_rec + 6, slot);
    wr32(s_rec + 8, s->next_seq);
    wr16(s_rec + 12, len);
    if (m) {
        memcpy(s_rec + 16, m->label, STORE_LABEL_LEN);
        wr32(s_rec + 48, m->time);
        s_rec[52] = m->quality;
        s_rec[53] = m->n_embeddings;
    }
    if (len)
        memcpy(s_rec + REC_HDR, payload, len);
    uint32_t at;
    rc = append_raw(s, size, &at);
    if (rc == STORE_E_FULL) {
        /* the tail was not clean (closed now): try once more in a fresh block */
        rc = ensure_space(s, size);
        if (!rc)
            rc = append_raw(s, size, &at);
    }
    if (rc)
        return rc;
    uint32_t seq = s->next_seq++;
    if (type == REC_DEL_ALL) {
        s->del_all_seq = seq;
        for (unsigned i = 0; i < STORE_MAX_SLOTS; i++)
            s->slots[i].live = 0;
    } else {
        s->slots[slot].seq = seq;
        s->slots[slot].off = at;
        s->slots[slot].live = type == REC_PUT;
    }
    return STORE_OK;
}

int store_put(struct store *s, uint16_t slot, const struct store_meta *m, const void *payload, uint16_t len)
{
    if (!s->mounted)
        return STORE_E_NOT_MOUNTED;
    if (slot >= STORE_MAX_SLOTS)
        return STORE_E_RANGE;
    if (len > STORE_MAX_PAYLOAD || !m)
        return STORE_E_TOO_BIG;
    uint32_t old = 0;
    if (s->slots[slot].live) {
        uint8_t h[16];
        if (s->f->read(s->f->ctx, s->slots[slot].off, h, sizeof h) == 0)
            old = rec_size(rd16(h + 12));
    }
    if (live_bytes(s) - old + rec_size(len) > capacity(s))
        return STORE_E_FULL;
    return write_record(s, REC_PUT, slot, m, payload, len);
}

int store_delete(struct store *s, uint16_t slot)
{
    if (!s->mounted)
        return STORE_E_NOT_MOUNTED;
    if (slot >= STORE_MAX_SLOTS)
        return STORE_E_RANGE;
    if (!s->slots[slot].live)
        return STORE_E_NOT_FOUND;
    return write_record(s, REC_DEL, slot, 0, 0, 0);
}

int store_delete_all(struct store *s)
{
    if (!s->mounted)
        return STORE_E_NOT_MOUNTED;
    return write_record(s, REC_DEL_ALL, 0, 0, 0, 0);
}

int store_get(struct store *s, uint16_t slot, struct store_meta *m, void *payload, uint16_t cap, uint16_t *len)
{
    if (!s->mounted)
        return STORE_E_NOT_MOUNTED;
    if (slot >= STORE_MAX_SLOTS)
        return STORE_E_RANGE;
    if (!s->slots[slot].live)
        return STORE_E_NOT_FOUND;
    uint8_t h[REC_HDR];
    if (s->f->read(s->f->ctx, s->slots[slot].off, h, REC_HDR))
        return STORE_E_FLASH;
    uint16_t n = rd16(h + 12);
    if (m) {
        memcpy(m->label, h + 16, STORE_LABEL_LEN);
        m->time = rd32(h + 48);
        m->quality = h[52];
        m->n_embeddings = h[53];
    }
    if (len)
        *len = n;
    if (payload && n > cap)
        return STORE_E_TOO_BIG;
    if (payload && n && s->f->read(s->f->ctx, s->slots[slot].off + REC_HDR, payload, n))
        return STORE_E_FLASH;
    return STORE_OK;
}

int store_next(const struct store *s, uint32_t from)
{
    for (uint32_t i = from; i < STORE_MAX_SLOTS; i++)
        if (s->slots[i].live)
            return (int)i;
    return -1;
}

int store_stats(const struct store *s, struct store_stats *st)
{
    if (!s->mounted)
        return STORE_E_NOT_MOUNTED;
    memset(st, 0, sizeof *st);
    st->erase_min = 0xFFFFFFFFu;
    for (unsigned i = 0; i < STORE_MAX_SLOTS; i++)
        st->live += s->slots[i].live;
    for (unsigned b = 0; b < s->f->nblocks; b++) {
        const struct store_block *blk = &s->blocks[b];
        if (blk->state == B_USED)
            st->used_blocks++;
        if (blk->state == B_FREE) {
            st->free_blocks++;
            st->free_bytes += s->f->block_size - BH_SIZE;
        }
        if (blk->erase_count < st->erase_min)
            st->erase_min = blk->erase_count;
        if (blk->erase_count > st->erase_max)
            st->erase_max = blk->erase_count;
    }
    if (s->active >= 0)
        st->free_bytes += s->f->block_size - s->blocks[s->active].used;
    st->compactions = s->compactions;
    st->next_seq = s->next_seq;
    return STORE_OK;
}
