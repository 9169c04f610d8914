/* ptable.c - partition table lookup shared by the template store and the model loader. */
#include "bsp.h"
#include "crc.h"
#include "ptable.h"

#define PT_MAGIC 0x31545057u

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }

int app_ptable_find(uint32_t type, uint32_t *off, uint32_t *size)
{
    const uint8_t *pt = (const uint8_t *)BSP_FLASH_BASE;
    if (rd32(pt) != PT_MAGIC || crc32_update(0, pt, 272) != rd32(pt + 272))
        return PT_E_TABLE;
    int found = PT_E_MISSING;
    for (uint32_t i = 0; i < 8u && i < (uint32_t)(pt[6] | (pt[7] << 8)); i++) {
        const uint8_t *e = pt + 16 + 32 * i;
        if (rd32(e + 16) == type) {
            *off = rd32(e + 20);
            *size = rd32(e + 24);
            found = 0;
        }
    }
    if (found == 0 && (*off > BSP_FLASH_SIZE || *size > BSP_FLASH_SIZE - *off))
        return PT_E_BOUNDS;
    return found;
}
