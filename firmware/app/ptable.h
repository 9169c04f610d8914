/* ptable.h - the partition table at the start of the board's flash (docs/flash-layout.md). */
#ifndef WHORL_PTABLE_H
#define WHORL_PTABLE_H
#include <stdint.h>

#define PT_TYPE_FIRMWARE 1u
#define PT_TYPE_MODEL 2u
#define PT_TYPE_STORE 3u
#define PT_E_TABLE (-1)   /* no valid partition table (magic or CRC) */
#define PT_E_MISSING (-2) /* no partition of that type */
#define PT_E_BOUNDS (-3)  /* the partition lies outside the flash */

/* app_ptable_find: offset and size in the flash of the last partition of `type`; 0 or PT_E_*. */
int app_ptable_find(uint32_t type, uint32_t *off, uint32_t *size);
#endif
