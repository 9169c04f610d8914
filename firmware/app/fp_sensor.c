/* fp_sensor.c - image sources: the uploaded image (XFER target 1) and the virtual sensor (a file
 * the host places beside QEMU, read through semihosting). Both give the same header: u16 width,
 * height, dpi, reserved, then width*height grey bytes. */
#include <string.h>

#include "fp_sensor.h"
#include "semihost.h"
#include "status.h"
#include "xfer.h"

static uint8_t s_upload[FP_IMAGE_MAX];
static uint32_t s_upload_len;
static uint8_t s_image[FP_IMAGE_MAX]; /* the virtual sensor's image */

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

static int check_header(const uint8_t *d, uint32_t len, struct fp_image *img)
{
    if (len < 8u)
        return ST_E_BAD_LENGTH;
    img->w = rd16(d);
    img->h = rd16(d + 2);
    img->dpi = rd16(d + 4);
    if (img->w == 0u || img->h == 0u || img->dpi < 100u || img->dpi > 2000u || rd16(d + 6) != 0u)
        return ST_E_BAD_PARAM;
    if ((uint32_t)img->w * img->h + 8u != len)
        return ST_E_BAD_LENGTH;
    return ST_OK;
}

static int upload_commit(const uint8_t *data, uint32_t len, uint8_t *resp, uint16_t *resp_len)
{
    struct fp_image img;
    int st = check_header(data, len, &img);
    if (st != ST_OK) {
        s_upload_len = 0;
        *resp_len = 0;
        return st;
    }
    s_upload_len = len;
    memcpy(resp, data, 6);
    *resp_len = 6u;
    return ST_OK;
}

void fp_sensor_init(void)
{
    static const struct xfer_target t = { FP_XFER_IMAGE, s_upload, FP_IMAGE_MAX, upload_commit };
    xfer_register_target(&t);
}

#if WHORL_VIRTUAL_SENSOR
static int read_virtual(struct fp_image *img)
{
    uint32_t open_args[3] = { (uint32_t)FP_SENSOR_FILE, 1u /* "rb" */, sizeof FP_SENSOR_FILE - 1u };
    int32_t fd = semihost_call(SH_SYS_OPEN, open_args);
    if (fd < 0)
        return ST_E_NOT_FOUND;
    uint32_t flen_args[1] = { (uint32_t)fd };
    int32_t len = semihost_call(SH_SYS_FLEN, flen_args);
    int st = ST_OK;
    if (len < 8 || (uint32_t)len > FP_IMAGE_MAX) {
        st = len < 8 ? ST_E_BAD_LENGTH : ST_E_NO_SPACE;
    } else {
        uint32_t rd_args[3] = { (uint32_t)fd, (uint32_t)s_image, (uint32_t)len };
        if (semihost_call(SH_SYS_READ, rd_args) != 0)
            st = ST_E_INTERNAL; /* returns the bytes not read */
        else
            st = check_header(s_image, (uint32_t)len, img);
    }
    uint32_t cl_args[1] = { (uint32_t)fd };
    (void)semihost_call(SH_SYS_CLOSE, cl_args);
    return st;
}
#endif

int fp_sensor_capture(uint8_t source, struct fp_image *img)
{
    int st;
    if (source == FP_SRC_UPLOAD) {
        if (s_upload_len == 0u)
            return ST_E_NOT_FOUND;
        st = check_header(s_upload, s_upload_len, img);
        img->pixels = s_upload + 8; /* used before the call returns to the protocol task */
        s_upload_len = 0;           /* an upload is captured once */
        return st;
    } else if (source == FP_SRC_VIRTUAL) {
#if WHORL_VIRTUAL_SENSOR
        st = read_virtual(img);
#else
        st = ST_E_BAD_PARAM;
#endif
    } else {
        return ST_E_BAD_PARAM;
    }
    img->pixels = s_image + 8;
    return st;
}
