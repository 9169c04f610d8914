/* boot.c - boot loader (the boot ROM's role on the emulated board). Checks the partition table
 * and the firmware image header and payload CRCs (docs/flash-layout.md), copies the payload to
 * its load address and jumps to its entry. On failure: one `boot: error: <reason>` console line,
 * then it stops. */
#include <stdint.h>
#include <string.h>

#include "bsp.h"
#include "crc.h"
#include "pl011.h"

#define PT_MAGIC 0x31545057u    /* "WPT1" */
#define IMG_MAGIC 0x474D4957u   /* "WIMG" */
#define PT_TYPE_FIRMWARE 1u
#define BOOT_BASE 0x07F00000u

void boot_jump(uint32_t entry) __attribute__((noreturn));

static const uint8_t *const flash = (const uint8_t *)BSP_FLASH_BASE;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

static void puts_(const char *s)
{
    while (*s)
        pl011_putc(BSP_UART_CONSOLE, (uint8_t)*s++);
}

static void put_hex(uint32_t v)
{
    static const char hx[] = "0123456789abcdef";
    char b[11] = "0x";
    for (int i = 0; i < 8; i++)
        b[2 + i] = hx[(v >> (28 - 4 * i)) & 0xFu];
    b[10] = 0;
    puts_(b);
}

static void put_dec(uint32_t v)
{
    char b[11];
    int n = 10;
    b[n] = 0;
    do {
        b[--n] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    puts_(b + n);
}

static void fail(const char *why)
{
    puts_("boot: error: ");
    puts_(why);
    puts_("\n");
    pl011_flush(BSP_UART_CONSOLE);
    for (;;)
        __asm__ volatile("mcr p15, 0, %0, c7, c0, 4" : : "r"(0));
}

void boot_main(void)
{
    pl011_init(BSP_UART_CONSOLE, BSP_BAUD);
    uint32_t magic = rd32(flash);
    if (magic == 0xFFFFFFFFu || magic == 0u)
        fail("flash is empty (no partition table); write an image with `whorl flash --out FILE`");
    if (magic != PT_MAGIC)
        fail("bad partition table magic");
    if (rd16(flash + 4) != 1u)
        fail("unsupported partition table version");
    if (crc32_update(0, flash, 272) != rd32(flash + 272))
        fail("partition table CRC mismatch");
    uint32_t count = rd16(flash + 6), off = 0, size = 0;
    for (uint32_t i = 0; i < count && i < 8u; i++) {
        const uint8_t *e = flash + 16 + 32 * i;
        if (rd32(e + 16) == PT_TYPE_FIRMWARE) {
            off = rd32(e + 20);
            size = rd32(e + 24);
        }
    }
    if (size == 0u || off + size > BSP_FLASH_SIZE)
        fail("no firmware partition");
    const uint8_t *h = flash + off;
    if (rd32(h) == 0xFFFFFFFFu)
        fail("firmware partition is empty");
    if (rd32(h) != IMG_MAGIC || crc32_update(0, h, 60) != rd32(h + 60))
        fail("bad firmware image header (magic or CRC)");
    uint32_t len = rd32(h + 8), crc = rd32(h + 12), load = rd32(h + 16), entry = rd32(h + 20);
    if (rd16(h + 6) != PT_TYPE_FIRMWARE || len == 0u || len > size - 64u)
        fail("bad firmware image length or type");
    if (crc32_update(0, h + 64, len) != crc)
        fail("firmware payload CRC mismatch");
    if (load + len > BOOT_BASE || entry < load || entry >= load + len)
        fail("firmware load or entry address outside RAM");
    puts_("boot: firmware ");
    put_dec(rd32(h + 24) >> 16);
    puts_(".");
    put_dec((rd32(h + 24) >> 8) & 0xFFu);
    puts_(".");
    put_dec(rd32(h + 24) & 0xFFu);
    puts_(" build ");
    char id[33];
    memcpy(id, h + 28, 32);
    id[32] = 0;
    puts_(id);
    puts_(" ");
    put_dec(len);
    puts_(" bytes crc ok, load ");
    put_hex(load);
    puts_("\n");
    pl011_flush(BSP_UART_CONSOLE);
    memcpy((void *)load, h + 64, len);
    boot_jump(entry);
}
