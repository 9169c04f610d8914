/**
 * Fingerprint preprocessing (docs/architecture.md, Preprocessing), integer arithmetic only; the C form
 * is firmware/nn/nn_print.c and both give identical bytes.
 *
 * 1. resample the u8 image from its resolution to `dpi` by area averaging;
 * 2. segment: B×B blocks whose standard deviation is at least `stdMin` are foreground;
 *    a foreground block is "ridged" when its gradient coherence is at least 1/2;
 * 3. register: the crop of size×size pixels is centred on the core (register = 1: the mean of the
 *    blocks around which the smoothed doubled-angle orientation field winds once or twice, nearest
 *    cluster to the foreground centroid), or on the foreground centroid (register = 0, or no core);
 * 4. normalise: foreground pixels of the crop to mean 128, standard deviation 64; background and
 *    pixels outside the image are 128;
 * 5. quality = ridged foreground blocks in the crop per 100 crop blocks; the image is refused as
 *    BLANK (no foreground), SMALL_AREA (foreground under `minFgPct` % of the crop) or NO_RIDGES
 *    (under `minRidgePct` % of the foreground blocks coherent).
 */
import { WhorlError } from '../util/errors.js';
import { areaResize, contrastGain, normalizedPixel } from './preprocess.js';
import { refineCore } from './corerefine.js';
import { fieldWinding } from './field.js';

export interface PrintPreParams {
  /** output side in pixels (multiple of block) */
  size: number;
  /** working resolution, dots per inch */
  dpi: number;
  /** block side in pixels */
  block: number;
  /** minimum block standard deviation for foreground (grey levels) */
  stdMin: number;
  /** least foreground, percent of the crop's blocks */
  minFgPct: number;
  /** least coherent blocks, percent of the foreground blocks */
  minRidgePct: number;
  /**
   * registration: 0 foreground centroid; 1 core with the centroid as fallback; 2 as 1, but the
   * orientation field is also smoothed near the foreground's edge; 3 as 2, with the field reaching
   * one block past the edge (CORE_MIN_FG; absent: 0); 4 as 3, with the core refined to the pixel
   * (host/nn/corerefine.ts)
   */
  register?: PrintRegister;
  /** pixels of the crop above and left of the registration point (absent: size / 2, centred) */
  lead?: number;
}

/** Registration modes (PrintPreParams.register, model blob byte 62). */
export type PrintRegister = 0 | 1 | 2 | 3 | 4;

export const DEFAULT_PRINT_PRE: PrintPreParams = { size: 96, dpi: 250, block: 8, stdMin: 12, minFgPct: 30, minRidgePct: 25, register: 1 };

/** Reason codes (same numbers in firmware nn.h NN_Q_*). */
export enum Quality { OK = 0, BLANK = 1, SMALL_AREA = 2, NO_RIDGES = 3 }
export const QUALITY_NAMES = ['ok', 'blank', 'small-area', 'no-ridges'] as const;

/** Limits: source sides, source resolution, resampled pixels. */
export const PRINT_MAX_SIDE = 4096;
export const PRINT_DPI_MIN = 100;
export const PRINT_DPI_MAX = 2000;
export const PRINT_MAX_WORK = 65536;

export interface PrintPreResult {
  /** size×size u8 network input */
  image: Uint8Array;
  reason: Quality;
  /** 0..100 */
  quality: number;
  fgBlocks: number;
  ridgedBlocks: number;
  /** crop centre in the resampled image (pixels) */
  cy: number;
  cx: number;
  /** the crop is centred on a core (false: on the foreground centroid) */
  core: boolean;
}

