/* ARMv4T-optimized CONV2D: im2col of two pixels, packed-weight SMLAL inner product (nn_dot2x4). */
#include "nn_armv4t.h"
#include "nn_ref.h"

static uint32_t conv_k(const nn_layer_t *l) { return (uint32_t)l->kh * l->kw * l->in.c; }

/* Dot-product length of a layer the optimized kernels take (CONV2D or DENSE), or 0. */
static uint32_t pack_k(const nn_layer_t *l)
{
  uint32_t K = l->op == NN_OP_CONV2D ? conv_k(l) : l->op == NN_OP_DENSE ? (uint32_t)l->in.h * l->in.w * l->in.c : 0u;
  return l->out.c >= 4u && K <= NN_ARMV4T_MAX_K ? K : 0u;
}

uint32_t nn_armv4t_packed_bytes(const nn_model_t *m)
{
  uint32_t words = 0;
  for (uint32_t i = 0; i < m->n_layers; i++) {
    const nn_layer_t *l = &m->layers[i];
    uint32_t K = pack_k(l);
    if (K) words += (l->out.c / 4u) * K * 2u + 3u * l->out.c;
  }
  return 4u * words;
}

int nn_armv4t_prepare(const nn_model_t *m, nn_armv4t_ctx_t *ctx, uint32_t *buf, uint32_t bytes)
{
  if (m == 0 || ctx == 0 || (buf == 0 && bytes != 0)) return NN_ERR_ARG;
  if (nn_armv4t_packed_bytes(m) > bytes) return NN_ERR_ARENA;
  uint32_t *p = buf;
  for (uint32_t i = 0; i < NN_MAX_LAYERS; i++) { ctx->packed[i] = 0; ctx->rq[i] = 0; }
  for (uint32_t i = 0; i < m->n_layers; i++) {
    const nn_layer_t *l = &m->layers[i];
    uint32_t K = pack_k(l);
    if (K == 0) continue;
    ctx->packed[i] = p;
    for (uint32_t g = 0; g < l->out.c / 4u; g++) {
      const int8_t *w = l->weights + 4u * g * K;
      for (uint32_t k = 0; k < K; k++) {
        *p++ = (uint32_t)(int32_t)w[k] + ((uint32_t)(int32_t)w[K + k] << 24);
        *p++ = (uint32_t)(int32_t)w[2u * K + k] + ((uint32_t)(int32_t)w[3u * K + k] << 24);
      }
    }
    int fast = 1;
    for (uint32_t o = 0; o < l->out.c; o++) fast &= l->shift[o] >= 33;
    if (fast) {
      ctx->rq[i] = (const int32_t *)p;
      for (uint32_t o = 0; o < l->out.c; o++) {
        *p++ = (uint32_t)l->mult[o];
        *p++ = 1u << (l->shift[o] - 33);
        *p++ = (uint32_t)(l->shift[o] - 32);
      }
    } else {
      p += 3u * l->out.c;
    }
  }
  return NN_OK;
}

#ifndef __arm__
/* Portable model of the assembly routine: the same packed arithmetic in 64 bits. */
void nn_dot2x4(const int8_t *col, const uint32_t *wp, uint32_t n, int32_t out[8], const int32_t bias[4])
{
  static const int lane[4] = { 0, 4, 2, 6 }; /* accumulator j -> first output index */
  int64_t a[4] = { 0, 0, 0, 0 };
  for (uint32_t k = 0; k < n; k++) {
    int64_t x0 = col[2u * k], x1 = col[2u * k + 1u];
    int64_t w0 = (int32_t)wp[2u * k], w1 = (int32_t)wp[2u * k + 1u];
    a[0] += x0 * w0; a[1] += x1 * w0; a[2] += x0 * w1; a[3] += x1 * w1;
  }
  /* a[0]: p0 c0|c1, a[1]: p1 c0|c1, a[2]: p0 c2|c3, a[3]: p1 c2|c3 */
  for (int j = 0; j < 4; j++) {
    int32_t lo = (int32_t)((uint32_t)a[j] << 8) >> 8;
    int c = (j & 2) ? 2 : 0;
    out[lane[j]] = lo + bias[c];
    out[lane[j] + 1] = (int32_t)((a[j] - lo) >> 24) + bias[c + 1];
  }
}
#endif

