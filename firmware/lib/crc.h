/* crc.h - CRC-32 (IEEE 802.3) and CRC-16/CCITT-FALSE, shared by firmware, boot loader and host tests. */
#ifndef WHORL_CRC_H
#define WHORL_CRC_H

#include <stddef.h>
#include <stdint.h>

/* crc32_update: continue a CRC-32 over `len` bytes. Start with crc = 0; the result of one call
 * can be passed to the next to cover several buffers. Reflected poly 0xEDB88320, init/xorout ~0. */
uint32_t crc32_update(uint32_t crc, const void *data, size_t len);

/* crc16_ccitt: CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xorout). */
uint16_t crc16_ccitt(const void *data, size_t len);

#endif