export function validatePrintParams(p: PrintPreParams): void {
  const ok = Number.isInteger(p.size) && Number.isInteger(p.block) && p.block >= 4 && p.block <= 16 && p.size >= p.block && p.size <= 255 && p.size % p.block === 0 &&
    Number.isInteger(p.dpi) && p.dpi >= PRINT_DPI_MIN && p.dpi <= PRINT_DPI_MAX && Number.isInteger(p.stdMin) && p.stdMin >= 0 && p.stdMin <= 127 &&
    Number.isInteger(p.minFgPct) && p.minFgPct >= 0 && p.minFgPct <= 100 && Number.isInteger(p.minRidgePct) && p.minRidgePct >= 0 && p.minRidgePct <= 100 &&
    (p.register === undefined || (Number.isInteger(p.register) && p.register >= 0 && p.register < CORE_MIN_FG.length)) &&
    (p.lead === undefined || (Number.isInteger(p.lead) && p.lead >= 0 && p.lead <= p.size));
  if (!ok) throw new WhorlError('NN_PREPROCESS', `preprocessing parameters out of range: ${JSON.stringify(p)}`, { context: { ...p } });
}

/** Side after resampling from `dpi` to `target` dpi: floor(side·target/dpi), at least 1. */
export function resampledSide(side: number, dpi: number, target: number): number {
  return Math.max(1, Math.floor((side * target) / dpi));
}

/** A crop moved from the registration point by whole pixels at the working resolution (training and matched-offset scoring). */
export interface CropShift { dy: number; dx: number }