/*
 * Requantization with q = {M, 2^(s-33), s-32}: for s >= 33 the rounding term only reaches the high
 * word of acc*M, so floor((acc*M + 2^(s-1)) / 2^s) = (hi + 2^(s-33)) >> (s-32). Same result as nn_requant.
 */
static inline int32_t requant_hi(int32_t acc, const int32_t *q)
{
  int32_t hi = (int32_t)(((int64_t)acc * q[0]) >> 32);
  int32_t y = (hi + q[1]) >> q[2];
  return y < -128 ? -128 : y > 127 ? 127 : y;
}

/* Writes the interleaved patches of the output pixels (oy0, ox0) and (oy1, ox1), zero outside the input. */
static void im2col2(const nn_layer_t *l, const int8_t *x, uint32_t oy0, uint32_t ox0, uint32_t oy1, uint32_t ox1, int8_t *col)
{
  const uint32_t ic = l->in.c, iw = l->in.w, kw = l->kw, kh = l->kh;
  const int32_t y0 = (int32_t)(oy0 * l->stride) - l->pt, x0 = (int32_t)(ox0 * l->stride) - l->pl;
  const int32_t y1 = (int32_t)(oy1 * l->stride) - l->pt, x1 = (int32_t)(ox1 * l->stride) - l->pl;
  if (y0 >= 0 && y1 >= 0 && x0 >= 0 && x1 >= 0 && y0 + (int32_t)kh <= (int32_t)l->in.h && y1 + (int32_t)kh <= (int32_t)l->in.h &&
      x0 + (int32_t)kw <= (int32_t)iw && x1 + (int32_t)kw <= (int32_t)iw) {
    /* both windows inside: kw*ic contiguous bytes per window row */
    const uint32_t row = kw * ic;
    const uint8_t *s0 = (const uint8_t *)x + ((uint32_t)y0 * iw + (uint32_t)x0) * ic;
    const uint8_t *s1 = (const uint8_t *)x + ((uint32_t)y1 * iw + (uint32_t)x1) * ic;
    uint16_t *d = (uint16_t *)(void *)col;
    for (uint32_t ky = 0; ky < kh; ky++) {
      for (uint32_t c = 0; c < row; c++) d[c] = (uint16_t)(s0[c] | ((uint32_t)s1[c] << 8));
      d += row;
      s0 += iw * ic;
      s1 += iw * ic;
    }
    return;
  }
  for (uint32_t ky = 0; ky < kh; ky++) {
    int32_t iy0 = y0 + (int32_t)ky, iy1 = y1 + (int32_t)ky;
    int ok_y0 = iy0 >= 0 && iy0 < (int32_t)l->in.h, ok_y1 = iy1 >= 0 && iy1 < (int32_t)l->in.h;
    for (uint32_t kx = 0; kx < kw; kx++) {
      int32_t ix0 = x0 + (int32_t)kx, ix1 = x1 + (int32_t)kx;
      const int8_t *s0 = (ok_y0 && ix0 >= 0 && ix0 < (int32_t)iw) ? x + ((uint32_t)iy0 * iw + (uint32_t)ix0) * ic : 0;
      const int8_t *s1 = (ok_y1 && ix1 >= 0 && ix1 < (int32_t)iw) ? x + ((uint32_t)iy1 * iw + (uint32_t)ix1) * ic : 0;
      for (uint32_t c = 0; c < ic; c++) { col[0] = s0 ? s0[c] : 0; col[1] = s1 ? s1[c] : 0; col += 2; }
    }
  }
}

