import type { GreyImage } from '../data/grey.js';
import { fft2 } from './fft.js';
import { normaliseLocal, resampleTo, segment } from './enhance.js';
import { MatcherError, registerMatcher, type Matcher, type MatcherOptions } from './matcher.js';

/** Baseline features: the locally normalised ridge pattern at 250 dpi, quantised, and its mask. */
export interface BaselineFeatures {
  w: number;
  h: number;
  /** Normalised grey ×32, clamped to int8; 0 outside the mask. */
  v: Int8Array;
  mask: Uint8Array;
}

const DPI = 250;
const ROT_STEP = 5;
const ROT_MAX = 20;
const PEAKS = 3;
const MIN_OVERLAP = 0.3;

/**
 * Baseline matcher: segment, normalise, then for rotations of the second print in ±20° steps of 5°
 * find candidate translations by phase correlation (own FFT), and pick the alignment with the best
 * masked normalised cross-correlation over the overlap (0 when the overlap is under 30% of the
 * smaller print). v2 then scores that alignment tile by tile with small elastic shifts (tileNcc).
 */
export class BaselineMatcher implements Matcher<BaselineFeatures> {
  readonly id = 'baseline';
  readonly version: string = '2';
  readonly description: string;
  readonly threadSafe = true;
  /** `tiles`: refine the best alignment's score tile by tile (v2 default; false gives v1 scores). */
  constructor(private readonly tiles = true) {
    this.description = `phase-correlation alignment over rotations ±20°, ${tiles ? 'tile-wise NCC with ±2 px elastic shifts' : 'masked global NCC'} (250 dpi)`;
    if (!tiles) this.version = '2-global';
  }

  async extract(img: GreyImage): Promise<BaselineFeatures> {
    const im = resampleTo(img, DPI);
    const { norm, std } = normaliseLocal(im, 5);
    const mask = segment(std, im.w, im.h);
    const v = new Int8Array(im.w * im.h);
    for (let i = 0; i < v.length; i++) v[i] = mask[i] ? Math.max(-127, Math.min(127, Math.round(norm.v[i] * 32))) : 0;
    return { w: im.w, h: im.h, v, mask };
  }

  compare(a: BaselineFeatures, b: BaselineFeatures): number {
    const n = nextPow2(Math.max(a.w, a.h, b.w, b.h) + 32);
    const Are = new Float64Array(n * n);
    const Aim = new Float64Array(n * n);
    for (let y = 0; y < a.h; y++) for (let x = 0; x < a.w; x++) Are[y * n + x] = a.v[y * a.w + x];
    fft2(Are, Aim, n, n);
    const areaA = count(a.mask);
    const Bre = new Float64Array(n * n);
    const Bim = new Float64Array(n * n);
    const angles: number[] = [];
    for (let deg = -ROT_MAX; deg <= ROT_MAX; deg += ROT_STEP) angles.push((deg * Math.PI) / 180);
    let best = 0;
    let bestAt: { r: BaselineFeatures; dx: number; dy: number } | undefined;
    // Two rotations per complex FFT: the first in the real part, the second in the imaginary part.
    // Their spectra separate by Hermitian symmetry, and since both correlation surfaces are real,
    // one inverse FFT of (R1 + i·R2) returns the first in the real part and the second in the imaginary.
    for (let k = 0; k < angles.length; k += 2) {
      const r1 = rotate(b, angles[k]);
      const r2 = k + 1 < angles.length ? rotate(b, angles[k + 1]) : undefined;
      Bre.fill(0);
      Bim.fill(0);
      for (let y = 0; y < b.h; y++) {
        for (let x = 0; x < b.w; x++) {
          Bre[y * n + x] = r1.v[y * b.w + x];
          if (r2) Bim[y * n + x] = r2.v[y * b.w + x];
        }
      }
      fft2(Bre, Bim, n, n);
      crossPower(Are, Aim, Bre, Bim, n);
      fft2(Bre, Bim, n, n, true);
      for (const [r, surf] of [[r1, Bre], [r2, Bim]] as const) {
        if (!r) continue;
        const minOverlap = MIN_OVERLAP * Math.min(areaA, count(r.mask));
        for (const [dx, dy] of peaks(surf, n, PEAKS)) {
          const sc = maskedNcc(a, r, dx, dy, minOverlap);
          if (sc > best) {
            best = sc;
            bestAt = { r, dx, dy };
          }
        }
      }
    }
    if (this.tiles && bestAt) return tileNcc(a, bestAt.r, bestAt.dx, bestAt.dy);
    return best;
  }

