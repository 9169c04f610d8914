/*
 * ARMv4T-optimized int8 kernels. The convolution packs the weights of two output channels into one
 * 32-bit word (w_even + w_odd * 2^24) so that one SMLAL does two multiply-accumulates; see
 * docs/quantization.md (ARMv4T kernels). Results are identical to the reference kernels.
 */
#ifndef WHORL_NN_ARMV4T_H
#define WHORL_NN_ARMV4T_H

#include "nn.h"

/* Largest kh*kw*in_c of a convolution the optimized kernel takes (im2col buffer). */
#define NN_ARMV4T_MAX_K 2304u
/* At most this many products per packed accumulation: 516 * 127 * 128 < 2^23. */
#define NN_ARMV4T_CHUNK 516u

/*
 * Per-model state: packed weights per layer (NULL: the layer uses the reference kernel), followed by
 * the requantization of each output channel as {M, 2^(s-33), s-32} when every shift of the layer
 * is at least 33 (rq[layer] non-NULL), so that only the high product word is needed.
 */
typedef struct {
  const uint32_t *packed[NN_MAX_LAYERS];
  const int32_t *rq[NN_MAX_LAYERS];
  int8_t col[2u * NN_ARMV4T_MAX_K]; /* two pixels' patches, interleaved */
} nn_armv4t_ctx_t;

extern const nn_ops_t nn_armv4t_ops;

/* Bytes of packed weights nn_armv4t_prepare needs for model m. */
uint32_t nn_armv4t_packed_bytes(const nn_model_t *m);

/*
 * Packs the convolution weights of m into buf (4-aligned, bytes long) and fills ctx.
 * Returns NN_OK or NN_ERR_ARENA when buf is too small.
 */
int nn_armv4t_prepare(const nn_model_t *m, nn_armv4t_ctx_t *ctx, uint32_t *buf, uint32_t bytes);

/* Optimized MAXPOOL (2x2 stride 2 without padding; other windows use the reference). */
void nn_armv4t_maxpool(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);

/* Optimized DENSE: the convolution kernel on a 1x1 input (nn_kernel_fn). */
void nn_armv4t_dense(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);

/* Optimized CONV2D (nn_kernel_fn; ctx is an nn_armv4t_ctx_t). */
void nn_armv4t_conv2d(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);

/*
 * Inner product of two pixels with four channels over n (1..NN_ARMV4T_CHUNK) positions, plus bias.
 * col: 2n bytes, col[2k] pixel 0, col[2k+1] pixel 1; wp: 2n words, wp[2k] = channels 0|1,
 * wp[2k+1] = channels 2|3. out: {p0c0, p0c1, p0c2, p0c3, p1c0, p1c1, p1c2, p1c3}, each + bias[c].
 * Assembly on ARM (nn_dot_armv4t.S), C elsewhere.
 */
void nn_dot2x4(const int8_t *col, const uint32_t *wp, uint32_t n, int32_t out[8], const int32_t bias[4]);

#endif /* WHORL_NN_ARMV4T_H */