export function preprocessPrint(src: Uint8Array, hs: number, ws: number, dpi: number, p: PrintPreParams = DEFAULT_PRINT_PRE, shift?: CropShift): PrintPreResult {
  validatePrintParams(p);
  if (shift && !(Number.isInteger(shift.dy) && Number.isInteger(shift.dx) && Math.abs(shift.dy) <= p.size && Math.abs(shift.dx) <= p.size)) {
    throw new WhorlError('NN_PREPROCESS', `crop shift ${JSON.stringify(shift)} must be whole pixels within ±${p.size}`, { context: { shift } });
  }
  if (!(Number.isInteger(hs) && Number.isInteger(ws) && hs >= 1 && ws >= 1 && hs <= PRINT_MAX_SIDE && ws <= PRINT_MAX_SIDE) || src.length < hs * ws) {
    throw new WhorlError('NN_PREPROCESS', `image ${ws}×${hs}: sides must be 1..${PRINT_MAX_SIDE} and the data complete`, { context: { hs, ws, have: src.length } });
  }
  if (!(Number.isInteger(dpi) && dpi >= PRINT_DPI_MIN && dpi <= PRINT_DPI_MAX)) {
    throw new WhorlError('NN_PREPROCESS', `image resolution ${dpi} dpi is outside ${PRINT_DPI_MIN}..${PRINT_DPI_MAX}`, { context: { dpi } });
  }
  const h = resampledSide(hs, dpi, p.dpi);
  const w = resampledSide(ws, dpi, p.dpi);
  if (h * w > PRINT_MAX_WORK) throw new WhorlError('NN_PREPROCESS', `image ${ws}×${hs} at ${dpi} dpi is ${w}×${h} at ${p.dpi} dpi, over ${PRINT_MAX_WORK} pixels`, { context: { h, w } });
  const r = areaResize(src, hs, ws, h, w);
  const B = p.block;
  const n = B * B;
  const nbh = Math.floor(h / B);
  const nbw = Math.floor(w / B);
  const fg = new Uint8Array(nbh * nbw); // 0 background, 1 foreground, 2 foreground and ridged
  const U = new Int32Array(nbh * nbw); // doubled-angle gradient field: gxx − gyy, 2·gxy
  const V = new Int32Array(nbh * nbw);
  const thr = p.stdMin * p.stdMin * n * n;
  let fgCount = 0, ridged = 0, sy = 0, sx = 0;
  for (let by = 0; by < nbh; by++) {
    for (let bx = 0; bx < nbw; bx++) {
      let s1 = 0, s2 = 0, gxx = 0, gyy = 0, gxy = 0;
      for (let y = by * B; y < by * B + B; y++) {
        for (let x = bx * B; x < bx * B + B; x++) {
          const v = r[y * w + x];
          s1 += v; s2 += v * v;
          const gx = r[y * w + Math.min(x + 1, w - 1)] - r[y * w + Math.max(x - 1, 0)];
          const gy = r[Math.min(y + 1, h - 1) * w + x] - r[Math.max(y - 1, 0) * w + x];
          gxx += gx * gx; gyy += gy * gy; gxy += gx * gy;
        }
      }
      if (n * s2 - s1 * s1 < thr || n * s2 - s1 * s1 === 0) continue;
      // coherence² = ((gxx − gyy)² + 4gxy²) / (gxx + gyy)² ≥ 1/4; all terms < 2^53
      const d = gxx - gyy;
      const coh = 4 * (d * d + 4 * gxy * gxy) >= (gxx + gyy) * (gxx + gyy);
      fg[by * nbw + bx] = coh ? 2 : 1;
      U[by * nbw + bx] = d;
      V[by * nbw + bx] = 2 * gxy;
      fgCount++;
      if (coh) ridged++;
      sy += by; sx += bx;
    }
  }
  const S = p.size;
  const image = new Uint8Array(S * S).fill(128);
  if (fgCount === 0) return { image, reason: Quality.BLANK, quality: 0, fgBlocks: 0, ridgedBlocks: 0, cy: h >> 1, cx: w >> 1, core: false };
  // centroid of block centres, rounded half up: (B·Σb + B/2·cnt) / cnt
  let cy = Math.floor((2 * B * sy + B * fgCount + fgCount) / (2 * fgCount));
  let cx = Math.floor((2 * B * sx + B * fgCount + fgCount) / (2 * fgCount));
  const core = p.register ? findCore(fg, U, V, nbh, nbw, B, cy, cx, CORE_MIN_FG[p.register]) : null;
  if (core) {
    const fine = p.register === 4 ? refineCore(r, h, w, core.cy, core.cx) : null;
    cy = fine ? fine.cy : core.cy;
    cx = fine ? fine.cx : core.cx;
  }
  const y0 = cy + (shift?.dy ?? 0) - (p.lead ?? S / 2);
  const x0 = cx + (shift?.dx ?? 0) - (p.lead ?? S / 2);
  const isFg = (y: number, x: number): number => {
    if (y < 0 || x < 0 || y >= nbh * B || x >= nbw * B) return 0;
    return fg[Math.floor(y / B) * nbw + Math.floor(x / B)];
  };
  // foreground statistics inside the crop
  let c1 = 0, c2 = 0, cn = 0;
  for (let y = y0; y < y0 + S; y++) for (let x = x0; x < x0 + S; x++) if (isFg(y, x)) { const v = r[y * w + x]; c1 += v; c2 += v * v; cn++; }
  // blocks of the crop grid (crop-aligned, sampled at their centres)
  const gb = S / B;
  let cropFg = 0, cropRidged = 0;
  for (let gy = 0; gy < gb; gy++) for (let gx = 0; gx < gb; gx++) {
    const f = isFg(y0 + gy * B + (B >> 1), x0 + gx * B + (B >> 1));
    if (f) cropFg++;
    if (f === 2) cropRidged++;
  }
  const quality = Math.floor((100 * cropRidged) / (gb * gb));
  let reason = Quality.OK;
  if (100 * cropFg < p.minFgPct * gb * gb) reason = Quality.SMALL_AREA;
  else if (100 * ridged < p.minRidgePct * fgCount) reason = Quality.NO_RIDGES;
  const g = contrastGain(cn * c2 - c1 * c1); // < 2^53 for cn ≤ 65025
  if (g > 0) {
    for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
      if (isFg(y0 + y, x0 + x)) image[y * S + x] = normalizedPixel(cn * r[(y0 + y) * w + x0 + x] - c1, g); // |t| < 2^24
    }
  }
  return { image, reason, quality, fgBlocks: fgCount, ridgedBlocks: ridged, cy, cx, core: core !== null };
}