  serialize(f: BaselineFeatures): Uint8Array {
    const out = new Uint8Array(4 + 2 * f.w * f.h);
    new DataView(out.buffer).setUint16(0, f.w, true);
    new DataView(out.buffer).setUint16(2, f.h, true);
    out.set(new Uint8Array(f.v.buffer, f.v.byteOffset, f.v.length), 4);
    out.set(f.mask, 4 + f.w * f.h);
    return out;
  }

  deserialize(bytes: Uint8Array): BaselineFeatures {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const w = dv.getUint16(0, true);
    const h = dv.getUint16(2, true);
    if (bytes.length !== 4 + 2 * w * h) throw new RangeError(`baseline features: ${bytes.length} bytes for ${w}x${h}`);
    const v = new Int8Array(w * h);
    v.set(new Int8Array(bytes.buffer, bytes.byteOffset + 4, w * h));
    return { w, h, v, mask: bytes.slice(4 + w * h, 4 + 2 * w * h) };
  }
}

/**
 * Given A (spectrum of the first print) and Z = FFT(b1 + i·b2) of two real images, replaces Z by
 * P1 + i·P2 where Pk = A·conj(Bk)/|A·conj(Bk)| is the phase-correlation spectrum of image k.
 */
function crossPower(Are: Float64Array, Aim: Float64Array, Zre: Float64Array, Zim: Float64Array, n: number): void {
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

function nextPow2(x: number): number {
  let n = 1;
  while (n < x) n <<= 1;
  return n;
}

function count(m: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < m.length; i++) c += m[i];
  return c;
}

/** Rotates features about their centre into a canvas of the same size (bilinear values, nearest mask). */
function rotate(f: BaselineFeatures, th: number): BaselineFeatures {
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
function peaks(c: Float64Array, n: number, k: number): Array<[number, number]> {
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
function maskedNcc(a: BaselineFeatures, b: BaselineFeatures, dx: number, dy: number, minOverlap: number): number {
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

/** Creates the baseline matcher; option `tiles=0` scores by global NCC only. */
export function createBaseline(opts: MatcherOptions = {}): BaselineMatcher {
  if (opts.tiles !== undefined && opts.tiles !== '0' && opts.tiles !== '1') {
    throw new MatcherError('MATCHER_OPTION', `baseline: option tiles must be 0 or 1 (got "${opts.tiles}")`, { context: { tiles: opts.tiles } });
  }
  for (const k of Object.keys(opts)) if (k !== 'tiles') throw new MatcherError('MATCHER_OPTION', `baseline: unknown option "${k}" (known: tiles)`, { context: { option: k } });
  return new BaselineMatcher(opts.tiles !== '0');
}

registerMatcher('baseline', createBaseline, import.meta.url);

/**
 * Score of an alignment, tolerant to skin distortion: for each 16×16 tile of `a` (at 250 dpi) the
 * best NCC against `b` (shifted by dx, dy) over local shifts of ±2 px, tiles with under half their
 * pixels in both masks left out; the mean of the tiles' NCC (negatives as 0) weighted by their overlap.
 */
function tileNcc(a: BaselineFeatures, b: BaselineFeatures, dx: number, dy: number): number {
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
