/* xfer.c - chunked transfers. BEGIN {target u8, reserved u8[3], total u32, crc32 u32};
 * CHUNK {offset u32, data...} answered with the next expected offset (u32); END answered with
 * the target's commit response. Chunks must arrive in order: a chunk at the wrong offset gets
 * E_SEQUENCE (a retried chunk that was already stored is answered by the retry cache). */
#include <string.h>

#include "crc.h"
#include "proto.h"
#include "xfer.h"

static struct xfer_target s_targets[XFER_MAX_TARGETS];
static unsigned s_ntargets;
static const struct xfer_target *s_cur;   /* open transfer, or NULL */
static uint32_t s_total, s_crc, s_next;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }
static void wr32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }

int xfer_register_target(const struct xfer_target *t)
{
    for (unsigned i = 0; i < s_ntargets; i++)
        if (s_targets[i].id == t->id) {
            s_targets[i] = *t;
            return 0;
        }
    if (s_ntargets >= XFER_MAX_TARGETS)
        return -1;
    s_targets[s_ntargets++] = *t;
    return 0;
}

static int cmd_begin(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    if (len != 12u)
        return ST_E_BAD_LENGTH;
    *resp_len = 0u;
    const struct xfer_target *t = 0;
    for (unsigned i = 0; i < s_ntargets; i++)
        if (s_targets[i].id == req[0])
            t = &s_targets[i];
    uint32_t total = rd32(req + 4);
    if (!t || total == 0u)
        return ST_E_BAD_PARAM;
    if (total > t->cap)
        return ST_E_NO_SPACE;
    s_cur = t;
    s_total = total;
    s_crc = rd32(req + 8);
    s_next = 0u;
    wr32(resp, t->cap);
    *resp_len = 4u;
    return ST_OK;
}

static int cmd_chunk(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    *resp_len = 0u;
    if (len < 5u)
        return ST_E_BAD_LENGTH;
    if (!s_cur)
        return ST_E_SEQUENCE;
    uint32_t off = rd32(req);
    uint32_t n = (uint32_t)len - 4u;
    if (off != s_next) {
        wr32(resp, s_next);
        *resp_len = 4u;
        return ST_E_SEQUENCE;
    }
    if (n > s_total - off)
        return ST_E_BAD_LENGTH;
    memcpy(s_cur->buf + off, req + 4, n);
    s_next += n;
    wr32(resp, s_next);
    *resp_len = 4u;
    return ST_OK;
}

static int cmd_end(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    (void)req;
    if (len != 0u)
        return ST_E_BAD_LENGTH;
    if (!s_cur || s_next != s_total) {
        *resp_len = 0u;
        return ST_E_SEQUENCE;
    }
    const struct xfer_target *t = s_cur;
    s_cur = 0;
    if (crc32_update(0, t->buf, s_total) != s_crc) {
        *resp_len = 0u;
        return ST_E_CRC;
    }
    if (!t->commit) {
        *resp_len = 0u;
        return ST_OK;
    }
    return t->commit(t->buf, s_total, resp, resp_len);
}

void xfer_register(void)
{
    proto_register(CMD_XFER_BEGIN, cmd_begin);
    proto_register(CMD_XFER_CHUNK, cmd_chunk);
    proto_register(CMD_XFER_END, cmd_end);
}
