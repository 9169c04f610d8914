/**
 * Registration 4: the core found on the block grid (findCore, 8-px blocks at 250 dpi) refined to
 * the pixel. Around it, the gradient field of printpre's blocks is computed again on REFINE_WIN ×
 * REFINE_WIN windows every REFINE_STEP pixels, summed over the 3×3 neighbouring windows and shifted
 * right by 8; the winding number of that field is counted, by the same crossing rule as findCore,
 * on a ring of 8 points REFINE_RING steps away; the result is the winding-weighted mean of the
 * positions that wind positively within REFINE_SEARCH pixels of the block core, rounded half up.
 * Integer arithmetic only (firmware/nn/nn_corerefine.c does the same, bit for bit). Measured in
 * docs/evaluation.md ("Registration offset"): the two crops of a genuine pair land 1.3 px apart
 * (median) instead of 4.4.
 */
import { fieldWinding } from './field.js';

/** Step between the fine windows, pixels. */
export const REFINE_STEP = 2;
/** Side of a fine window, pixels. */
export const REFINE_WIN = 8;
/** Ring radius, in steps (REFINE_RING × REFINE_STEP = 8 px, one block). */
export const REFINE_RING = 4;
/** Largest move from the block core, pixels (two blocks). */
export const REFINE_SEARCH = 16;
/** Half side of the fine grid's area around the block core, pixels. */
export const REFINE_SPAN = REFINE_SEARCH + (REFINE_RING + 1) * REFINE_STEP + REFINE_WIN;
/** Fine grid points per side. */
export const REFINE_N = Math.floor((2 * REFINE_SPAN) / REFINE_STEP);

/**
 * The refined core of the resampled image `r` (h × w), given the block core (cy, cx) in pixels;
 * null when no fine position winds positively (the block core is kept).
 */
export function refineCore(r: Uint8Array, h: number, w: number, cy: number, cx: number): { cy: number; cx: number } | null {
  const N = REFINE_N, S = REFINE_STEP, W = REFINE_WIN;
  const oy = cy - REFINE_SPAN, ox = cx - REFINE_SPAN;
  const U = new Int32Array(N * N), V = new Int32Array(N * N), ok = new Uint8Array(N * N);
  for (let gy = 0; gy < N; gy++) for (let gx = 0; gx < N; gx++) {
    const y0 = oy + gy * S, x0 = ox + gx * S;
    if (y0 < 1 || x0 < 1 || y0 + W > h - 2 || x0 + W > w - 2) continue;
    let gxx = 0, gyy = 0, gxy = 0;
    for (let y = y0; y < y0 + W; y++) for (let x = x0; x < x0 + W; x++) {
      const a = r[y * w + x + 1] - r[y * w + x - 1], b = r[(y + 1) * w + x] - r[(y - 1) * w + x];
      gxx += a * a; gyy += b * b; gxy += a * b;
    }
    U[gy * N + gx] = gxx - gyy; // |·| ≤ 64·255²·2 < 2^23
    V[gy * N + gx] = 2 * gxy;
    ok[gy * N + gx] = 1;
  }
  const su = new Int32Array(N * N), sv = new Int32Array(N * N), sok = new Uint8Array(N * N);
  for (let gy = 1; gy + 1 < N; gy++) for (let gx = 1; gx + 1 < N; gx++) {
    let a = 0, b = 0, c = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const i = (gy + dy) * N + gx + dx;
      if (ok[i]) { a += U[i]; b += V[i]; c++; }
    }
    if (c === 9) { su[gy * N + gx] = a >> 8; sv[gy * N + gx] = b >> 8; sok[gy * N + gx] = 1; }
  }
  const R = REFINE_RING;
  const ring = [-R * N - R, -R * N, -R * N + R, R, R * N + R, R * N, R * N - R, -R];
  let ty = 0, tx = 0, tw = 0;
  for (let gy = R + 1; gy + R + 1 < N; gy++) for (let gx = R + 1; gx + R + 1 < N; gx++) {
    const py = oy + gy * S + W / 2, px = ox + gx * S + W / 2;
    if (Math.abs(py - cy) > REFINE_SEARCH || Math.abs(px - cx) > REFINE_SEARCH) continue;
    const c = gy * N + gx;
    let all = true;
    for (const o of ring) if (!sok[c + o]) { all = false; break; }
    if (!all) continue;
    const wn = fieldWinding(su, sv, c, ring); // |su|, |sv| < 2^19
    if (wn > 0) { ty += wn * py; tx += wn * px; tw += wn; }
  }
  if (tw === 0) return null;
  return { cy: Math.floor((2 * ty + tw) / (2 * tw)), cx: Math.floor((2 * tx + tw) / (2 * tw)) };
}
