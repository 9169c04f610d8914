/**
 * Master fingerprint of one finger: class → singular points → orientation field, ridge-period map
 * and silhouette → ridges grown by space-variant Gabor filtering. Made once per finger; impressions
 * are cheap views of it (impression.ts).
 */
import { FINGER_CLASSES, type FingerClass, type Master, type SynthParams } from './types.js';
import { rngFor, STREAM } from './prng.js';
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
  const grown = growRidges(rngFor(seed, finger, 0, STREAM.seeds), theta, period, mask, size, size, minP, maxP);
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
