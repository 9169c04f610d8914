/**
 * Ridge growth by space-variant Gabor filtering (SFinGe): starting from an image that is zero except
 * for a few random seeds, each iteration replaces every pixel inside the silhouette by the response
 * of the Gabor filter tuned to the local orientation and ridge period, amplified and clipped. The
 * seeds spread into ridges that follow the orientation field until the whole silhouette is filled.
 *
 * Kernels come from the bank of host/synth/gaborbank.ts.
 */
import { gaborBank, kernelPad, ORIENTATION_BINS } from './gaborbank.js';
import type { Rng } from './prng.js';

export interface GrowthResult {
  /** Ridge field on the unpadded canvas, in [-1, 1]. */
  ridge: Float32Array;
  iterations: number;
}

/**
 * Grows ridges over the pixels where `mask` > 0. `theta` is the ridge direction and `period` the
 * ridge period at each pixel (width×height).
 */
export function growRidges(
  rng: Rng,
  theta: Float32Array,
  period: Float32Array,
  mask: Float32Array,
  width: number,
  height: number,
  minPeriod: number,
  maxPeriod: number,
  maxIterations = 24,
  init?: Float32Array,
): GrowthResult {
  const pad0 = kernelPad(maxPeriod);
  const stride = width + 2 * pad0;
  const bank = gaborBank(stride, minPeriod, maxPeriod);
  const pad = bank.pad;
  const nP = bank.periods.length;
  const rows = height + 2 * pad;
  const img = new Float32Array(stride * rows);
  // Active pixels (inside the silhouette), grouped by 8×8 block, and their kernel index.
  const B = 8;
  const bw = Math.ceil(width / B);
  const bh = Math.ceil(height / B);
  const nb = bw * bh;
  const blockStart = new Int32Array(nb + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (mask[y * width + x] > 0) blockStart[((y / B) | 0) * bw + ((x / B) | 0) + 1]++;
  }
  for (let b = 0; b < nb; b++) blockStart[b + 1] += blockStart[b];
  const n = blockStart[nb];
  const fillPos = blockStart.slice(0, nb);
  const idx = new Int32Array(n);
  const kern = new Int32Array(n);
  const pStep = (maxPeriod - minPeriod) / (nP - 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] <= 0) continue;
      let t = theta[i] / Math.PI;
      t -= Math.floor(t);
      const o = Math.round(t * ORIENTATION_BINS) % ORIENTATION_BINS;
      let j = Math.round((period[i] - minPeriod) / pStep);
      j = j < 0 ? 0 : j >= nP ? nP - 1 : j;
      const q = fillPos[((y / B) | 0) * bw + ((x / B) | 0)]++;
      idx[q] = (y + pad) * stride + x + pad;
      kern[q] = o * nP + j;
    }
  }
  // Random seeds: isolated impulses roughly three periods apart.
  const meanP = (minPeriod + maxPeriod) / 2;
  const seeds = Math.max(1, Math.round(n / (9 * meanP * meanP)));
  let dirty = new Uint8Array(nb);
  let nextDirty = new Uint8Array(nb);
  if (init) {
    // Refinement of a given pattern: start from it everywhere.
    for (let q = 0; q < n; q++) {
      const p = idx[q];
      img[p] = init[(Math.floor(p / stride) - pad) * width + (p % stride) - pad];
    }
    dirty.fill(1);
  }
  for (let s = 0; s < (init ? 0 : seeds); s++) {
    const q = rng.int(0, n - 1);
    img[idx[q]] = rng.next() < 0.5 ? -1 : 1;
    // Find the block of q (binary search over block starts).
    let lo = 0;
    let hi = nb - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blockStart[mid] <= q) lo = mid;
      else hi = mid - 1;
    }
    dirty[lo] = 1;
  }
  const { start, offsets, weights } = bank;
  const gain = 2.2;
  const blockFilled = new Int32Array(nb);
  // A block is recomputed only when it or a neighbour changed in the previous iteration: zero
  // regions far from the growing front and settled regions cost nothing.
  let it = 0;
  let lastFrac = 0;
  for (; it < maxIterations; it++) {
    let changedBlocks = 0;
    for (let by = 0; by < bh; by++) {
      for (let bx = 0; bx < bw; bx++) {
        const b = by * bw + bx;
        const q0 = blockStart[b];
        const q1 = blockStart[b + 1];
        if (q0 === q1) continue;
        let act = 0;
        for (let yy = by > 0 ? by - 1 : 0; yy <= by + 1 && yy < bh && !act; yy++) {
          for (let xx = bx > 0 ? bx - 1 : 0; xx <= bx + 1 && xx < bw; xx++) {
            if (dirty[yy * bw + xx]) {
              act = 1;
              break;
            }
          }
        }
        if (!act) continue;
        let filled = 0;
        let maxDelta = 0;
        for (let q = q0; q < q1; q++) {
          const p = idx[q];
          const k = kern[q];
          let acc = 0;
          for (let t = start[k], e = start[k + 1]; t < e; t++) acc += weights[t] * img[p + offsets[t]];
          acc *= gain;
          if (acc > 1) acc = 1;
          else if (acc < -1) acc = -1;
          if (acc > 0.6 || acc < -0.6) filled++;
          const d = acc - img[p];
          if (d > maxDelta) maxDelta = d;
          else if (-d > maxDelta) maxDelta = -d;
          img[p] = acc;
        }
        blockFilled[b] = filled;
        if (maxDelta > 0.02) {
          nextDirty[b] = 1;
          changedBlocks++;
        }
      }
    }
    const tmp = dirty;
    dirty = nextDirty;
    nextDirty = tmp;
    nextDirty.fill(0);
    // Filled when the share of saturated pixels stops growing (ridge flanks never saturate).
    let filled = 0;
    for (let b = 0; b < nb; b++) filled += blockFilled[b];
    const frac = filled / n;
    if (changedBlocks === 0 || (it >= 3 && frac - lastFrac < 0.005)) break;
    lastFrac = frac;
  }
  // Final linear pass: a smooth ridge profile (not clipped square waves) for pressure rendering.
  const ridge = new Float32Array(width * height);
  for (let q = 0; q < n; q++) {
    const p = idx[q];
    const k = kern[q];
    let acc = 0;
    for (let t = start[k], e = start[k + 1]; t < e; t++) acc += weights[t] * img[p + offsets[t]];
    const y = Math.floor(p / stride) - pad;
    const x = (p % stride) - pad;
    acc *= 0.8;
    ridge[y * width + x] = acc > 1 ? 1 : acc < -1 ? -1 : acc;
  }
  return { ridge, iterations: it + 1 };
}
