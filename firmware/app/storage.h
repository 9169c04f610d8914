/* storage.h - the template store on the board's flash (store partition of the partition table). */
#ifndef WHORL_STORAGE_H
#define WHORL_STORAGE_H

#include "store.h"

/* app_storage_init: find the store partition, mount the store (repairing what a power cut left)
 * and print the mount report on the console. Returns 0 or a negative code (no partition table,
 * no store partition, flash error); the device then runs without a store. */
int app_storage_init(void);
/* app_store: the mounted store, or NULL. */
struct store *app_store(void);

#endif
