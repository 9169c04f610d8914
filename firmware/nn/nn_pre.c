/* Fixed-point preprocessing (docs/quantization.md, Preprocessing); the C form of host/nn/preprocess.ts. */
#include "nn.h"

/* Floor square root of a 64-bit value (bit by bit). */
uint32_t nn_isqrt64(uint64_t v)
{
  uint64_t r = 0, b = (uint64_t)1 << 62;
  while (b > v) b >>= 2;
  while (b != 0) {
    if (v >= r + b) { v -= r + b; r = (r >> 1) + b; } else { r >>= 1; }
    b >>= 2;
  }
  return (uint32_t)r;
}

void nn_area_resize(const uint8_t *src, uint32_t hs, uint32_t ws, uint8_t *dst, uint32_t h, uint32_t w)
{
  /* box bounds floor(i*hs/h) advanced without division */
  uint32_t y0 = 0, yq = 0, yr = 0; /* (oy+1)*hs = yq*h + yr */
  for (uint32_t oy = 0; oy < h; oy++) {
    yr += hs;
    while (yr >= h) { yr -= h; yq++; }
    uint32_t y1 = yq > y0 ? yq : y0 + 1u;
    uint32_t x0 = 0, xq = 0, xr = 0;
    for (uint32_t ox = 0; ox < w; ox++) {
      xr += ws;
      while (xr >= w) { xr -= w; xq++; }
      uint32_t x1 = xq > x0 ? xq : x0 + 1u;
      uint32_t a = 0;
      const uint8_t *row = src + y0 * ws;
      for (uint32_t y = y0; y < y1; y++, row += ws)
        for (uint32_t x = x0; x < x1; x++) a += row[x];
      uint32_t c = (y1 - y0) * (x1 - x0);
      dst[oy * w + ox] = (uint8_t)((a + c / 2u) / c); /* round half up; a + c/2 < 2^32 within the limits */
      x0 = xq;
    }
    y0 = yq;
  }
}

int nn_preprocess(const uint8_t *src, uint32_t hs, uint32_t ws, uint8_t *dst, uint32_t h, uint32_t w)
{
  if (src == 0 || dst == 0 || hs == 0 || ws == 0 || hs > NN_PRE_MAX_SIDE || ws > NN_PRE_MAX_SIDE || h == 0 || w == 0 ||
      h * w > NN_PRE_MAX_OUT) return NN_ERR_ARG;
  nn_area_resize(src, hs, ws, dst, h, w);
  uint32_t s1 = 0, s2 = 0;
  const uint32_t n = h * w;
  for (uint32_t i = 0; i < n; i++) { s1 += dst[i]; s2 += (uint32_t)dst[i] * dst[i]; }
  /* contrast normalisation: mean 128, standard deviation 64 */
  int64_t g = nn_contrast_gain((uint64_t)n * s2 - (uint64_t)s1 * s1);
  for (uint32_t i = 0; i < n; i++)
    dst[i] = g == 0 ? 128u : nn_norm_pixel((int64_t)n * dst[i] - (int64_t)s1, g);
  return NN_OK;
}

int64_t nn_contrast_gain(uint64_t v)
{
  uint32_t d = nn_isqrt64(v);
  return d == 0 ? 0 : (int64_t)((1u << 30) / d);
}

uint8_t nn_norm_pixel(int64_t t, int64_t g)
{
  int64_t q = 128 + ((t * g + ((int64_t)1 << 23)) >> 24);
  return (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
}
