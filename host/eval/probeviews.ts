/**
 * The probe views of the robustness curves (docs/robustness.md) beside the straight cut of
 * host/nn/contact.ts: a resampling to another sensor resolution, and a generator impression at a
 * forced rotation.
 */
import type { GreyImage } from '../data/grey.js';
import { drawTransform, render, type Master, type SynthParams } from '../synth/index.js';
import { WhorlError } from '../util/errors.js';

export class RobustnessError extends WhorlError {}

/** Source taps of each output index: area averaging when shrinking, bilinear when enlarging. */
function taps(n: number, m: number, s: number): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  for (let o = 0; o < m; o++) {
    const t: Array<[number, number]> = [];
    if (s < 1) {
      const a = o / s, b = Math.min(n, (o + 1) / s);
      for (let i = Math.floor(a); i < b; i++) t.push([i, (Math.min(b, i + 1) - Math.max(a, i)) / (b - a)]);
    } else {
      const c = Math.min(n - 1, Math.max(0, (o + 0.5) / s - 0.5));
      const i = Math.floor(c), f = c - i;
      t.push([i, 1 - f]);
      if (f > 0) t.push([i + 1, f]);
    }
    out.push(t);
  }
  return out;
}

/** The image as a sensor of `dpi` would see it: floor(side·dpi/img.dpi) pixels, resolution `dpi`. */
export function resampleDpi(img: GreyImage, dpi: number): GreyImage {
  if (!(Number.isInteger(dpi) && dpi >= 100 && dpi <= 2000)) throw new RobustnessError('ROBUSTNESS_VALUE', `resolution ${dpi} dpi is outside 100..2000`, { context: { dpi } });
  if (dpi === img.dpi) return { ...img, data: img.data.slice() };
  const s = dpi / img.dpi;
  const w = Math.max(1, Math.floor(img.width * s)), h = Math.max(1, Math.floor(img.height * s));
  const tx = taps(img.width, w, s), ty = taps(img.height, h, s);
  const rows = new Float32Array(img.height * w);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (const [i, wt] of tx[x]) a += wt * img.data[y * img.width + i];
    rows[y * w + x] = a;
  }
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (const [i, wt] of ty[y]) a += wt * rows[i * w + x];
    data[y * w + x] = Math.max(0, Math.min(255, Math.round(a)));
  }
  return { width: w, height: h, dpi, data };
}

/** Impression `k` of a master rendered by the generator with its rotation forced to `rotation` degrees. */
export function rotatedImpression(master: Master, params: SynthParams, seed: number, k: number, rotation: number): GreyImage {
  const t = drawTransform(master, params, seed, k);
  return { width: params.width, height: params.height, dpi: params.dpi, data: render(master, params, seed, k, { ...t, rotation }) };
}
