/**
 * Fixed-point preprocessing (docs/quantization.md, Preprocessing): area resize of a u8 sensor image to
 * the model input size, then global contrast normalisation to mean 128, standard deviation 64.
 * The same integer arithmetic runs in firmware/nn/nn_pre.c. Kind 1 of the blob; fingerprint models use printpre.ts.
 */
import { WhorlError } from '../util/errors.js';
import { isqrt } from './fixed.js';

/** Largest source side and output pixel count accepted. */
export const PRE_MAX_SIDE = 4096;
export const PRE_MAX_OUT = 65535;

/** Resizes src (hs×ws) to h×w by box averaging, floor((a + floor(c/2)) / c); returns the u8 image. */
export function areaResize(src: Uint8Array, hs: number, ws: number, h: number, w: number): Uint8Array {
  const out = new Uint8Array(h * w);
  for (let oy = 0; oy < h; oy++) {
    const y0 = Math.floor((oy * hs) / h);
    const y1 = Math.max(Math.floor(((oy + 1) * hs) / h), y0 + 1);
    for (let ox = 0; ox < w; ox++) {
      const x0 = Math.floor((ox * ws) / w);
      const x1 = Math.max(Math.floor(((ox + 1) * ws) / w), x0 + 1);
      let a = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) a += src[y * ws + x];
      const c = (y1 - y0) * (x1 - x0);
      out[oy * w + ox] = Math.floor((a + Math.floor(c / 2)) / c); // round half up
    }
  }
  return out;
}

/** Gain of the contrast normalisation for n·S2 − S1² = `v`: floor(2^30 / isqrt(v)), 0 for a flat image. */
export function contrastGain(v: number): number {
  const d = isqrt(v);
  return d === 0 ? 0 : Math.floor(2 ** 30 / d);
}

/** One normalised pixel from t = n·r − S1 and the gain: clamp(128 + floor((t·g + 2^23) / 2^24)), exact. */
export function normalizedPixel(t: number, g: number): number {
  const q = Math.abs(t) * g < 2 ** 52
    ? 128 + Math.floor((t * g + 2 ** 23) / 2 ** 24)
    : 128 + Number((BigInt(t) * BigInt(g) + (1n << 23n)) >> 24n); // beyond 2^52: exact in BigInt
  return q < 0 ? 0 : q > 255 ? 255 : q;
}

/** Contrast normalisation in place: out = clamp(128 + floor(((n·r − S1)·G + 2^23) / 2^24)), G = floor(2^30 / isqrt(n·S2 − S1²)). */
export function normalizeContrast(r: Uint8Array): Uint8Array {
  const n = r.length;
  let s1 = 0, s2 = 0;
  for (let i = 0; i < n; i++) { s1 += r[i]; s2 += r[i] * r[i]; }
  const g = contrastGain(n * s2 - s1 * s1); // < 2^43, exact
  const out = new Uint8Array(n);
  if (g === 0) { out.fill(128); return out; }
  for (let i = 0; i < n; i++) out[i] = normalizedPixel(n * r[i] - s1, g); // |t| < 2^24
  return out;
}

/** The whole preprocessing: u8 hs×ws sensor image → u8 h×w model input. */
export function preprocess(src: Uint8Array, hs: number, ws: number, h: number, w: number): Uint8Array {
  if (!(hs >= 1 && ws >= 1 && hs <= PRE_MAX_SIDE && ws <= PRE_MAX_SIDE && h >= 1 && w >= 1 && h * w <= PRE_MAX_OUT) || src.length < hs * ws) {
    throw new WhorlError('NN_PREPROCESS', `preprocessing ${hs}×${ws} → ${h}×${w}: sizes out of range (sides ≤ ${PRE_MAX_SIDE}, output ≤ ${PRE_MAX_OUT} pixels) or image too short`, { context: { hs, ws, h, w } });
  }
  return normalizeContrast(areaResize(src, hs, ws, h, w));
}
