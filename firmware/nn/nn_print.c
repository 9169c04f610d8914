/* Fingerprint preprocessing (docs/architecture.md, Preprocessing); the C form of host/nn/printpre.ts,
 * identical bytes. Work buffer: resampled image (h*w), block map (nb = nbh*nbw bytes), up to 3 bytes
 * of alignment, the block fields U, V and their smoothed forms SU, SV (int32, 16*nb bytes) and the
 * winding map (nb bytes). */
#include "nn.h"
#include "nn_field.h"

static uint32_t resampled(uint32_t side, uint32_t dpi, uint32_t target)
{
  uint32_t s = (side * target) / dpi; /* side <= 4096, target <= 2000: no overflow */
  return s == 0 ? 1u : s;
}

uint32_t nn_print_work_bytes(const nn_print_params_t *p, uint32_t hs, uint32_t ws, uint32_t dpi)
{
  if (p == 0 || hs == 0 || ws == 0 || hs > NN_PRE_MAX_SIDE || ws > NN_PRE_MAX_SIDE || dpi < NN_PRINT_DPI_MIN ||
      dpi > NN_PRINT_DPI_MAX || p->block < 4u || p->block > 16u) return 0;
  uint32_t h = resampled(hs, dpi, p->dpi), w = resampled(ws, dpi, p->dpi);
  if (h * w > NN_PRINT_MAX_WORK) return 0;
  uint32_t nb = (h / p->block) * (w / p->block);
  /* 3: the int32 fields are aligned by address; registration 4 adds its fine grid */
  return h * w + nb + 3u + 17u * nb + (p->registration == 4u ? NN_PRINT_REFINE_BYTES : 0u);
}

#define CORE_INVALID INT32_MIN

/* The core of the print (host findCore, same rules): 1 and its centre in pixels, or 0. */
static int find_core(const uint8_t *map, const int32_t *U, const int32_t *V, int32_t *su, int32_t *sv, int8_t *wind,
                     int32_t nbh, int32_t nbw, int32_t B, int32_t cy, int32_t cx, int32_t min_fg, int32_t *oy, int32_t *ox)
{
  for (int32_t i = 0; i < nbh * nbw; i++) { su[i] = CORE_INVALID; sv[i] = 0; wind[i] = 0; }
  for (int32_t y = 1; y + 1 < nbh; y++)
    for (int32_t x = 1; x + 1 < nbw; x++) {
      int32_t a = 0, b = 0, count = 0;
      for (int32_t dy = -1; dy <= 1; dy++)
        for (int32_t dx = -1; dx <= 1; dx++) {
          int32_t i = (y + dy) * nbw + x + dx;
          if (map[i]) { a += U[i]; b += V[i]; count++; }
        }
      if (count >= min_fg) { su[y * nbw + x] = nn_floor256(a); sv[y * nbw + x] = nn_floor256(b); }
    }
  const int32_t ring[8] = { -nbw - 1, -nbw, -nbw + 1, 1, nbw + 1, nbw, nbw - 1, -1 };
  int32_t best = -1;
  int64_t best_d = INT64_MAX;
  for (int32_t y = 1; y + 1 < nbh; y++)
    for (int32_t x = 1; x + 1 < nbw; x++) {
      int32_t c = y * nbw + x, ok = 1;
      for (int k = 0; k < 8; k++) if (su[c + ring[k]] == CORE_INVALID) { ok = 0; break; }
      if (!ok) continue;
      const int32_t w = nn_field_winding(su, sv, c, ring);
      if (w <= 0) continue;
      wind[c] = (int8_t)w;
      int64_t ey = B * y + (B >> 1) - cy, ex = B * x + (B >> 1) - cx, d = ey * ey + ex * ex;
      if (d < best_d) { best_d = d; best = c; }
    }
  if (best < 0) return 0;
  int32_t by0 = best / nbw, bx0 = best % nbw, ty = 0, tx = 0, tw = 0;
  int32_t ylo = by0 - NN_PRINT_CORE_CLUSTER < 1 ? 1 : by0 - NN_PRINT_CORE_CLUSTER;
  int32_t yhi = by0 + NN_PRINT_CORE_CLUSTER > nbh - 2 ? nbh - 2 : by0 + NN_PRINT_CORE_CLUSTER;
  int32_t xlo = bx0 - NN_PRINT_CORE_CLUSTER < 1 ? 1 : bx0 - NN_PRINT_CORE_CLUSTER;
  int32_t xhi = bx0 + NN_PRINT_CORE_CLUSTER > nbw - 2 ? nbw - 2 : bx0 + NN_PRINT_CORE_CLUSTER;
  for (int32_t y = ylo; y <= yhi; y++)
    for (int32_t x = xlo; x <= xhi; x++) {
      int32_t w = wind[y * nbw + x];
      if (w > 0) { ty += w * y; tx += w * x; tw += w; }
    }
  *oy = (2 * B * ty + B * tw + tw) / (2 * tw);
  *ox = (2 * B * tx + B * tw + tw) / (2 * tw);
  return 1;
}

