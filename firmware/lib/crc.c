/* crc.c - table-driven CRC-32 and CRC-16 (tables in .rodata, 1 KiB + 512 B). */
#include "crc.h"

static const uint32_t *crc32_table(void);
static const uint16_t *crc16_table(void);

/* Tables are built once into static storage (no heap); 1.5 KiB of RAM. */
static uint32_t s_crc32[256];
static uint16_t s_crc16[256];
static int s_ready;

static void crc_init_tables(void)
{
    for (uint32_t n = 0; n < 256u; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
        s_crc32[n] = c;
        uint32_t h = n << 8;
        for (int k = 0; k < 8; k++)
            h = (h & 0x8000u) ? ((h << 1) ^ 0x1021u) : (h << 1);
        s_crc16[n] = (uint16_t)h;
    }
    s_ready = 1;
}

static const uint32_t *crc32_table(void)
{
    if (!s_ready)
        crc_init_tables();
    return s_crc32;
}

static const uint16_t *crc16_table(void)
{
    if (!s_ready)
        crc_init_tables();
    return s_crc16;
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
    const uint32_t *t = crc32_table();
    const uint8_t *p = (const uint8_t *)data;
    uint32_t c = crc ^ 0xFFFFFFFFu;
    while (len--)
        c = t[(c ^ *p++) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

uint16_t crc16_ccitt(const void *data, size_t len)
{
    const uint16_t *t = crc16_table();
    const uint8_t *p = (const uint8_t *)data;
    uint16_t c = 0xFFFFu;
    while (len--)
        c = (uint16_t)((c << 8) ^ t[((c >> 8) ^ *p++) & 0xFFu]);
    return c;
}
