/**
 * Master fingerprint of one finger: class → singular points → orientation field, ridge-period map
 * and silhouette → ridges grown by space-variant Gabor filtering. Made once per finger; impressions
 * are cheap views of it (impression.ts).
 */
import { FINGER_CLASSES, type FingerClass, type Master, type SynthParams } from './types.js';
import { rngFor, STREAM, type Rng } from './prng.js';
import { randomShape, shapeMask } from './shape.js';
import { orientationField, placeSingularities, randomStyle } from './orientation.js';
import { periodMap } from './frequency.js';
import { growRidges } from './gabor.js';
import { addSkinDetails } from './skin.js';
import { WhorlError } from '../util/errors.js';

/** Side of the square master canvas: the output diagonal plus the largest displacement. */
export function masterSize(params: SynthParams): number {
  const scale = params.dpi / 500;
  const diag = Math.hypot(params.width, params.height);
  return Math.ceil(Math.max(diag, 480 * scale) + 2 * params.shift * scale) + 2;
}

/** Draws the class of a finger with the configured weights. */
export function drawClass(params: SynthParams, seed: number, finger: number): FingerClass {
  const rng = rngFor(seed, finger, 0, STREAM.fingerClass);
  return FINGER_CLASSES[rng.pick(FINGER_CLASSES.map((c) => params.classWeights[c]))];
}

/** Checks a parameter set; throws a WhorlError naming the bad field. */
export function validateParams(p: SynthParams): void {
  const bad = (field: string, why: string): never => {
    throw new WhorlError('SYNTH_BAD_PARAM', `synth: ${field} ${why}`, { context: { field, value: (p as unknown as Record<string, unknown>)[field] } });
  };
  if (!Number.isInteger(p.width) || p.width < 32 || p.width > 4096) bad('width', 'must be an integer in 32..4096');
  if (!Number.isInteger(p.height) || p.height < 32 || p.height > 4096) bad('height', 'must be an integer in 32..4096');
  if (!(p.dpi >= 250 && p.dpi <= 1000)) bad('dpi', 'must be in 250..1000');
  if (!(p.rotation >= 0 && p.rotation <= 180)) bad('rotation', 'must be in 0..180 degrees');
  if (!(p.shift >= 0 && p.shift <= 200)) bad('shift', 'must be in 0..200 pixels');
  const [a, b] = p.periodRange;
  if (!(a >= 5 && b <= 16 && a <= b)) bad('periodRange', 'must satisfy 5 <= min <= max <= 16 (pixels at 500 dpi)');
  if (!(p.distortion >= 0 && p.distortion <= 3)) bad('distortion', 'must be in 0..3');
  if (!(p.noise >= 0 && p.noise <= 3)) bad('noise', 'must be in 0..3');
  const ws = FINGER_CLASSES.map((c) => p.classWeights[c]);
  if (ws.some((w) => !(w >= 0)) || ws.reduce((s, w) => s + w, 0) <= 0) bad('classWeights', 'must be non-negative with a positive sum');
}

/**
 * Ridge growth in two stages: the pattern is grown from the seeds at half resolution (a quarter of
 * the pixels and of the kernel taps), upsampled, then refined by two iterations at full resolution
 * followed by the linear pass. About six times cheaper than growing at full resolution.
 */
function growCoarseToFine(
  rng: Rng,
  theta: Float32Array,
  period: Float32Array,
  mask: Float32Array,
  size: number,
  minP: number,
  maxP: number,
): { ridge: Float32Array; iterations: number } {
  const hs = Math.ceil(size / 2);
  const th = new Float32Array(hs * hs);
  const ph = new Float32Array(hs * hs);
  const mh = new Float32Array(hs * hs);
  for (let y = 0; y < hs; y++) {
    for (let x = 0; x < hs; x++) {
      const i = Math.min(size - 1, 2 * y) * size + Math.min(size - 1, 2 * x);
      th[y * hs + x] = theta[i];
      ph[y * hs + x] = period[i] / 2;
      // Grow a little beyond the silhouette so the upsampled border is not cut.
      const m = Math.max(mask[i], i + 2 < mask.length ? mask[i + 2] : 0, i >= 2 ? mask[i - 2] : 0);
      mh[y * hs + x] = m;
    }
  }
  const coarse = growRidges(rng, th, ph, mh, hs, hs, minP / 2, maxP / 2);
  const init = new Float32Array(size * size);
  const c = coarse.ridge;
  for (let y = 0; y < size; y++) {
    const gy = Math.min(hs - 1.001, y / 2);
    const iy = Math.floor(gy);
    const fy = gy - iy;
    for (let x = 0; x < size; x++) {
      if (mask[y * size + x] <= 0) continue;
      const gx = Math.min(hs - 1.001, x / 2);
      const ix = Math.floor(gx);
      const fx = gx - ix;
      const j = iy * hs + ix;
      const a = c[j] + (c[j + 1] - c[j]) * fx;
      const b = c[j + hs] + (c[j + hs + 1] - c[j + hs]) * fx;
      init[y * size + x] = a + (b - a) * fy;
    }
  }
  const fine = growRidges(rng, theta, period, mask, size, size, minP, maxP, 2, init);
  return { ridge: fine.ridge, iterations: coarse.iterations + fine.iterations };
}

/** Makes the master fingerprint of `finger` (1-based) for a data-set seed. */
export function makeMaster(params: SynthParams, seed: number, finger: number): Master {
  validateParams(params);
  const scale = params.dpi / 500;
  const size = masterSize(params);
  const cls = drawClass(params, seed, finger);
  const shape = randomShape(rngFor(seed, finger, 0, STREAM.shape), size, size, scale);
  const sing = placeSingularities(cls, shape, rngFor(seed, finger, 0, STREAM.singularities));
  const style = randomStyle(rngFor(seed, finger, 0, STREAM.orientation));
  const mask = shapeMask(shape, size, size, 6 * scale);
  const theta = orientationField(cls, sing, shape, style, size, size, mask);
  const fr = rngFor(seed, finger, 0, STREAM.frequency);
  const base = fr.uniform(params.periodRange[0], params.periodRange[1]) * scale;
  const period = periodMap(fr, base, sing.cores, sing.deltas, shape, size, size, mask);
  const minP = params.periodRange[0] * scale * 0.85;
  const maxP = params.periodRange[1] * scale * 1.25;
  const grown = growCoarseToFine(rngFor(seed, finger, 0, STREAM.seeds), theta, period, mask, size, minP, maxP);
  let sum = 0;
  let cnt = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] > 0.5) {
      sum += period[i];
      cnt++;
    }
  }
  const meanPeriod = cnt > 0 ? sum / cnt : base;
  const master: Master = {
    finger,
    width: size,
    height: size,
    dpi: params.dpi,
    cls,
    cores: sing.cores,
    deltas: sing.deltas,
    ridge: grown.ridge,
    mask,
    meanPeriod,
    iterations: grown.iterations,
    shape: { cx: shape.cx, cy: shape.cy, left: shape.left, right: shape.right, top: shape.top, bottom: shape.bottom },
  };
  addSkinDetails(rngFor(seed, finger, 0, STREAM.skin), master, scale);
  return master;
}