/* Block map value of pixel (y, x) of the resampled image; 0 outside. */
static uint8_t fg_at(const uint8_t *map, int32_t y, int32_t x, uint32_t nbh, uint32_t nbw, uint32_t B)
{
  if (y < 0 || x < 0 || (uint32_t)y >= nbh * B || (uint32_t)x >= nbw * B) return 0;
  return map[((uint32_t)y / B) * nbw + (uint32_t)x / B];
}

int nn_print_preprocess(const nn_print_params_t *p, const uint8_t *src, uint32_t hs, uint32_t ws, uint32_t dpi,
                        uint8_t *work, uint32_t work_bytes, uint8_t *dst, nn_quality_t *q)
{
  if (src == 0 || dst == 0 || q == 0 || work == 0) return NN_ERR_ARG;
  uint32_t need = nn_print_work_bytes(p, hs, ws, dpi);
  if (need == 0 || p->size % p->block != 0u || p->size > 255u || p->size < p->block) return NN_ERR_ARG;
  if (work_bytes < need) return NN_ERR_WORK;
  const uint32_t h = resampled(hs, dpi, p->dpi), w = resampled(ws, dpi, p->dpi);
  const uint32_t B = p->block, n = B * B, nbh = h / B, nbw = w / B;
  const uint32_t nb = nbh * nbw;
  uint8_t *r = work, *map = work + h * w;
  int32_t *U = (int32_t *)(void *)(((uintptr_t)(map + nb) + 3u) & ~(uintptr_t)3u), *V = U + nb, *SU = V + nb, *SV = SU + nb;
  int8_t *wind = (int8_t *)(SV + nb);
  nn_area_resize(src, hs, ws, r, h, w);

  /* segmentation: block variance, then gradient coherence >= 1/2 */
  const uint64_t thr = (uint64_t)p->std_min * p->std_min * n * n;
  uint32_t fg = 0, ridged = 0, sy = 0, sx = 0;
  for (uint32_t by = 0; by < nbh; by++) {
    for (uint32_t bx = 0; bx < nbw; bx++) {
      uint32_t s1 = 0, s2 = 0;
      int32_t gxx = 0, gyy = 0, gxy = 0;
      for (uint32_t y = by * B; y < by * B + B; y++) {
        const uint8_t *row = r + y * w;
        const uint8_t *up = r + (y == 0 ? 0 : y - 1u) * w, *dn = r + (y + 1u >= h ? h - 1u : y + 1u) * w;
        for (uint32_t x = bx * B; x < bx * B + B; x++) {
          uint32_t v = row[x];
          s1 += v; s2 += v * v;
          int32_t gx = (int32_t)row[x + 1u >= w ? w - 1u : x + 1u] - (int32_t)row[x == 0 ? 0 : x - 1u];
          int32_t gy = (int32_t)dn[x] - (int32_t)up[x];
          gxx += gx * gx; gyy += gy * gy; gxy += gx * gy;
        }
      }
      uint64_t var = (uint64_t)n * s2 - (uint64_t)s1 * s1;
      uint8_t f = 0;
      if (var >= thr && var != 0) {
        int64_t d = (int64_t)gxx - gyy, sum = (int64_t)gxx + gyy;
        int coh = 4 * (d * d + 4 * (int64_t)gxy * gxy) >= sum * sum;
        f = coh ? 2u : 1u;
        U[by * nbw + bx] = (int32_t)d;
        V[by * nbw + bx] = 2 * gxy;
        fg++;
        if (coh) ridged++;
        sy += by; sx += bx;
      }
      map[by * nbw + bx] = f;
    }
  }
  const uint32_t S = p->size;
  for (uint32_t i = 0; i < S * S; i++) dst[i] = 128;
  q->fg_blocks = (uint16_t)fg;
  q->ridged_blocks = (uint16_t)ridged;
  q->core = 0;
  if (fg == 0) {
    q->reason = NN_Q_BLANK; q->quality = 0; q->cy = (int16_t)(h >> 1); q->cx = (int16_t)(w >> 1);
    return NN_OK;
  }
  int32_t cy = (int32_t)((2u * B * sy + B * fg + fg) / (2u * fg));
  int32_t cx = (int32_t)((2u * B * sx + B * fg + fg) / (2u * fg));
  /* least foreground blocks of a 3x3 neighbourhood for a smoothed field value, by registration */
  static const uint8_t min_fg[NN_PRINT_REGISTRATION_MAX + 1u] = {0u, 9u, NN_PRINT_CORE_EDGE_MIN, 1u, 1u};
  if (p->registration >= 1u && p->registration <= NN_PRINT_REGISTRATION_MAX &&
      find_core(map, U, V, SU, SV, wind, (int32_t)nbh, (int32_t)nbw, (int32_t)B, cy, cx,
                (int32_t)min_fg[p->registration], &cy, &cx)) {
    q->core = 1;
    if (p->registration == 4u) (void)nn_print_refine_core(r, (int32_t)h, (int32_t)w, &cy, &cx, (uint8_t *)(wind + nb));
  }
  const int32_t y0 = cy - (int32_t)(S / 2u), x0 = cx - (int32_t)(S / 2u);
  q->cy = (int16_t)cy; q->cx = (int16_t)cx;

  /* foreground statistics inside the crop */
  uint32_t c1 = 0, cn = 0;
  uint64_t c2 = 0;
  for (int32_t y = y0; y < y0 + (int32_t)S; y++)
    for (int32_t x = x0; x < x0 + (int32_t)S; x++)
      if (fg_at(map, y, x, nbh, nbw, B)) { uint32_t v = r[(uint32_t)y * w + (uint32_t)x]; c1 += v; c2 += v * v; cn++; }
  /* quality on the crop's block grid, sampled at block centres */
  const uint32_t gb = S / B;
  uint32_t crop_fg = 0, crop_ridged = 0;
  for (uint32_t gy = 0; gy < gb; gy++)
    for (uint32_t gx = 0; gx < gb; gx++) {
      uint8_t f = fg_at(map, y0 + (int32_t)(gy * B + (B >> 1)), x0 + (int32_t)(gx * B + (B >> 1)), nbh, nbw, B);
      if (f) crop_fg++;
      if (f == 2u) crop_ridged++;
    }
  q->quality = (uint8_t)((100u * crop_ridged) / (gb * gb));
  q->reason = NN_Q_OK;
  if (100u * crop_fg < (uint32_t)p->min_fg_pct * gb * gb) q->reason = NN_Q_SMALL_AREA;
  else if (100u * ridged < (uint32_t)p->min_ridge_pct * fg) q->reason = NN_Q_NO_RIDGES;

  /* normalisation of the foreground: mean 128, standard deviation 64 */
  const int64_t g = nn_contrast_gain((uint64_t)cn * c2 - (uint64_t)c1 * c1);
  if (g == 0) return NN_OK;
  for (uint32_t y = 0; y < S; y++)
    for (uint32_t x = 0; x < S; x++) {
      int32_t yy = y0 + (int32_t)y, xx = x0 + (int32_t)x;
      if (fg_at(map, yy, xx, nbh, nbw, B))
        dst[y * S + x] = nn_norm_pixel((int64_t)cn * r[(uint32_t)yy * w + (uint32_t)xx] - (int64_t)c1, g);
    }
  return NN_OK;
}
