/* xfer.h - chunked transfers (protocol v1 commands 0x10-0x12): a large object is sent as
 * acknowledged chunks into a target buffer, checked against its CRC-32, then handed to the
 * target's commit function. One transfer is open at a time. */
#ifndef WHORL_XFER_H
#define WHORL_XFER_H

#include <stdint.h>

#define CMD_XFER_BEGIN 0x10u
#define CMD_XFER_CHUNK 0x11u
#define CMD_XFER_END 0x12u
#define XFER_MAX_TARGETS 8u

/* A transfer target: where chunks go, and what happens once all of it arrived intact. `commit`
 * returns a protocol status and may fill a response payload (room for *resp_len bytes). */
struct xfer_target {
    uint8_t id;
    uint8_t *buf;
    uint32_t cap;
    int (*commit)(const uint8_t *data, uint32_t len, uint8_t *resp, uint16_t *resp_len);
};

/* xfer_register_target: make a target available (its buffer is static, owned by the caller). */
int xfer_register_target(const struct xfer_target *t);
/* xfer_register: install the three command handlers in the protocol dispatcher. */
void xfer_register(void);

#endif
