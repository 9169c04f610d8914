/* flashtest.c - CFI NOR driver test image (semihosting exit). Mode is chosen by the first word of
 * the test block: erased/other -> "write" pass (erase, program, verify, lock test); the pattern
 * present -> "verify" pass (data survived the reboot). Prints PASS/FAIL lines and
 * `FLASHTEST DONE mode=<m> passed=N failed=M`. Uses flash block 250 (outside every partition). */
#include <string.h>

#include "bsp.h"
#include "cfi_flash.h"
#include "console.h"
#include "semihost.h"

#define TEST_BLOCK 250u
#define OFF (TEST_BLOCK * CFI_BLOCK_SIZE)
#define MAGIC 0x57484C46u /* "FLHW" */

static int s_pass, s_fail;
static void check(const char *name, int ok, int v)
{
    if (ok) { s_pass++; con_printf("PASS %s\n", name); }
    else { s_fail++; con_printf("FAIL %s (%d)\n", name, v); }
}

static uint32_t pattern(uint32_t i) { return (i * 2654435761u) ^ 0xA5A55A5Au; }

int main(void)
{
    static uint32_t buf[1024];
    struct cfi_flash f;
    BSP_Init();
    cfi_init(&f, BSP_FLASH_BASE, BSP_FLASH_SIZE, CFI_BLOCK_SIZE);
    const uint32_t *blk = (const uint32_t *)cfi_ptr(&f, OFF);
    const char *mode;
    if (blk[0] == MAGIC) {
        mode = "verify";
        int same = 1;
        for (uint32_t i = 0; i < 1024u; i++)
            if (blk[1 + i] != pattern(i))
                same = 0;
        check("data_survived_reboot", same, 0);
        check("erase_again", cfi_erase_block(&f, OFF) == CFI_OK, 0);
    } else {
        mode = "write";
        int rc = cfi_erase_block(&f, OFF);
        check("erase", rc == CFI_OK, rc);
        check("erased_reads_ff", blk[0] == 0xFFFFFFFFu && blk[CFI_BLOCK_SIZE / 4u - 1u] == 0xFFFFFFFFu, (int)blk[0]);
        for (uint32_t i = 0; i < 1024u; i++)
            buf[i] = pattern(i);
        rc = cfi_program(&f, OFF + 4u, buf, sizeof buf);
        check("program", rc == CFI_OK, rc);
        check("read_back", memcmp(blk + 1, buf, sizeof buf) == 0, 0);
        check("unaligned_refused", cfi_program(&f, OFF + 2u, buf, 4u) == CFI_E_RANGE, 0);
        check("out_of_range_refused", cfi_erase_block(&f, BSP_FLASH_SIZE) == CFI_E_RANGE, 0);
        uint32_t magic = MAGIC;
        check("program_magic", cfi_program(&f, OFF, &magic, 4u) == CFI_OK, 0);
    }
    con_printf("FLASHTEST DONE mode=%s passed=%d failed=%d\n", mode, s_pass, s_fail);
    pl011_flush(BSP_UART_CONSOLE);
    semihost_exit(s_fail ? 1 : 0);
}
