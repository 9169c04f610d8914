/* flash_sim.c - simulated NOR flash with power cuts (see flash_sim.h). */
#include <string.h>

#include "flash_sim.h"

static uint32_t rnd(struct flash_sim *f)
{
    f->rng ^= f->rng << 13;
    f->rng ^= f->rng >> 17;
    f->rng ^= f->rng << 5;
    return f->rng;
}

/* Returns 1 if this operation is the one interrupted by the power cut. */
static int cut_now(struct flash_sim *f)
{
    f->ops++;
    if (f->cut_after && f->ops == f->cut_after) {
        f->dead = 1;
        return 1;
    }
    return 0;
}

static int sim_read(void *ctx, uint32_t off, void *dst, uint32_t len)
{
    struct flash_sim *f = ctx;
    if (off > f->block_size * f->nblocks || len > f->block_size * f->nblocks - off)
        return -1;
    memcpy(dst, f->mem + off, len);
    return 0;
}

static int sim_program(void *ctx, uint32_t off, const void *src, uint32_t len)
{
    struct flash_sim *f = ctx;
    const uint8_t *s = src;
    if (f->dead || (off & 3u) || (len & 3u) || off > f->block_size * f->nblocks || len > f->block_size * f->nblocks - off)
        return -1;
    uint32_t upto = len;
    int torn = cut_now(f);
    if (torn)
        upto = len ? rnd(f) % len : 0u;
    for (uint32_t i = 0; i < upto; i++) {
        if (s[i] & (uint8_t)~f->mem[off + i])
            f->violations++;
        f->mem[off + i] &= s[i];
    }
    if (torn) {
        if (upto < len) /* the byte being programmed: a random subset of its 0 bits */
            f->mem[off + upto] &= (uint8_t)(s[upto] | (uint8_t)rnd(f));
        return -1;
    }
    return 0;
}

static int sim_erase(void *ctx, uint32_t block)
{
    struct flash_sim *f = ctx;
    if (f->dead || block >= f->nblocks)
        return -1;
    uint8_t *b = f->mem + block * f->block_size;
    if (cut_now(f)) {
        /* interrupted erase: a prefix erased, the rest neither old nor erased */
        uint32_t k = rnd(f) % f->block_size;
        memset(b, 0xFF, k);
        for (uint32_t i = k; i < f->block_size; i++)
            b[i] |= (uint8_t)rnd(f);
        return -1;
    }
    memset(b, 0xFF, f->block_size);
    f->erases[block]++;
    return 0;
}

void flash_sim_init(struct flash_sim *f, uint8_t *mem, uint32_t block_size, uint32_t nblocks, uint8_t fill, uint32_t seed)
{
    memset(f, 0, sizeof *f);
    f->mem = mem;
    f->block_size = block_size;
    f->nblocks = nblocks;
    f->rng = seed ? seed : 1u;
    memset(mem, fill, (size_t)block_size * nblocks);
    f->dev.read = sim_read;
    f->dev.program = sim_program;
    f->dev.erase = sim_erase;
    f->dev.ctx = f;
    f->dev.block_size = block_size;
    f->dev.nblocks = nblocks;
}

void flash_sim_power_on(struct flash_sim *f)
{
    f->dead = 0;
    f->cut_after = 0;
}
