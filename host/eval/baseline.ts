import type { GreyImage } from '../data/grey.js';
import { fft2 } from './fft.js';
import { normaliseLocal, resampleTo, segment } from './enhance.js';
import { MatcherError, registerMatcher, type Matcher, type MatcherOptions } from './matcher.js';
import { count, crossPower, maskedNcc, nextPow2, peaks, rotate, tileNcc } from './baseline-align.js';

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

/** Creates the baseline matcher; option `tiles=0` scores by global NCC only. */
export function createBaseline(opts: MatcherOptions = {}): BaselineMatcher {
  if (opts.tiles !== undefined && opts.tiles !== '0' && opts.tiles !== '1') {
    throw new MatcherError('MATCHER_OPTION', `baseline: option tiles must be 0 or 1 (got "${opts.tiles}")`, { context: { tiles: opts.tiles } });
  }
  for (const k of Object.keys(opts)) if (k !== 'tiles') throw new MatcherError('MATCHER_OPTION', `baseline: unknown option "${k}" (known: tiles)`, { context: { option: k } });
  return new BaselineMatcher(opts.tiles !== '0');
}

registerMatcher('baseline', createBaseline, import.meta.url);
