/* fp.h - fingerprint service (docs/protocol.md, "Fingerprint commands"): capture, enroll, verify,
 * identify, delete, list, threshold, statistics. Runs in its own kernel task; the protocol task
 * hands each request over and waits for the answer. */
#ifndef WHORL_FP_H
#define WHORL_FP_H
#include <stdint.h>

#define CMD_FP_CAPTURE 0x20u
#define CMD_FP_ENROLL 0x21u
#define CMD_FP_VERIFY 0x22u
#define CMD_FP_IDENTIFY 0x23u
#define CMD_FP_DELETE 0x24u
#define CMD_FP_DELETE_ALL 0x25u
#define CMD_FP_LIST 0x26u
#define CMD_FP_THRESHOLD 0x27u
#define CMD_FP_STATS 0x28u

#define FP_XFER_IMAGE 1u            /* transfer target: an image "placed on the sensor" */
#define FP_IMAGE_MAX (512u * 1024u) /* bytes of an uploaded image, header included */
#define FP_MAX_IMPRESSIONS 5u       /* impressions per enrollment (payload: that many embeddings) */
#define FP_DEFAULT_IMPRESSIONS 3u
#define FP_MAX_EMB 128u             /* embedding bytes the service supports */
#define FP_MAX_CANDIDATES 8u
#define FP_DELETE_ALL_KEY 0x4C4C4144u /* 'DALL' */
#define FP_SENSOR_FILE "whorl-sensor.raw"

/* fp_init: load the model from the model partition (reporting why not on the console), build the
 * template cache from the store, start the service task and register the commands. */
void fp_init(void);
#endif