void nn_armv4t_conv2d(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctxp)
{
  nn_armv4t_ctx_t *ctx = (nn_armv4t_ctx_t *)ctxp;
  const uint32_t *packed = ctx ? ctx->packed[index] : 0;
  if (packed == 0) { nn_ref_conv2d(l, index, x, y, ctxp); return; }
  const uint32_t K = conv_k(l), oc = l->out.c, groups = oc / 4u, npix = (uint32_t)l->out.h * l->out.w;
  const uint32_t ow = l->out.w;
  const int8_t *lut = l->lut, *lut128 = lut ? lut + 128 : 0;
  const int32_t *rq = ctx->rq[index];
  int8_t *col = ctx->col;
  uint32_t oy0 = 0, ox0 = 0; /* position of pixel p, advanced without division */
  for (uint32_t p = 0; p < npix; p += 2u) {
    uint32_t p1 = p + 1u, oy1 = oy0, ox1 = ox0 + 1u;
    if (ox1 == ow) { ox1 = 0; oy1++; }
    if (p1 == npix) { p1 = p; oy1 = oy0; ox1 = ox0; }
    im2col2(l, x, oy0, ox0, oy1, ox1, col);
    oy0 = oy1; ox0 = ox1 + 1u;
    if (ox0 == ow) { ox0 = 0; oy0++; }
    int8_t *y0 = y + p * oc, *y1 = y + p1 * oc;
    const uint32_t *wp = packed;
    for (uint32_t g = 0; g < groups; g++, wp += K * 2u) {
      static const int32_t zero[4] = { 0, 0, 0, 0 };
      int32_t acc[8], part[8];
      nn_dot2x4(col, wp, K < NN_ARMV4T_CHUNK ? K : NN_ARMV4T_CHUNK, acc, l->bias + 4u * g);
      for (uint32_t k0 = NN_ARMV4T_CHUNK; k0 < K; k0 += NN_ARMV4T_CHUNK) { /* long dot products: more chunks */
        uint32_t n = K - k0 < NN_ARMV4T_CHUNK ? K - k0 : NN_ARMV4T_CHUNK;
        nn_dot2x4(col + 2u * k0, wp + 2u * k0, n, part, zero);
        for (int j = 0; j < 8; j++) acc[j] += part[j];
      }
      int8_t *d0 = y0 + 4u * g, *d1 = y1 + 4u * g;
      if (rq) {
        const int32_t *q = rq + 12u * g;
        for (uint32_t j = 0; j < 4u; j++, q += 3) {
          int32_t q0 = requant_hi(acc[j], q), q1 = requant_hi(acc[4u + j], q);
          if (lut128) { q0 = lut128[q0]; q1 = lut128[q1]; }
          d1[j] = (int8_t)q1; /* p1 first: when p1 == p both are the same value */
          d0[j] = (int8_t)q0;
        }
      } else {
        const int32_t *M = l->mult + 4u * g, *S = l->shift + 4u * g;
        for (uint32_t j = 0; j < 4u; j++) {
          int8_t q0 = nn_requant(acc[j], M[j], S[j]), q1 = nn_requant(acc[4u + j], M[j], S[j]);
          if (lut) { q0 = lut[q0 + 128]; q1 = lut[q1 + 128]; }
          d1[j] = q1;
          d0[j] = q0;
        }
      }
    }
    for (uint32_t o = 4u * groups; o < oc; o++) { /* channels left over: plain loop on the patches */
      const int8_t *w = l->weights + o * K;
      int32_t a0 = l->bias[o], a1 = l->bias[o];
      for (uint32_t k = 0; k < K; k++) { a0 += (int32_t)w[k] * col[2u * k]; a1 += (int32_t)w[k] * col[2u * k + 1u]; }
      int8_t q0 = nn_requant(a0, l->mult[o], l->shift[o]), q1 = nn_requant(a1, l->mult[o], l->shift[o]);
      y1[o] = lut ? lut[q1 + 128] : q1;
      y0[o] = lut ? lut[q0 + 128] : q0;
    }
  }
}

void nn_armv4t_dense(const nn_layer_t *l, uint32_t index, const int8_t *x, int8_t *y, void *ctx)
{
  /* a dense layer is a 1x1 convolution on a 1x1xN input: same packed weights, same kernel */
  nn_layer_t v = *l;
  v.op = NN_OP_CONV2D;
  v.kh = v.kw = v.stride = 1u;
  v.pt = v.pl = 0;
  v.in.c = (uint16_t)((uint32_t)l->in.h * l->in.w * l->in.c);
  v.in.h = v.in.w = 1u;
  if (ctx == 0 || ((nn_armv4t_ctx_t *)ctx)->packed[index] == 0) { nn_ref_dense(l, index, x, y, ctx); return; }
  nn_armv4t_conv2d(&v, index, x, y, ctx);
}

const nn_ops_t nn_armv4t_ops = { { 0, nn_armv4t_conv2d, nn_armv4t_maxpool, nn_ref_avgpool, nn_ref_gap, nn_armv4t_dense, nn_ref_l2norm, nn_ref_lut } };
