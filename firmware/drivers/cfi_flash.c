/* cfi_flash.c - Intel/Sharp command set: block erase (0x20/0xD0), word program (0x40), read
 * status (0x70), clear status (0x50), unlock (0x60/0xD0), read array (0xFF). Status polling is
 * bounded by the 24 MHz board counter. */
#include <string.h>

#include "bsp.h"
#include "cfi_flash.h"

#define CMD_READ_ARRAY 0xFFu
#define CMD_READ_STATUS 0x70u
#define CMD_CLEAR_STATUS 0x50u
#define CMD_ERASE_SETUP 0x20u
#define CMD_CONFIRM 0xD0u
#define CMD_PROGRAM 0x40u
#define CMD_LOCK_SETUP 0x60u

#define SR_READY (1u << 7)
#define SR_ERASE_ERR (1u << 5)
#define SR_PROG_ERR (1u << 4)
#define SR_VPP_LOW (1u << 3)
#define SR_LOCKED (1u << 1)

static volatile uint32_t *word(const struct cfi_flash *f, uint32_t offset)
{
    return f->base + (offset >> 2);
}

/* Poll the status register until ready or `timeout_us` elapsed; map error bits. */
static int wait_ready(struct cfi_flash *f, volatile uint32_t *addr, uint32_t timeout_us)
{
    uint32_t t0 = BSP_Counter24MHz();
    uint32_t limit = timeout_us * 24u;
    uint32_t sr;
    for (;;) {
        *addr = CMD_READ_STATUS;
        sr = *addr;
        if (sr & SR_READY)
            break;
        if (BSP_Counter24MHz() - t0 > limit) {
            *addr = CMD_READ_ARRAY;
            return CFI_E_TIMEOUT;
        }
    }
    int rc = CFI_OK;
    if (sr & SR_LOCKED)
        rc = CFI_E_LOCKED;
    else if (sr & SR_VPP_LOW)
        rc = CFI_E_VPP;
    else if ((sr & SR_ERASE_ERR) && (sr & SR_PROG_ERR))
        rc = CFI_E_ERASE; /* command sequence error */
    else if (sr & SR_ERASE_ERR)
        rc = CFI_E_ERASE;
    else if (sr & SR_PROG_ERR)
        rc = CFI_E_PROGRAM;
    if (rc != CFI_OK)
        *addr = CMD_CLEAR_STATUS;
    *addr = CMD_READ_ARRAY;
    (void)f;
    return rc;
}

void cfi_init(struct cfi_flash *f, uint32_t base, uint32_t size, uint32_t block_size)
{
    f->base = (volatile uint32_t *)base;
    f->size = size;
    f->block_size = block_size;
    f->erase_timeout_us = 5000000u;  /* 5 s: StrataFlash block erase max is about 5 s */
    f->program_timeout_us = 1000u;   /* 1 ms per word (typ. 10-200 us) */
    *f->base = CMD_CLEAR_STATUS;
    *f->base = CMD_READ_ARRAY;
}

int cfi_erase_block(struct cfi_flash *f, uint32_t offset)
{
    if (offset >= f->size || offset % f->block_size)
        return CFI_E_RANGE;
    volatile uint32_t *a = word(f, offset);
    *a = CMD_CLEAR_STATUS;
    *a = CMD_LOCK_SETUP; /* unlock the block first (no-op where blocks are not locked) */
    *a = CMD_CONFIRM;
    int rc = wait_ready(f, a, f->program_timeout_us * 10u);
    if (rc != CFI_OK && rc != CFI_E_ERASE)
        return rc;
    *a = CMD_CLEAR_STATUS;
    *a = CMD_ERASE_SETUP;
    *a = CMD_CONFIRM;
    rc = wait_ready(f, a, f->erase_timeout_us);
    if (rc != CFI_OK)
        return rc;
    for (uint32_t i = 0; i < f->block_size / 4u; i++)
        if (a[i] != 0xFFFFFFFFu)
            return CFI_E_VERIFY;
    return CFI_OK;
}

int cfi_program(struct cfi_flash *f, uint32_t offset, const void *data, size_t len)
{
    if ((offset & 3u) || (len & 3u) || offset > f->size || len > f->size - offset)
        return CFI_E_RANGE;
    const uint8_t *src = (const uint8_t *)data;
    for (size_t i = 0; i < len; i += 4u) {
        uint32_t v;
        memcpy(&v, src + i, 4u);
        volatile uint32_t *a = word(f, offset + (uint32_t)i);
        if (v == 0xFFFFFFFFu)
            continue; /* erased already: nothing to program */
        *a = CMD_PROGRAM;
        *a = v;
        int rc = wait_ready(f, a, f->program_timeout_us);
        if (rc != CFI_OK)
            return rc;
        if (*a != v)
            return CFI_E_VERIFY;
    }
    return CFI_OK;
}

int cfi_read(const struct cfi_flash *f, uint32_t offset, void *dst, size_t len)
{
    if (offset > f->size || len > f->size - offset)
        return CFI_E_RANGE;
    memcpy(dst, (const uint8_t *)f->base + offset, len);
    return CFI_OK;
}

const void *cfi_ptr(const struct cfi_flash *f, uint32_t offset) { return (const uint8_t *)f->base + offset; }
