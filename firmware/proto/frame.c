/* frame.c - wire protocol v1 frame encoder, decoder and resynchronising receiver. */
#include <string.h>

#include "crc.h"
#include "frame.h"

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Check the 12-byte header at p: 0 ok, -2 marker, -3 header CRC, -4 length. */
static int check_header(const uint8_t *p)
{
    if (p[0] != PROTO_SOF0 || p[1] != PROTO_SOF1)
        return -2;
    if (crc16_ccitt(p, 10) != rd16(p + 10))
        return -3;
    if (rd16(p + 8) > PROTO_MAX_PAYLOAD)
        return -4;
    return 0;
}

static void fill_frame(const uint8_t *p, struct proto_frame *out)
{
    out->version = p[2];
    out->flags = p[3];
    out->seq = rd16(p + 4);
    out->cmd = p[6];
    out->status = p[7];
    out->len = rd16(p + 8);
    out->payload = p + PROTO_HDR_LEN;
}

size_t frame_encode(uint8_t *dst, size_t cap, const struct proto_frame *f)
{
    size_t total = PROTO_HDR_LEN + (size_t)f->len + PROTO_CRC_LEN;
    if (f->len > PROTO_MAX_PAYLOAD || cap < total)
        return 0;
    if (f->len && f->payload != dst + PROTO_HDR_LEN)
        memmove(dst + PROTO_HDR_LEN, f->payload, f->len);
    dst[0] = PROTO_SOF0;
    dst[1] = PROTO_SOF1;
    dst[2] = f->version;
    dst[3] = f->flags;
    wr16(dst + 4, f->seq);
    dst[6] = f->cmd;
    dst[7] = f->status;
    wr16(dst + 8, f->len);
    wr16(dst + 10, crc16_ccitt(dst, 10));
    wr32(dst + PROTO_HDR_LEN + f->len, crc32_update(0, dst, PROTO_HDR_LEN + f->len));
    return total;
}

int frame_decode(const uint8_t *src, size_t len, struct proto_frame *out)
{
    if (len < PROTO_HDR_LEN + PROTO_CRC_LEN || len > PROTO_MAX_FRAME)
        return -1;
    int r = check_header(src);
    if (r)
        return r;
    uint16_t plen = rd16(src + 8);
    if (len != PROTO_HDR_LEN + (size_t)plen + PROTO_CRC_LEN)
        return -5;
    if (crc32_update(0, src, PROTO_HDR_LEN + plen) != rd32(src + PROTO_HDR_LEN + plen))
        return -6;
    fill_frame(src, out);
    return 0;
}

void frame_rx_init(struct frame_rx *rx)
{
    rx->start = 0;
    rx->end = 0;
    memset(&rx->stats, 0, sizeof rx->stats);
}

void frame_rx_push(struct frame_rx *rx, uint8_t byte)
{
    if (rx->end == FRAME_RX_BUF) {
        /* Invariant: after frame_rx_poll() returned 0, fewer than PROTO_MAX_FRAME bytes are
         * pending, so start > 0 here and compaction frees room. */
        uint32_t n = rx->end - rx->start;
        memmove(rx->buf, rx->buf + rx->start, n);
        rx->start = 0;
        rx->end = n;
    }
    rx->buf[rx->end++] = byte;
}

int frame_rx_poll(struct frame_rx *rx, struct proto_frame *out)
{
    for (;;) {
        uint32_t n = rx->end - rx->start;
        const uint8_t *p = rx->buf + rx->start;
        if (n == 0) {
            rx->start = rx->end = 0;
            return 0;
        }
        if (p[0] != PROTO_SOF0 || (n >= 2 && p[1] != PROTO_SOF1)) {
            rx->start++;
            rx->stats.dropped++;
            continue;
        }
        if (n < PROTO_HDR_LEN)
            return 0;
        if (check_header(p)) {
            rx->start++;
            rx->stats.dropped++;
            rx->stats.bad_header++;
            continue;
        }
        uint32_t need = PROTO_HDR_LEN + rd16(p + 8) + PROTO_CRC_LEN;
        if (n < need)
            return 0;
        if (crc32_update(0, p, need - PROTO_CRC_LEN) != rd32(p + need - PROTO_CRC_LEN)) {
            rx->start++;
            rx->stats.dropped++;
            rx->stats.bad_crc++;
            continue;
        }
        fill_frame(p, out);
        rx->start += need;
        rx->stats.frames++;
        return 1;
    }
}
