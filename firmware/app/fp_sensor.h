/* fp_sensor.h - the sensor driver interface of the fingerprint service. */
#ifndef WHORL_FP_SENSOR_H
#define WHORL_FP_SENSOR_H
#include <stdint.h>
#include "fp.h"

#define FP_SRC_UPLOAD 0u  /* the last image sent with XFER target 1 */
#define FP_SRC_VIRTUAL 1u /* the emulated board's virtual sensor (semihosting) */

struct fp_image {
    uint16_t w, h, dpi;
    const uint8_t *pixels;
};

void fp_sensor_init(void);
/* fp_sensor_capture: take an image from `source`; a protocol status (ST_OK, ST_E_NOT_FOUND when
 * nothing is on the sensor, ST_E_BAD_PARAM / ST_E_BAD_LENGTH for a malformed image). */
int fp_sensor_capture(uint8_t source, struct fp_image *img);
#endif
