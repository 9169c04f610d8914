/*
 * Reference int8 kernels: plain C, the C form of host/nn/int8.ts. Optimized kernels must give the
 * same bytes; these stay simple on purpose.
 */
#include "nn_ref.h"

/* Applies the layer's activation table in place. */
static void lut_apply(const nn_layer_t *l, int8_t *y, uint32_t n)
{
  if (l->lut == 0) return;
  for (uint32_t i = 0; i < n; i++) y[i] = l->lut[y[i] + 128];
}

/* CONV2D: NHWC, weights [out][kh][kw][in], zero padding, per-channel requantization. */
void nn_ref_conv2d(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  (void)index; (void)ctx;
  const uint32_t ih = l->in.h, iw = l->in.w, ic = l->in.c, oc = l->out.c;
  for (uint32_t oy = 0; oy < l->out.h; oy++) {
    for (uint32_t ox = 0; ox < l->out.w; ox++) {
      for (uint32_t o = 0; o < oc; o++) {
        int32_t acc = l->bias[o];
        for (uint32_t ky = 0; ky < l->kh; ky++) {
          int32_t iy = (int32_t)(oy * l->stride + ky) - l->pt;
          if (iy < 0 || iy >= (int32_t)ih) continue;
          for (uint32_t kx = 0; kx < l->kw; kx++) {
            int32_t ix = (int32_t)(ox * l->stride + kx) - l->pl;
            if (ix < 0 || ix >= (int32_t)iw) continue;
            const int8_t *xp = x + ((uint32_t)iy * iw + (uint32_t)ix) * ic;
            const int8_t *wp = l->weights + ((o * l->kh + ky) * l->kw + kx) * ic;
            for (uint32_t c = 0; c < ic; c++) acc += (int32_t)wp[c] * xp[c];
          }
        }
        y[(oy * l->out.w + ox) * oc + o] = nn_requant(acc, l->mult[o], l->shift[o]);
      }
    }
  }
  lut_apply(l, y, (uint32_t)l->out.h * l->out.w * oc);
}

/* DENSE: weights [out][in]. */
void nn_ref_dense(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  (void)index; (void)ctx;
  const uint32_t n = (uint32_t)l->in.h * l->in.w * l->in.c;
  for (uint32_t o = 0; o < l->out.c; o++) {
    int32_t acc = l->bias[o];
    const int8_t *wp = l->weights + o * n;
    for (uint32_t i = 0; i < n; i++) acc += (int32_t)wp[i] * x[i];
    y[o] = nn_requant(acc, l->mult[o], l->shift[o]);
  }
  lut_apply(l, y, l->out.c);
}

/* MAXPOOL: max over the window cells inside the input. */
void nn_ref_maxpool(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  (void)index; (void)ctx;
  const uint32_t c = l->in.c;
  for (uint32_t oy = 0; oy < l->out.h; oy++)
    for (uint32_t ox = 0; ox < l->out.w; ox++)
      for (uint32_t ch = 0; ch < c; ch++) {
        int32_t m = -128;
        for (uint32_t ky = 0; ky < l->kh; ky++) {
          int32_t iy = (int32_t)(oy * l->stride + ky) - l->pt;
          if (iy < 0 || iy >= (int32_t)l->in.h) continue;
          for (uint32_t kx = 0; kx < l->kw; kx++) {
            int32_t ix = (int32_t)(ox * l->stride + kx) - l->pl;
            if (ix < 0 || ix >= (int32_t)l->in.w) continue;
            int32_t v = x[((uint32_t)iy * l->in.w + (uint32_t)ix) * c + ch];
            if (v > m) m = v;
          }
        }
        y[(oy * l->out.w + ox) * c + ch] = (int8_t)m;
      }
}

/* AVGPOOL (valid padding): window sum, requantized with mult[0], shift[0]. */
void nn_ref_avgpool(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  (void)index; (void)ctx;
  const uint32_t c = l->in.c;
  for (uint32_t oy = 0; oy < l->out.h; oy++)
    for (uint32_t ox = 0; ox < l->out.w; ox++)
      for (uint32_t ch = 0; ch < c; ch++) {
        int32_t a = 0;
        for (uint32_t ky = 0; ky < l->kh; ky++)
          for (uint32_t kx = 0; kx < l->kw; kx++)
            a += x[((oy * l->stride + ky) * l->in.w + ox * l->stride + kx) * c + ch];
        y[(oy * l->out.w + ox) * c + ch] = nn_requant(a, l->mult[0], l->shift[0]);
      }
  lut_apply(l, y, (uint32_t)l->out.h * l->out.w * c);
}

/* GAP: per-channel sum over H*W, requantized with mult[0], shift[0]. */
void nn_ref_gap(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  (void)index; (void)ctx;
  const uint32_t c = l->in.c, n = (uint32_t)l->in.h * l->in.w;
  for (uint32_t ch = 0; ch < c; ch++) {
    int32_t a = 0;
    for (uint32_t p = 0; p < n; p++) a += x[p * c + ch];
    y[ch] = nn_requant(a, l->mult[0], l->shift[0]);
  }
  lut_apply(l, y, c);
}

/* LUT: y = lut[x + 128]. */
void nn_ref_lut(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  (void)index; (void)ctx;
  const uint32_t n = (uint32_t)l->in.h * l->in.w * l->in.c;
  for (uint32_t i = 0; i < n; i++) y[i] = l->lut[x[i] + 128];
}

/* Floor of the square root of a 32-bit value (bit by bit). */
static uint32_t isqrt32(uint32_t v)
{
  uint32_t r = 0, b = 1u << 30;
  while (b > v) b >>= 2;
  while (b != 0) {
    if (v >= r + b) { v -= r + b; r = (r >> 1) + b; } else { r >>= 1; }
    b >>= 2;
  }
  return r;
}

/* L2NORM: y_i = sign(x_i) * floor((|x_i|*4064 + r) / (2r)), r = isqrt(256 * sum x^2). */
void nn_ref_l2norm(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  (void)index; (void)ctx;
  const uint32_t n = (uint32_t)l->in.h * l->in.w * l->in.c;
  uint32_t ss = 0;
  for (uint32_t i = 0; i < n; i++) ss += (uint32_t)((int32_t)x[i] * x[i]);
  if (ss == 0) { for (uint32_t i = 0; i < n; i++) y[i] = 0; return; }
  uint32_t r = isqrt32(ss << 8);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t a = (uint32_t)(x[i] < 0 ? -x[i] : x[i]);
    int32_t q = (int32_t)((a * 4064u + r) / (2u * r));
    y[i] = (int8_t)(x[i] < 0 ? -q : q);
  }
}

const nn_ops_t nn_ref_ops = { { 0, nn_ref_conv2d, nn_ref_maxpool, nn_ref_avgpool, nn_ref_gap, nn_ref_dense, nn_ref_l2norm, nn_ref_lut } };
