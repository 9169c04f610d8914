/* Reference int8 kernels (firmware/nn/ref/nn_ref.c); signature nn_kernel_fn. */
#ifndef WHORL_NN_REF_H
#define WHORL_NN_REF_H

#include "nn.h"

void nn_ref_conv2d(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);
void nn_ref_dense(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);
void nn_ref_maxpool(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);
void nn_ref_avgpool(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);
void nn_ref_gap(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);
void nn_ref_lut(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);
void nn_ref_l2norm(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx);

#endif /* WHORL_NN_REF_H */
