/* store.h - power-safe template store on NOR flash (docs/flash-layout.md, "Store partition").
 * Log-structured: records are appended to erase blocks; a record counts only once its commit word
 * is written after its CRC; the newest sequence number wins; compaction copies the live records of
 * the oldest block forward, retires that block, then erases it. No heap: the index is static. */
#ifndef WHORL_STORE_H
#define WHORL_STORE_H

#include <stdint.h>

#define STORE_MAX_SLOTS 1024u        /* slot ids 0..1023 */
#define STORE_MAX_PAYLOAD 1024u      /* bytes per template payload */
#define STORE_LABEL_LEN 32u
#define STORE_MAX_BLOCKS 64u

/* negative error codes */
#define STORE_OK 0
#define STORE_E_RANGE (-1)     /* slot id out of range */
#define STORE_E_TOO_BIG (-2)   /* payload larger than STORE_MAX_PAYLOAD */
#define STORE_E_NOT_FOUND (-3) /* no such slot */
#define STORE_E_FULL (-4)      /* no room even after compaction */
#define STORE_E_FLASH (-5)     /* the flash reported an error (or power was lost) */
#define STORE_E_GEOMETRY (-6)  /* unusable flash geometry */
#define STORE_E_NOT_MOUNTED (-7)

/* The flash under the store. Contracts: `program` can only clear bits (1 -> 0) and takes a
 * 4-byte-aligned offset and length; `erase` sets a whole block to 0xFF; `read` copies bytes.
 * Offsets are relative to the start of the store partition. Each returns 0 or a negative code. */
struct store_flash {
    int (*read)(void *ctx, uint32_t off, void *dst, uint32_t len);
    int (*program)(void *ctx, uint32_t off, const void *src, uint32_t len);
    int (*erase)(void *ctx, uint32_t block);
    void *ctx;
    uint32_t block_size;   /* bytes, multiple of 4, at least 2 KiB */
    uint32_t nblocks;      /* 3..STORE_MAX_BLOCKS */
};

struct store_meta {
    char label[STORE_LABEL_LEN];   /* NUL-padded */
    uint32_t time;                 /* enrollment time (host-provided, seconds) */
    uint8_t quality;               /* enrollment quality 0..100 */
    uint8_t n_embeddings;          /* embeddings in the payload */
};

/* What the mount scan found and repaired. */
struct store_mount_report {
    uint32_t records;        /* valid records read */
    uint32_t torn_records;   /* records without a valid commit word or header (interrupted writes) */
    uint32_t corrupt_records; /* records with their commit word but a bad CRC: no interrupted write explains them */
    uint32_t dirty_blocks;   /* blocks with a bad header, retired or torn, erased at mount */
    uint32_t closed_blocks;  /* used blocks whose free space was not clean: no more appends */
    uint32_t compactions_undone; /* unfinished compactions rolled back (their copies dropped) */
    uint32_t live;           /* live templates */
};

struct store_stats {
    uint32_t live;
    uint32_t free_bytes;      /* appendable bytes without compaction */
    uint32_t used_blocks;
    uint32_t free_blocks;
    uint32_t erase_min, erase_max;
    uint32_t compactions;
    uint32_t next_seq;
};

struct store_slot {
    uint32_t seq;     /* 0: never written */
    uint32_t off;     /* offset of the newest record for this slot */
    uint8_t live;
};

struct store_block {
    uint32_t erase_count;
    uint32_t bseq;    /* allocation order; 0 = free */
    uint32_t source;  /* compaction destination: bseq of the block being compacted */
    uint32_t used;    /* bytes used (next append offset) */
    uint8_t state;    /* internal */
};

struct store {
    const struct store_flash *f;
    struct store_slot slots[STORE_MAX_SLOTS];
    struct store_block blocks[STORE_MAX_BLOCKS];
    uint32_t next_seq;
    uint32_t next_bseq;
    uint32_t del_all_seq;
    int active;       /* block receiving appends, -1 if none */
    uint32_t compactions;
    int mounted;
};

/* store_mount: scan the partition, rebuild the index, repair what an interrupted operation left
 * (torn records, half-finished compactions, unformatted or retired blocks). Never fails on
 * content: only on geometry or flash errors. `rep` may be NULL. */
int store_mount(struct store *s, const struct store_flash *f, struct store_mount_report *rep);
/* store_put: add or replace slot `slot`. */
int store_put(struct store *s, uint16_t slot, const struct store_meta *m, const void *payload, uint16_t len);
/* store_delete: remove one slot (STORE_E_NOT_FOUND if it is not live). */
int store_delete(struct store *s, uint16_t slot);
/* store_delete_all: remove every slot. */
int store_delete_all(struct store *s);
/* store_get: metadata and payload of a live slot; `cap` is the room in `payload`. */
int store_get(struct store *s, uint16_t slot, struct store_meta *m, void *payload, uint16_t cap, uint16_t *len);
/* store_next: the first live slot >= `from`, or -1. */
int store_next(const struct store *s, uint32_t from);
int store_stats(const struct store *s, struct store_stats *st);

#endif
