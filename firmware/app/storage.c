/* storage.c - template store over the CFI NOR driver, located through the partition table. */
#include <string.h>

#include "bsp.h"
#include "cfi_flash.h"
#include "console.h"
#include "ptable.h"
#include "storage.h"


static struct cfi_flash s_flash;
static struct store_flash s_dev;
static struct store s_store;
static uint32_t s_base;   /* store partition offset in the flash */
static int s_ok;

static int dev_read(void *ctx, uint32_t off, void *dst, uint32_t len) { (void)ctx; return cfi_read(&s_flash, s_base + off, dst, len); }
static int dev_program(void *ctx, uint32_t off, const void *src, uint32_t len) { (void)ctx; return cfi_program(&s_flash, s_base + off, src, len); }
static int dev_erase(void *ctx, uint32_t block) { (void)ctx; return cfi_erase_block(&s_flash, s_base + block * CFI_BLOCK_SIZE); }

int app_storage_init(void)
{
    cfi_init(&s_flash, BSP_FLASH_BASE, BSP_FLASH_SIZE, CFI_BLOCK_SIZE);
    uint32_t size = 0;
    int pe = app_ptable_find(PT_TYPE_STORE, &s_base, &size);
    if (pe == PT_E_TABLE) {
        con_puts("store: no valid partition table; template store disabled\n");
        return STORE_E_GEOMETRY;
    }
    if (pe != 0 || size == 0u || s_base % CFI_BLOCK_SIZE) {
        con_puts("store: no store partition; template store disabled\n");
        return STORE_E_GEOMETRY;
    }
    s_dev.read = dev_read;
    s_dev.program = dev_program;
    s_dev.erase = dev_erase;
    s_dev.ctx = 0;
    s_dev.block_size = CFI_BLOCK_SIZE;
    s_dev.nblocks = size / CFI_BLOCK_SIZE;
    struct store_mount_report r;
    int rc = store_mount(&s_store, &s_dev, &r);
    if (rc) {
        con_printf("store: mount failed (%d); template store disabled\n", rc);
        return rc;
    }
    s_ok = 1;
    con_printf("store: mounted %u templates (%u records, %u torn, %u blocks formatted, %u closed, %u compactions undone, %u corrupt)\n",
               (unsigned)r.live, (unsigned)r.records, (unsigned)r.torn_records, (unsigned)r.dirty_blocks, (unsigned)r.closed_blocks,
               (unsigned)r.compactions_undone, (unsigned)r.corrupt_records);
    return 0;
}

struct store *app_store(void) { return s_ok ? &s_store : 0; }
