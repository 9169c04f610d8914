/* Registration 4: the block core refined to the pixel (docs/architecture.md, Preprocessing); the C
 * form of host/nn/corerefine.ts, identical results. Work buffer (NN_PRINT_REFINE_BYTES): up to 3
 * bytes of alignment, the fine fields U, V and their 3x3 sums SU, SV (int32, N*N each), then the
 * two flag maps (N*N bytes each), N = NN_PRINT_REFINE_N. */
#include "nn.h"
#include "nn_field.h"

#define RN NN_PRINT_REFINE_N
#define RC ((RN - 1) * NN_PRINT_REFINE_STEP + NN_PRINT_REFINE_WIN) /* columns of the fine grid's windows */

/* Adds (sign 1) or removes (-1) image row y's gradient products a*a, b*b, a*b, columns xlo..xhi of
 * the region that starts at column ox, to the column sums. */
static void grad_rows(const uint8_t *r, int32_t w, int32_t y, int32_t ox, int32_t xlo, int32_t xhi,
                      int32_t *cxx, int32_t *cyy, int32_t *cxy, int32_t sign)
{
  const uint8_t *row = r + y * w + ox, *up = row - w, *dn = row + w;
  for (int32_t c = xlo; c <= xhi; c++) {
    const int32_t a = (int32_t)row[c + 1] - (int32_t)row[c - 1];
    const int32_t b = (int32_t)dn[c] - (int32_t)up[c];
    if (sign > 0) { cxx[c] += a * a; cyy[c] += b * b; cxy[c] += a * b; }
    else { cxx[c] -= a * a; cyy[c] -= b * b; cxy[c] -= a * b; }
  }
}

int nn_print_refine_core(const uint8_t *r, int32_t h, int32_t w, int32_t *cy, int32_t *cx, uint8_t *work)
{
  const int32_t S = NN_PRINT_REFINE_STEP, W = NN_PRINT_REFINE_WIN, R = NN_PRINT_REFINE_RING;
  const int32_t oy = *cy - NN_PRINT_REFINE_SPAN, ox = *cx - NN_PRINT_REFINE_SPAN;
  int32_t *U = (int32_t *)(void *)(((uintptr_t)work + 3u) & ~(uintptr_t)3u), *V = U + RN * RN, *SU = V + RN * RN,
          *SV = SU + RN * RN;
  uint8_t *ok = (uint8_t *)(SV + RN * RN), *sok = ok + RN * RN;
  for (int32_t i = 0; i < RN * RN; i++) ok[i] = sok[i] = 0u; /* the fields are read only where flagged */
  /* Window sums of the gradient products: per window row, column sums over its W rows (kept from
   * the row above: STEP rows out, STEP rows in) in SU's space (3 * RC <= RN * RN int32, not yet
   * used), then W columns summed per window, so each pixel's products are formed about twice
   * instead of (W / STEP)^2 = 16 times. Sums of integers: the same values as
   * host/nn/corerefine.ts's window by window. */
  int32_t *cxx = SU, *cyy = cxx + RC, *cxy = cyy + RC;
  int32_t xlo = 1 - ox, xhi = w - 2 - ox; /* columns whose gradient exists */
  if (xlo < 0) xlo = 0;
  if (xhi > RC - 1) xhi = RC - 1;
  int32_t have = -1; /* first row of the band in the column sums, -1: none */
  for (int32_t gy = 0; gy < RN; gy++) {
    const int32_t y0 = oy + gy * S;
    if (y0 < 1 || y0 + W > h - 2 || xlo > xhi) { have = -1; continue; }
    if (have < 0) {
      for (int32_t c = xlo; c <= xhi; c++) cxx[c] = cyy[c] = cxy[c] = 0;
      for (int32_t y = y0; y < y0 + W; y++) grad_rows(r, w, y, ox, xlo, xhi, cxx, cyy, cxy, 1);
    } else {
      for (int32_t y = have; y < y0; y++) grad_rows(r, w, y, ox, xlo, xhi, cxx, cyy, cxy, -1);
      for (int32_t y = have + W; y < y0 + W; y++) grad_rows(r, w, y, ox, xlo, xhi, cxx, cyy, cxy, 1);
    }
    have = y0;
    for (int32_t gx = 0; gx < RN; gx++) {
      const int32_t c0 = gx * S, x0 = ox + c0;
      if (x0 < 1 || x0 + W > w - 2) continue;
      int32_t gxx = 0, gyy = 0, gxy = 0;
      for (int32_t c = c0; c < c0 + W; c++) { gxx += cxx[c]; gyy += cyy[c]; gxy += cxy[c]; }
      U[gy * RN + gx] = gxx - gyy; /* |.| < 2^23 */
      V[gy * RN + gx] = 2 * gxy;
      ok[gy * RN + gx] = 1u;
    }
  }
  for (int32_t gy = 1; gy + 1 < RN; gy++)
    for (int32_t gx = 1; gx + 1 < RN; gx++) {
      int32_t a = 0, b = 0, c = 0;
      for (int32_t dy = -1; dy <= 1; dy++)
        for (int32_t dx = -1; dx <= 1; dx++) {
          const int32_t i = (gy + dy) * RN + gx + dx;
          if (ok[i]) { a += U[i]; b += V[i]; c++; }
        }
      if (c == 9) { SU[gy * RN + gx] = nn_floor256(a); SV[gy * RN + gx] = nn_floor256(b); sok[gy * RN + gx] = 1u; }
    }
  const int32_t ring[8] = { -R * RN - R, -R * RN, -R * RN + R, R, R * RN + R, R * RN, R * RN - R, -R };
  int32_t ty = 0, tx = 0, tw = 0;
  for (int32_t gy = R + 1; gy + R + 1 < RN; gy++)
    for (int32_t gx = R + 1; gx + R + 1 < RN; gx++) {
      const int32_t py = oy + gy * S + W / 2, px = ox + gx * S + W / 2;
      const int32_t ey = py - *cy, ex = px - *cx;
      if (ey > NN_PRINT_REFINE_SEARCH || ey < -NN_PRINT_REFINE_SEARCH || ex > NN_PRINT_REFINE_SEARCH || ex < -NN_PRINT_REFINE_SEARCH) continue;
      const int32_t c = gy * RN + gx;
      int all = 1;
      for (int k = 0; k < 8; k++) if (!sok[c + ring[k]]) { all = 0; break; }
      if (!all) continue;
      const int32_t wn = nn_field_winding(SU, SV, c, ring);
      if (wn > 0) { ty += wn * py; tx += wn * px; tw += wn; }
    }
  if (tw == 0) return 0;
  *cy = (2 * ty + tw) / (2 * tw);
  *cx = (2 * tx + tw) / (2 * tw);
  return 1;
}
