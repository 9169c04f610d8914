/* flash_sim.h - simulated NOR flash for native tests of the store: programming can only clear
 * bits (a violation is recorded), erase sets a block to 0xFF, and power can be cut after exactly
 * N program/erase operations, leaving that operation torn. */
#ifndef WHORL_FLASH_SIM_H
#define WHORL_FLASH_SIM_H

#include <stdint.h>

#include "store.h"

#define SIM_MAX_BYTES (64u * 256u * 1024u) /* 16 MiB */

struct flash_sim {
    uint8_t *mem;             /* caller-provided, SIM_MAX_BYTES at most */
    uint32_t block_size, nblocks;
    uint32_t ops;             /* program + erase operations performed */
    uint32_t cut_after;       /* 0: never; else power fails during operation number cut_after */
    int dead;                 /* power is off: every operation fails */
    uint32_t violations;      /* attempts to set a bit by programming */
    uint32_t erases[STORE_MAX_BLOCKS];
    uint32_t rng;
    struct store_flash dev;   /* the interface handed to the store */
};

/* flash_sim_init: all bytes 0xFF (erased) unless `fill` says otherwise. */
void flash_sim_init(struct flash_sim *f, uint8_t *mem, uint32_t block_size, uint32_t nblocks, uint8_t fill, uint32_t seed);
/* flash_sim_power_on: power back (clears `dead` and the cut). */
void flash_sim_power_on(struct flash_sim *f);

#endif
