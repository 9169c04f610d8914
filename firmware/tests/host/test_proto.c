/* test_proto.c - native (gcc) test of the protocol v1 codec and dispatcher against the shared
 * vectors in test/vectors/protocol-v1.txt. Usage: test_proto [vectors-file] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "proto.h"
#include "vecline.h"

#define MAX_LINE (2 * PROTO_MAX_FRAME * 2 + 4096)
#define MAX_NAMED 64

static int s_pass, s_fail;
static char s_line[MAX_LINE];

struct named { char name[48]; uint8_t bytes[PROTO_MAX_FRAME]; size_t len; };
static struct named s_named[MAX_NAMED];
static int s_nnamed;

static void check(int ok, const char *what, const char *name)
{
    if (ok) {
        s_pass++;
    } else {
        s_fail++;
        printf("FAIL %s: %s\n", name, what);
    }
}


static int reason_code(const char *r)
{
    if (!strncmp(r, "short", 5)) return -1;
    if (!strncmp(r, "sof", 3)) return -2;
    if (!strncmp(r, "hcrc", 4)) return -3;
    if (!strncmp(r, "len", 3)) return -4;
    if (!strncmp(r, "size", 4)) return -5;
    if (!strncmp(r, "crc", 3)) return -6;
    return 1;
}

static uint8_t s_buf[2 * PROTO_MAX_FRAME + 1024];
static uint8_t s_payload[PROTO_MAX_PAYLOAD];

static void test_frame(const char *line)
{
    char name[48], reason[16];
    if (sscanf(line, "frame %47s %15s", name, reason) != 2) {
        check(0, "unparsable frame line", "?");
        return;
    }
    size_t n = vec_unhex(vec_field(line, "hex"), s_buf, sizeof s_buf);
    struct proto_frame f;
    int r = frame_decode(s_buf, n, &f);
    if (strcmp(reason, "ok") != 0) {
        check(r == reason_code(reason), "decode gives the expected reason", name);
        return;
    }
    check(r == 0, "decodes", name);
    if (r)
        return;
    size_t plen = vec_unhex(vec_field(line, "payload"), s_payload, sizeof s_payload);
    check(f.version == vec_num(line, "ver") && f.flags == vec_num(line, "flags") && f.seq == vec_num(line, "seq") &&
              f.cmd == vec_num(line, "cmd") && f.status == vec_num(line, "status"), "header fields", name);
    check(f.len == plen && memcmp(f.payload, s_payload, plen) == 0, "payload", name);
    static uint8_t enc[PROTO_MAX_FRAME];
    struct proto_frame e = { f.version, f.flags, f.seq, f.cmd, f.status, (uint16_t)plen, s_payload };
    size_t m = frame_encode(enc, sizeof enc, &e);
    check(m == n && memcmp(enc, s_buf, n) == 0, "encode reproduces the bytes", name);
    if (s_nnamed < MAX_NAMED) {
        struct named *d = &s_named[s_nnamed++];
        snprintf(d->name, sizeof d->name, "%s", name);
        memcpy(d->bytes, s_buf, n);
        d->len = n;
    }
}

static const struct named *lookup(const char *name, size_t len)
{
    for (int i = 0; i < s_nnamed; i++)
        if (strlen(s_named[i].name) == len && !strncmp(s_named[i].name, name, len))
            return &s_named[i];
    return NULL;
}

static struct frame_rx s_rx;

static void test_stream(const char *line)
{
    char name[48];
    sscanf(line, "stream %47s", name);
    size_t n = vec_unhex(vec_field(line, "hex"), s_buf, sizeof s_buf);
    const char *exp = vec_field(line, "expect");
    frame_rx_init(&s_rx);
    int got = 0, ok = 1;
    const char *e = exp && exp[0] != '-' ? exp : NULL;
    for (size_t i = 0; i < n; i++) {
        struct proto_frame f;
        frame_rx_push(&s_rx, s_buf[i]);
        while (frame_rx_poll(&s_rx, &f)) {
            got++;
            size_t len = e ? strcspn(e, ",\n ") : 0;
            const struct named *want = e ? lookup(e, len) : NULL;
            size_t flen = PROTO_HDR_LEN + f.len + PROTO_CRC_LEN;
            if (!want || want->len != flen || memcmp(want->bytes, f.payload - PROTO_HDR_LEN, flen) != 0)
                ok = 0;
            if (e) {
                e += len;
                e = (*e == ',') ? e + 1 : NULL;
            }
        }
    }
    check(ok && e == NULL, "receiver extracts exactly the expected frames", name);
    (void)got;
}

/* Dispatcher tests: a counting handler, the retry cache, unknown command, version, flags. */
static uint8_t s_out[4 * PROTO_MAX_FRAME];
static size_t s_out_len;
static int s_exec;

