/* proto.c - protocol v1 dispatcher. One request at a time; the last response is kept so that a
 * retried request (same seq and cmd) is answered again without being executed twice. */
#include <string.h>

#include "proto.h"

struct handler_entry {
    uint8_t cmd;
    proto_handler_t fn;
};

static struct handler_entry s_handlers[PROTO_MAX_HANDLERS];
static unsigned s_nhandlers;
static proto_output_t s_out;
static struct frame_rx s_rx;                 /* 8224-byte receive buffer */
static uint8_t s_tx[PROTO_MAX_FRAME];        /* last response frame (also the retry cache) */
static size_t s_tx_len;                      /* 0: no cached response */
static uint16_t s_last_seq;
static uint8_t s_last_cmd;
static struct proto_stats s_stats;

void proto_init(proto_output_t out)
{
    s_out = out;
    s_nhandlers = 0;
    s_tx_len = 0;
    frame_rx_init(&s_rx);
    memset(&s_stats, 0, sizeof s_stats);
}

int proto_register(uint8_t cmd, proto_handler_t h)
{
    for (unsigned i = 0; i < s_nhandlers; i++) {
        if (s_handlers[i].cmd == cmd) {
            s_handlers[i].fn = h;
            return 0;
        }
    }
    if (s_nhandlers >= PROTO_MAX_HANDLERS)
        return -1;
    s_handlers[s_nhandlers].cmd = cmd;
    s_handlers[s_nhandlers].fn = h;
    s_nhandlers++;
    return 0;
}

static proto_handler_t find_handler(uint8_t cmd)
{
    for (unsigned i = 0; i < s_nhandlers; i++)
        if (s_handlers[i].cmd == cmd)
            return s_handlers[i].fn;
    return 0;
}

static void send_cached(void)
{
    if (s_out && s_tx_len)
        s_out(s_tx, s_tx_len);
    s_stats.responses++;
}

void proto_handle(const struct proto_frame *req)
{
    if (req->flags & PROTO_FLAG_RESP)
        return; /* responses are never addressed to the device */
    if (s_tx_len && req->seq == s_last_seq && req->cmd == s_last_cmd) {
        s_stats.cached++;
        send_cached();
        return;
    }
    uint16_t rlen = PROTO_MAX_PAYLOAD;
    int status;
    uint8_t *resp = s_tx + PROTO_HDR_LEN;
    if (req->version != PROTO_VERSION) {
        status = ST_E_VERSION;
        rlen = 0;
    } else if (req->flags & ~PROTO_FLAG_RESP) {
        status = ST_E_BAD_FRAME;
        rlen = 0;
    } else {
        proto_handler_t fn = find_handler(req->cmd);
        if (!fn) {
            status = ST_E_UNKNOWN_CMD;
            rlen = 0;
        } else {
            /* The request payload lives in the receive buffer, the response in s_tx: no overlap. */
            status = fn(req->payload, req->len, resp, &rlen);
            if (rlen > PROTO_MAX_PAYLOAD) {
                status = ST_E_INTERNAL;
                rlen = 0;
            }
        }
        s_stats.requests++;
    }
    struct proto_frame f = { PROTO_VERSION, PROTO_FLAG_RESP, req->seq, req->cmd, (uint8_t)status, rlen, resp };
    s_tx_len = frame_encode(s_tx, sizeof s_tx, &f);
    s_last_seq = req->seq;
    s_last_cmd = req->cmd;
    send_cached();
}

void proto_feed(const uint8_t *bytes, size_t len)
{
    struct proto_frame f;
    for (size_t i = 0; i < len; i++) {
        frame_rx_push(&s_rx, bytes[i]);
        while (frame_rx_poll(&s_rx, &f))
            proto_handle(&f);
    }
}

const struct frame_rx_stats *proto_rx_stats(void) { return &s_rx.stats; }
const struct proto_stats *proto_get_stats(void) { return &s_stats; }
