/* proto.h - protocol v1 request dispatcher: handler table, response framing, retry cache. */
#ifndef WHORL_PROTO_H
#define WHORL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "status.h"

/* A command handler. `req`/`len`: request payload. Write the response payload to `resp` (room for
 * *resp_len bytes on entry, PROTO_MAX_PAYLOAD) and set *resp_len to its length. Return a status
 * code (enum proto_status); the response payload is sent whatever the status. */
typedef int (*proto_handler_t)(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len);

/* Sends bytes on the link (blocking until they are queued). */
typedef void (*proto_output_t)(const uint8_t *bytes, size_t len);

#define PROTO_MAX_HANDLERS 32

struct proto_stats {
    uint32_t requests;      /* requests executed */
    uint32_t cached;        /* retries answered from the cache */
    uint32_t responses;     /* responses sent */
};

/* proto_init: clear the handler table, the receiver and the retry cache; set the output. */
void proto_init(proto_output_t out);

/* proto_register: install `h` for command `cmd`. Returns 0, or -1 if the table is full. A second
 * registration of the same command replaces the first. */
int proto_register(uint8_t cmd, proto_handler_t h);

/* proto_feed: pass received bytes; every complete request is executed and answered. */
void proto_feed(const uint8_t *bytes, size_t len);

/* proto_handle: execute one decoded request and send its response (used by proto_feed and tests). */
void proto_handle(const struct proto_frame *req);

/* proto_rx_stats / proto_stats: counters for INFO and tests. */
const struct frame_rx_stats *proto_rx_stats(void);
const struct proto_stats *proto_get_stats(void);

#endif
