/**
 * Integer arithmetic shared by the quantizer and the int8 reference runtime (docs/quantization.md).
 * Every function here is exact: JavaScript doubles are used only where the values fit in 2^53.
 */
import { WhorlError } from '../util/errors.js';

/** Smallest and largest requantization shift allowed by format version 1. */
export const SHIFT_MIN = 16;
export const SHIFT_MAX = 62;

/** Round half away from zero (used by the host when it converts floats to integers). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/** Clamps an integer to the int8 range −128…127. */
export function clampI8(x: number): number {
  return x < -128 ? -128 : x > 127 ? 127 : x;
}

/** Clamps to the int32 range. */
export function clampI32(x: number): number {
  return x < -2147483648 ? -2147483648 : x > 2147483647 ? 2147483647 : x;
}

/** A fixed-point multiplier: real value ≈ M / 2^s, 2^30 ≤ M < 2^31 (or M = 0). */
export interface FixedMultiplier {
  M: number;
  s: number;
}

/** Decomposes a real multiplier m ≥ 0 into M and s (docs/quantization.md, Requantization). */
export function quantizeMultiplier(m: number): FixedMultiplier {
  if (!(m >= 0) || !Number.isFinite(m)) {
    throw new WhorlError('QUANT_MULTIPLIER', `invalid requantization multiplier ${m}`, { context: { m } });
  }
  if (m === 0) return { M: 0, s: 31 };
  let e = Math.floor(Math.log2(m)) + 1;
  let f = m / 2 ** e;
  while (f >= 1) { f /= 2; e += 1; }
  while (f < 0.5) { f *= 2; e -= 1; }
  let M = Math.round(f * 2 ** 31);
  if (M === 2 ** 31) { M = 2 ** 30; e += 1; }
  const s = 31 - e;
  if (s > SHIFT_MAX) return { M: 0, s: 31 };
  if (s < SHIFT_MIN) {
    throw new WhorlError('QUANT_MULTIPLIER', `requantization multiplier ${m} is too large (≥ 2^15); the scales of this layer are inconsistent`, { context: { m } });
  }
  return { M, s };
}

/**
 * Requantization: clamp(floor((acc·M + 2^(s−1)) / 2^s), −128, 127), computed exactly.
 * acc is an int32, M in [0, 2^31), s in [16, 62].
 */
export function requantize(acc: number, M: number, s: number): number {
  if (M === 0) return 0;
  const hi = Math.floor(M / 65536);
  const lo = M - hi * 65536;
  const t = acc * lo; // |t| < 2^47
  const q1 = Math.floor(t / 65536);
  const r1 = t - q1 * 65536;
  const top = acc * hi + q1; // |top| < 2^47
  let y: number;
  if (s === 16) y = top + Math.floor((r1 + 32768) / 65536);
  else y = Math.floor((top + 2 ** (s - 17)) / 2 ** (s - 16));
  return clampI8(y);
}

/** Floor of the square root of a non-negative integer below 2^52. */
export function isqrt(n: number): number {
  let r = Math.floor(Math.sqrt(n));
  while (r * r > n) r -= 1;
  while ((r + 1) * (r + 1) <= n) r += 1;
  return r;
}

/** Fixed-point L2 normalisation of an int8 vector (docs/quantization.md, L2 normalisation). */
export function l2NormalizeI8(x: Int8Array, out: Int8Array): void {
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += x[i] * x[i];
  if (ss === 0) { out.fill(0); return; }
  const r = isqrt(ss * 256);
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    const q = Math.floor((a * 4064 + r) / (2 * r));
    out[i] = x[i] < 0 ? -q : q;
  }
}

/** Score of two int8 embeddings: the int32 dot product. */
export function scoreI8(a: Int8Array, b: Int8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
