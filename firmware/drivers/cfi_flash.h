/* cfi_flash.h - Intel/Sharp command-set (CFI) NOR flash on a 32-bit bus: QEMU's pflash_cfi01
 * on versatilepb (64 MiB, 256 blocks of 256 KiB) and Intel StrataFlash on real boards.
 * Offsets are relative to the flash base. Code calling erase/program must not run from flash. */
#ifndef WHORL_CFI_FLASH_H
#define WHORL_CFI_FLASH_H

#include <stddef.h>
#include <stdint.h>

#define CFI_BLOCK_SIZE 0x40000u

/* negative error codes */
#define CFI_OK 0
#define CFI_E_RANGE (-1)    /* offset/length outside the device or not aligned */
#define CFI_E_TIMEOUT (-2)  /* the device did not become ready in time */
#define CFI_E_ERASE (-3)    /* status SR.5: erase failed */
#define CFI_E_PROGRAM (-4)  /* status SR.4: program failed */
#define CFI_E_VPP (-5)      /* status SR.3: programming voltage low */
#define CFI_E_LOCKED (-6)   /* status SR.1: block locked */
#define CFI_E_VERIFY (-7)   /* read back differs from what was programmed */

struct cfi_flash {
    volatile uint32_t *base;    /* memory-mapped base */
    uint32_t size;              /* bytes */
    uint32_t block_size;        /* bytes */
    uint32_t erase_timeout_us;  /* per block */
    uint32_t program_timeout_us;/* per word */
};

/* cfi_init: describe the device (the board's flash at BSP_FLASH_BASE) and enter read-array. */
void cfi_init(struct cfi_flash *f, uint32_t base, uint32_t size, uint32_t block_size);
/* cfi_erase_block: erase the block containing `offset` (block-aligned). */
int cfi_erase_block(struct cfi_flash *f, uint32_t offset);
/* cfi_program: program `len` bytes (multiple of 4, offset 4-aligned) and verify them. */
int cfi_program(struct cfi_flash *f, uint32_t offset, const void *data, size_t len);
/* cfi_read: copy from the array (read-array mode). */
int cfi_read(const struct cfi_flash *f, uint32_t offset, void *dst, size_t len);
/* cfi_ptr: direct pointer into the memory-mapped array. */
const void *cfi_ptr(const struct cfi_flash *f, uint32_t offset);

#endif