/** Core search radius around the chosen core block, in blocks (two whorl cores lie within it). */
export const CORE_CLUSTER = 4;
/** register = 2: least foreground blocks of a 3×3 neighbourhood for a smoothed field value. */
export const CORE_EDGE_MIN = 6;
/** Least foreground blocks of a 3×3 neighbourhood for a smoothed field value, by `register` (1..3):
 * all nine; CORE_EDGE_MIN; any one (the field reaches one block beyond the foreground, so a core
 * on the contact area's edge still has a complete ring of neighbours); 4 as 3 (then refined). */
export const CORE_MIN_FG = [0, 9, CORE_EDGE_MIN, 1, 1] as const;
const INVALID = -0x80000000;

/**
 * The core of a print from the block field (U, V) = (gxx − gyy, 2·gxy): the field is summed over
 * the foreground blocks of each block's 3×3 neighbourhood (only where at least `minFg` of the nine
 * are foreground: CORE_MIN_FG[register]) and shifted right by 8;
 * around every block whose 8 neighbours all have a smoothed value, the winding number of the field
 * along the ring of neighbours (clockwise from the top-left) is counted by signed crossings of the
 * positive u axis. A core winds +1 (a whorl +2, or two +1 cores), a delta −1. Of the blocks with a
 * positive winding, the one nearest to the foreground centroid (cy, cx) in pixels is taken, and the
 * result is the winding-weighted mean of the positive blocks within CORE_CLUSTER blocks of it,
 * rounded half up, as block centres in pixels. Null when no block winds positively.
 */
export function findCore(fg: Uint8Array, U: Int32Array, V: Int32Array, nbh: number, nbw: number, B: number, cy: number, cx: number, minFg = 9): { cy: number; cx: number } | null {
  const su = new Int32Array(nbh * nbw).fill(INVALID);
  const sv = new Int32Array(nbh * nbw);
  for (let y = 1; y + 1 < nbh; y++) for (let x = 1; x + 1 < nbw; x++) {
    let a = 0, b = 0, count = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const i = (y + dy) * nbw + x + dx;
      if (fg[i]) { a += U[i]; b += V[i]; count++; }
    }
    if (count >= minFg) { su[y * nbw + x] = a >> 8; sv[y * nbw + x] = b >> 8; }
  }
  const ring = [-nbw - 1, -nbw, -nbw + 1, 1, nbw + 1, nbw, nbw - 1, -1];
  const wind = new Int8Array(nbh * nbw);
  let best = -1, bestD = Infinity;
  for (let y = 1; y + 1 < nbh; y++) for (let x = 1; x + 1 < nbw; x++) {
    const c = y * nbw + x;
    let ok = true;
    for (const o of ring) if (su[c + o] === INVALID) { ok = false; break; }
    if (!ok) continue;
    const w = fieldWinding(su, sv, c, ring);
    if (w <= 0) continue;
    wind[c] = w;
    const ey = B * y + (B >> 1) - cy, ex = B * x + (B >> 1) - cx;
    const d = ey * ey + ex * ex;
    if (d < bestD) { bestD = d; best = c; }
  }
  if (best < 0) return null;
  const by0 = Math.floor(best / nbw), bx0 = best % nbw;
  let ty = 0, tx = 0, tw = 0;
  for (let y = Math.max(1, by0 - CORE_CLUSTER); y <= Math.min(nbh - 2, by0 + CORE_CLUSTER); y++) {
    for (let x = Math.max(1, bx0 - CORE_CLUSTER); x <= Math.min(nbw - 2, bx0 + CORE_CLUSTER); x++) {
      const w = wind[y * nbw + x];
      if (w > 0) { ty += w * y; tx += w * x; tw += w; }
    }
  }
  return { cy: Math.floor((2 * B * ty + B * tw + tw) / (2 * tw)), cx: Math.floor((2 * B * tx + B * tw + tw) / (2 * tw)) };
}