static void out_cb(const uint8_t *b, size_t len)
{
    if (s_out_len + len <= sizeof s_out) {
        memcpy(s_out + s_out_len, b, len);
        s_out_len += len;
    }
}

static int echo_handler(const uint8_t *req, uint16_t len, uint8_t *resp, uint16_t *resp_len)
{
    s_exec++;
    memcpy(resp, req, len);
    *resp_len = len;
    return ST_OK;
}

static int send_req(uint8_t ver, uint8_t flags, uint16_t seq, uint8_t cmd, const char *payload, struct proto_frame *resp)
{
    static uint8_t req[PROTO_MAX_FRAME];
    struct proto_frame f = { ver, flags, seq, cmd, 0, (uint16_t)strlen(payload), (const uint8_t *)payload };
    size_t n = frame_encode(req, sizeof req, &f);
    s_out_len = 0;
    proto_feed(req, n);
    return frame_decode(s_out, s_out_len, resp);
}

static void test_dispatch(void)
{
    struct proto_frame r;
    proto_init(out_cb);
    check(proto_register(CMD_PING, echo_handler) == 0, "register", "dispatch");
    s_exec = 0;
    check(send_req(1, 0, 5, CMD_PING, "abc", &r) == 0 && r.status == ST_OK && r.flags == PROTO_FLAG_RESP &&
              r.seq == 5 && r.len == 3 && !memcmp(r.payload, "abc", 3), "echo response", "dispatch_ping");
    check(send_req(1, 0, 5, CMD_PING, "abc", &r) == 0 && r.seq == 5 && s_exec == 1, "retry answered from cache", "dispatch_cache");
    check(proto_get_stats()->cached == 1, "cache counted", "dispatch_cache");
    check(send_req(1, 0, 6, CMD_PING, "x", &r) == 0 && s_exec == 2 && r.len == 1, "new seq executes", "dispatch_next");
    check(send_req(1, 0, 7, 0x7f, "", &r) == 0 && r.status == ST_E_UNKNOWN_CMD, "unknown command", "dispatch_unknown");
    check(send_req(2, 0, 8, CMD_PING, "", &r) == 0 && r.status == ST_E_VERSION && r.version == 1, "version", "dispatch_version");
    check(send_req(1, 0x80, 9, CMD_PING, "", &r) == 0 && r.status == ST_E_BAD_FRAME, "reserved flags", "dispatch_flags");
    check(send_req(1, PROTO_FLAG_RESP, 10, CMD_PING, "", &r) != 0 && s_out_len == 0, "responses are ignored", "dispatch_resp");
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../test/vectors/protocol-v1.txt";
    FILE *fp = fopen(path, "r");
    if (!fp) {
        printf("cannot open %s\n", path);
        return 2;
    }
    while (fgets(s_line, sizeof s_line, fp)) {
        if (!strncmp(s_line, "frame ", 6))
            test_frame(s_line);
        else if (!strncmp(s_line, "stream ", 7))
            test_stream(s_line);
    }
    fclose(fp);
    test_dispatch();
    printf("test_proto: %d passed, %d failed\n", s_pass, s_fail);
    return s_fail ? 1 : 0;
}
