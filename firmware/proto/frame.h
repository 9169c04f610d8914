/* frame.h - wire protocol v1 frame codec (docs/protocol.md). Hardware-free; no heap. */
#ifndef WHORL_FRAME_H
#define WHORL_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define PROTO_SOF0 0xA5u
#define PROTO_SOF1 0x5Au
#define PROTO_VERSION 1u
#define PROTO_HDR_LEN 12u                 /* sof(2) ver flags seq(2) cmd status len(2) hcrc(2) */
#define PROTO_CRC_LEN 4u
#define PROTO_MAX_PAYLOAD 4096u
#define PROTO_MAX_FRAME (PROTO_HDR_LEN + PROTO_MAX_PAYLOAD + PROTO_CRC_LEN) /* 4112 */
#define PROTO_FLAG_RESP 0x01u

/* A decoded frame. `payload` points into the receiver's buffer and stays valid until the next
 * frame_rx_push(). */
struct proto_frame {
    uint8_t version;
    uint8_t flags;
    uint16_t seq;
    uint8_t cmd;
    uint8_t status;
    uint16_t len;
    const uint8_t *payload;
};

/* Receiver statistics, for INFO and tests. */
struct frame_rx_stats {
    uint32_t frames;        /* valid frames delivered */
    uint32_t dropped;       /* bytes skipped while searching for a start marker */
    uint32_t bad_header;    /* header CRC mismatch or length over the limit */
    uint32_t bad_crc;       /* frame CRC mismatch */
};

/* Incremental receiver. The buffer holds two maximal frames so that compaction is rare. */
#define FRAME_RX_BUF (2u * PROTO_MAX_FRAME) /* 8224 bytes */
struct frame_rx {
    uint8_t buf[FRAME_RX_BUF];
    uint32_t start;   /* first unparsed byte */
    uint32_t end;     /* one past the last byte */
    struct frame_rx_stats stats;
};

/* frame_rx_init: empty the receiver and clear its statistics. */
void frame_rx_init(struct frame_rx *rx);

/* frame_rx_push: append one received byte. Call frame_rx_poll() after each push. */
void frame_rx_push(struct frame_rx *rx, uint8_t byte);

/* frame_rx_poll: extract the next complete valid frame, skipping garbage and bad frames
 * (resynchronising one byte after the start of a bad frame). Returns 1 and fills *out when a frame
 * is ready, 0 when more bytes are needed. Call it until it returns 0: resynchronisation can reveal
 * several frames at once. */
int frame_rx_poll(struct frame_rx *rx, struct proto_frame *out);

/* frame_encode: write a frame (header, payload, CRCs) into dst. `f->payload` may alias
 * dst + PROTO_HDR_LEN (the payload is then left in place). Returns the frame length, or 0 if
 * `cap` is too small or `f->len` exceeds PROTO_MAX_PAYLOAD. */
size_t frame_encode(uint8_t *dst, size_t cap, const struct proto_frame *f);

/* frame_decode: decode one whole frame occupying exactly `len` bytes. Returns 0 on success or a
 * negative reason: -1 too short/long, -2 bad start marker, -3 bad header CRC, -4 length over the
 * limit, -5 length does not match, -6 bad frame CRC. */
int frame_decode(const uint8_t *src, size_t len, struct proto_frame *out);

#endif
