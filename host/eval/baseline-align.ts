/** The baseline matcher's alignment helpers: FFT cross-power, candidate peaks, rotation, masked and tiled NCC. */
import type { BaselineFeatures } from './baseline.js';

/**
 * Given A (spectrum of the first print) and Z = FFT(b1 + i·b2) of two real images, replaces Z by
 * P1 + i·P2 where Pk = A·conj(Bk)/|A·conj(Bk)| is the phase-correlation spectrum of image k.
 */
export function crossPower(Are: Float64Array, Aim: Float64Array, Zre: Float64Array, Zim: Float64Array, n: number): void {
  for (let y = 0; y < n; y++) {
    const my = ((n - y) % n) * n;
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      const j = my + ((n - x) % n);
      if (j < i) continue; // each (i, j) pair handled once
      const zr = Zre[i], zi = Zim[i], wr = Zre[j], wi = Zim[j];
      // B1[i] = (Z[i] + conj(Z[j]))/2, B2[i] = (Z[i] − conj(Z[j]))/(2i); B[j] = conj(B[i]).
      const b1r = (zr + wr) / 2, b1i = (zi - wi) / 2;
      const b2r = (zi + wi) / 2, b2i = -(zr - wr) / 2;
      const p = phase(Are[i], Aim[i], b1r, b1i);
      const q = phase(Are[i], Aim[i], b2r, b2i);
      const pj = phase(Are[j], Aim[j], b1r, -b1i);
      const qj = phase(Are[j], Aim[j], b2r, -b2i);
      // Out[i] = P1[i] + i·P2[i]
      Zre[i] = p[0] - q[1];
      Zim[i] = p[1] + q[0];
      if (j !== i) {
        Zre[j] = pj[0] - qj[1];
        Zim[j] = pj[1] + qj[0];
      }
    }
  }
}

/** Normalised A·conj(B) as [re, im]. */
function phase(ar: number, ai: number, br: number, bi: number): [number, number] {
  const re = ar * br + ai * bi;
  const im = ai * br - ar * bi;
  const mag = Math.sqrt(re * re + im * im) + 1e-9;
  return [re / mag, im / mag];
}

export function nextPow2(x: number): number {
  let n = 1;
  while (n < x) n <<= 1;
  return n;
}

export function count(m: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < m.length; i++) c += m[i];
  return c;
}

/** Rotates features about their centre into a canvas of the same size (bilinear values, nearest mask). */
export function rotate(f: BaselineFeatures, th: number): BaselineFeatures {
  if (th === 0) return f;
  const { w, h } = f;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const c = Math.cos(th);
  const s = Math.sin(th);
  const v = new Int8Array(w * h);
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = c * (x - cx) + s * (y - cy) + cx;
      const sy = -s * (x - cx) + c * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      if (!f.mask[Math.round(sy) * w + Math.round(sx)]) continue;
      const top = f.v[i] * (1 - fx) + f.v[i + 1] * fx;
      const bot = f.v[i + w] * (1 - fx) + f.v[i + w + 1] * fx;
      v[y * w + x] = Math.round(top * (1 - fy) + bot * fy);
      mask[y * w + x] = 1;
    }
  }
  return { w, h, v, mask };
}

/** The k highest peaks of an n×n correlation surface as signed shifts (dx, dy); clobbers `c` (5×5 suppression). */
export function peaks(c: Float64Array, n: number, k: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let p = 0; p < k; p++) {
    let bi = 0;
    let bv = -Infinity;
    for (let i = 0; i < n * n; i++) {
      if (c[i] > bv) {
        bv = c[i];
        bi = i;
      }
    }
    const x = bi % n;
    const y = (bi / n) | 0;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) c[((y + dy + n) % n) * n + ((x + dx + n) % n)] = -Infinity;
    out.push([x > n / 2 ? x - n : x, y > n / 2 ? y - n : y]);
  }
  return out;
}

/** NCC of a(x, y) against b(x − dx, y − dy) over both masks; 0 below `minOverlap` pixels. */
export function maskedNcc(a: BaselineFeatures, b: BaselineFeatures, dx: number, dy: number, minOverlap: number): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  const y0 = Math.max(0, dy);
  const y1 = Math.min(a.h, b.h + dy);
  const x0 = Math.max(0, dx);
  const x1 = Math.min(a.w, b.w + dx);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const ia = y * a.w + x;
      const ib = (y - dy) * b.w + (x - dx);
      if (!a.mask[ia] || !b.mask[ib]) continue;
      const va = a.v[ia];
      const vb = b.v[ib];
      n++;
      sa += va;
      sb += vb;
      sab += va * vb;
      saa += va * va;
      sbb += vb * vb;
    }
  }
  if (n < Math.max(16, minOverlap)) return 0;
  const cov = sab - (sa * sb) / n;
  const den = Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
  return den > 0 ? Math.max(0, cov / den) : 0;
}

/**
 * Score of an alignment, tolerant to skin distortion: for each 16×16 tile of `a` (at 250 dpi) the
 * best NCC against `b` (shifted by dx, dy) over local shifts of ±2 px, tiles with under half their
 * pixels in both masks left out; the mean of the tiles' NCC (negatives as 0) weighted by their overlap.
 */
export function tileNcc(a: BaselineFeatures, b: BaselineFeatures, dx: number, dy: number): number {
  const T = 16;
  const R = 2;
  let wsum = 0;
  let ssum = 0;
  for (let ty = 0; ty < a.h; ty += T) {
    for (let tx = 0; tx < a.w; tx += T) {
      let bestT = -1;
      let nT = 0;
      for (let ey = -R; ey <= R; ey++) {
        for (let ex = -R; ex <= R; ex++) {
          let n = 0, sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
          for (let y = ty; y < Math.min(a.h, ty + T); y++) {
            const yb = y - dy - ey;
            if (yb < 0 || yb >= b.h) continue;
            for (let x = tx; x < Math.min(a.w, tx + T); x++) {
              const xb = x - dx - ex;
              if (xb < 0 || xb >= b.w) continue;
              const ia = y * a.w + x;
              const ib = yb * b.w + xb;
              if (!a.mask[ia] || !b.mask[ib]) continue;
              const va = a.v[ia], vb = b.v[ib];
              n++; sa += va; sb += vb; sab += va * vb; saa += va * va; sbb += vb * vb;
            }
          }
          if (n < (T * T) / 2) continue;
          const den = Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
          const c = den > 0 ? (sab - (sa * sb) / n) / den : 0;
          if (c > bestT) { bestT = c; nT = n; }
        }
      }
      if (bestT > -1) { wsum += nT; ssum += nT * Math.max(0, bestT); }
    }
  }
  return wsum > 0 ? ssum / wsum : 0;
}
