/* cmd_sys.c - system commands of protocol v1: PING (echo), INFO (TLV list), RESET. */
#include <string.h>

#include <ucos_ii.h>

#include "app.h"
#include "bsp.h"
#include "crc.h"
#include "proto.h"
#include "xfer.h"

volatile int app_reset_pending;

static int cmd_ping(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    memcpy(resp, req, len);
    *resp_len = len;
    return ST_OK;
}

struct tlv {
    uint8_t *p;
    uint16_t n;
    uint16_t cap;
};

static void tlv_put(struct tlv *t, uint8_t tag, const void *v, uint8_t len)
{
    if (t->n + 2u + len > t->cap)
        return;
    t->p[t->n++] = tag;
    t->p[t->n++] = len;
    memcpy(t->p + t->n, v, len);
    t->n = (uint16_t)(t->n + len);
}

static void tlv_str(struct tlv *t, uint8_t tag, const char *s) { tlv_put(t, tag, s, (uint8_t)strlen(s)); }

static void tlv_u32(struct tlv *t, uint8_t tag, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    tlv_put(t, tag, b, 4u);
}

static void tlv_u16(struct tlv *t, uint8_t tag, uint16_t v)
{
    uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    tlv_put(t, tag, b, 2u);
}

static int cmd_info(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    (void)req;
    if (len != 0u)
        return ST_E_BAD_LENGTH;
    struct tlv t = { resp, 0u, *resp_len };
    uint8_t u8;
    tlv_str(&t, 1, WHORL_FW_VERSION);
    tlv_str(&t, 2, WHORL_BUILD_ID);
    tlv_str(&t, 3, WHORL_BOARD);
    u8 = PROTO_VERSION;
    tlv_put(&t, 4, &u8, 1u);
    tlv_u16(&t, 5, OSVersion());
    tlv_u32(&t, 6, (uint32_t)((uint64_t)OSTimeGet() * 1000u / OS_TICKS_PER_SEC));
    u8 = OSCPUUsage;
    tlv_put(&t, 7, &u8, 1u);
    for (INT8U prio = 0u; prio <= OS_LOWEST_PRIO; prio++) {
        OS_TCB *ptcb = OSTCBPrioTbl[prio];
        if (ptcb == (OS_TCB *)0 || ptcb == OS_TCB_RESERVED || ptcb->OSTCBPrio != prio)
            continue;
        OS_STK_DATA sd;
        if (OSTaskStkChk(prio, &sd) != OS_ERR_NONE)
            continue;
        uint8_t rec[9 + 24];
        uint32_t size = sd.OSFree + sd.OSUsed;
        rec[0] = prio;
        for (int i = 0; i < 4; i++) {
            rec[1 + i] = (uint8_t)(size >> (8 * i));
            rec[5 + i] = (uint8_t)(sd.OSFree >> (8 * i));
        }
        const char *name = (const char *)ptcb->OSTCBTaskName;
        size_t nl = strlen(name);
        if (nl > 24u)
            nl = 24u;
        memcpy(rec + 9, name, nl);
        tlv_put(&t, 8, rec, (uint8_t)(9u + nl));
    }
    tlv_u16(&t, 9, PROTO_MAX_PAYLOAD);
    tlv_u16(&t, 10, (uint16_t)OS_TICKS_PER_SEC);
    tlv_u32(&t, 11, OSCtxSwCtr);
    *resp_len = t.n;
    return ST_OK;
}

static int cmd_reset(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    (void)req;
    (void)resp;
    if (len != 0u)
        return ST_E_BAD_LENGTH;
    *resp_len = 0u;
    app_reset_pending = 1;
    return ST_OK;
}

/* Scratch transfer target (id 0): 256 KiB of RAM; commit answers length and CRC-32 so the host
 * can check a transfer end to end. Later targets (images, model blobs) use the same mechanism. */
#define SCRATCH_SIZE (256u * 1024u)
static uint8_t s_scratch[SCRATCH_SIZE];

static int scratch_commit(const uint8_t *data, uint32_t len, uint8_t *resp, uint16_t *resp_len)
{
    uint32_t crc = crc32_update(0, data, len);
    for (int i = 0; i < 4; i++) {
        resp[i] = (uint8_t)(len >> (8 * i));
        resp[4 + i] = (uint8_t)(crc >> (8 * i));
    }
    *resp_len = 8u;
    return ST_OK;
}

void app_sys_register(void)
{
    static const struct xfer_target scratch = { 0u, s_scratch, SCRATCH_SIZE, scratch_commit };
    xfer_register_target(&scratch);
    xfer_register();
    proto_register(CMD_PING, cmd_ping);
    proto_register(CMD_INFO, cmd_info);
    proto_register(CMD_RESET, cmd_reset);
}
