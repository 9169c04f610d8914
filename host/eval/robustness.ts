/**
 * Robustness curves (docs/robustness.md): the FVC-protocol EER of a matcher on held-out synthetic
 * fingers while ONE acquisition factor varies, the others as in training (288×384, 500 dpi, ±15°).
 * Every pair compares an enrolled view of impression i with a probe view of impression j:
 *  - rotation r: enrolled rendered by the generator at 0°, probe at ±r (sign alternates), the rest of
 *    the generator's transform (shift, distortion, contact, noise) unchanged: relative rotation r;
 *  - overlap f: enrolled whole, probe cut by a straight line in a random direction, the cut side set
 *    to the background grey, so that the fraction f of its foreground pixels is left;
 *  - resolution d: enrolled at 500 dpi, probe resampled to d dpi (area averaging down, bilinear up),
 *    carrying d as its resolution so that the matcher's preprocessing resamples it back.
 */
import { createHash } from 'node:crypto';
import type { GreyImage } from '../data/grey.js';
import { makeImpression, makeMaster, resolveParams, rngFor, type SynthParams } from '../synth/index.js';
import type { Matcher } from './matcher.js';
import { computeMetrics } from './metrics.js';
import { cropToOverlap } from '../nn/contact.js';
import { resampleDpi, RobustnessError, rotatedImpression } from './probeviews.js';
import { makePairs } from './pairs.js';

export type Factor = 'rotation' | 'overlap' | 'resolution';
export const FACTORS: readonly Factor[] = ['rotation', 'overlap', 'resolution'];
/** Rotation in degrees, overlap as a fraction of the probe's foreground, probe resolution in dpi. */
export const DEFAULT_VALUES: Readonly<Record<Factor, readonly number[]>> = {
  rotation: [0, 10, 20, 30, 45],
  overlap: [1, 0.8, 0.6, 0.4, 0.3],
  resolution: [250, 333, 400, 500, 600, 750, 1000],
};
/** Generator conditions of training (models/configs/default.json, data section). */
export const TRAINING_CONDITIONS: Partial<SynthParams> = { width: 288, height: 384, dpi: 500, rotation: 15 };
/** Stream number of the overlap cut direction (beyond the generator's own streams). */
const CUT_STREAM = 901;

export interface RobustnessOptions {
  matcher: Matcher;
  /** Generator seed of the held-out fingers (default 9300001). */
  seed?: number;
  /** Seeds that must not be used (the training and validation seeds). */
  excludeSeeds?: number[];
  fingers?: number;
  impressions?: number;
  params?: Partial<SynthParams>;
  factors?: readonly Factor[];
  values?: Partial<Record<Factor, readonly number[]>>;
  /** Called after each image is processed (extracted or found in the feature memo). */
  onProgress?: (done: number, total: number) => void;
}

export interface RobustnessPoint {
  factor: Factor;
  value: number;
  /** Resolution: probe dpi / enrolled dpi. */
  ratio?: number;
  /** Overlap: foreground fraction the probes actually kept (mean, min, max). */
  kept?: { mean: number; min: number; max: number };
  eer: number;
  eerLow: number;
  eerHigh: number;
  fmr100: number;
  fmr1000: number;
  zeroFmr: number;
  genuine: number;
  impostor: number;
}

export interface RobustnessResult {
  kind: 'whorl-robustness';
  matcher: { id: string; version: string; description: string };
  generator: { seed: number; fingers: number; impressions: number; params: SynthParams };
  protocol: string;
  points: RobustnessPoint[];
  run: { images: number; extracted: number; seconds: number };
}

function checkValues(factor: Factor, vs: readonly number[]): void {
  const ok = (v: number): boolean => (factor === 'rotation' ? v >= 0 && v <= 180 : factor === 'overlap' ? v > 0 && v <= 1 : Number.isInteger(v) && v >= 100 && v <= 2000);
  const bad = vs.find((v) => !Number.isFinite(v) || !ok(v));
  if (vs.length === 0 || bad !== undefined) {
    throw new RobustnessError('ROBUSTNESS_VALUE', `${factor}: ${vs.length ? `value ${bad} out of range` : 'no values'} (rotation 0..180°, overlap (0, 1], resolution 100..2000 dpi)`, { context: { factor, value: bad } });
  }
}

/** Runs the matcher over every factor value; see the module comment for the views compared. */
export async function runRobustness(opts: RobustnessOptions): Promise<RobustnessResult> {
  const { matcher, seed = 9300001, fingers = 40, impressions = 4 } = opts;
  if ((opts.excludeSeeds ?? []).includes(seed)) throw new RobustnessError('ROBUSTNESS_SEED', `seed ${seed} is a training or validation seed; robustness needs held-out fingers`, { context: { seed } });
  if (!(Number.isInteger(fingers) && fingers >= 2 && Number.isInteger(impressions) && impressions >= 2 && Number.isInteger(seed) && seed >= 0)) {
    throw new RobustnessError('ROBUSTNESS_SIZE', `need a seed ≥ 0, at least 2 fingers and 2 impressions (got seed ${seed}, ${fingers} × ${impressions})`, { context: { seed, fingers, impressions } });
  }
  const params = resolveParams({ ...TRAINING_CONDITIONS, ...opts.params });
  const factors = opts.factors ?? FACTORS;
  const values = Object.fromEntries(factors.map((f) => [f, opts.values?.[f] ?? DEFAULT_VALUES[f]])) as Record<Factor, readonly number[]>;
  for (const f of factors) checkValues(f, values[f]);
  const t0 = performance.now();
  const ids = Array.from({ length: fingers }, (_, i) => i + 1);
  const ks = Array.from({ length: impressions }, (_, i) => i + 1);
  const masters = ids.map((f) => makeMaster(params, seed, f));
  const base = masters.map((m) => ks.map((k) => { const im = makeImpression(m, params, seed, k); return { width: im.width, height: im.height, dpi: im.dpi, data: im.data } as GreyImage; }));
  const memo = new Map<string, unknown>();
  const perSet = fingers * impressions;
  const total = perSet * factors.reduce((a, f) => a + values[f].length + 1, 0);
  let done = 0, extracted = 0;
  const features = async (imgs: GreyImage[][]): Promise<unknown[][]> => {
    const out: unknown[][] = [];
    for (const row of imgs) {
      const r: unknown[] = [];
      for (const img of row) {
        const key = createHash('sha256').update(`${img.width}x${img.height}@${img.dpi}:`).update(img.data).digest('hex');
        if (!memo.has(key)) {
          try {
            memo.set(key, await matcher.extract(img));
          } catch (cause) {
            throw new RobustnessError('ROBUSTNESS_EXTRACT', `${matcher.id}: feature extraction failed on a ${img.width}×${img.height} image at ${img.dpi} dpi: ${(cause as Error).message}`, { context: { matcher: matcher.id }, cause });
          }
          extracted++;
        }
        r.push(memo.get(key));
        done++;
        opts.onProgress?.(done, total);
      }
      out.push(r);
    }
    return out;
  };
  const items = new Map(ids.map((f) => [f, ks.map((k) => ({ finger: f, impression: k }))]));
  const { genuine, impostor } = makePairs(items, 'fvc');
  const points: RobustnessPoint[] = [];
  for (const factor of factors) {
    const enrolledImgs = factor === 'rotation' ? masters.map((m) => ks.map((k) => rotatedImpression(m, params, seed, k, 0))) : base;
    const enrolled = await features(enrolledImgs);
    for (const value of values[factor]) {
      const kept: number[] = [];
      const probes = await features(base.map((row, fi) => row.map((img, ki) => {
        const f = ids[fi], k = ks[ki];
        if (factor === 'rotation') return rotatedImpression(masters[fi], params, seed, k, (f + k) % 2 ? -value : value);
        if (factor === 'resolution') return resampleDpi(img, value);
        const c = cropToOverlap(img, value, rngFor(seed, f, k, CUT_STREAM).uniform(0, 2 * Math.PI));
        kept.push(c.kept);
        return c.image;
      })));
      const score = (p: (typeof genuine)[number]): number => matcher.compare(enrolled[p.a.finger - 1][p.a.impression - 1], probes[p.b.finger - 1][p.b.impression - 1]);
      const m = computeMetrics(genuine.map(score), impostor.map(score));
      const pt: RobustnessPoint = { factor, value, eer: m.eer, eerLow: m.eerLow, eerHigh: m.eerHigh, fmr100: m.fmr100, fmr1000: m.fmr1000, zeroFmr: m.zeroFmr, genuine: m.genuineCount, impostor: m.impostorCount };
      if (factor === 'resolution') pt.ratio = value / params.dpi;
      if (factor === 'overlap') pt.kept = { mean: kept.reduce((a, b) => a + b, 0) / kept.length, min: Math.min(...kept), max: Math.max(...kept) };
      points.push(pt);
    }
  }
  return {
    kind: 'whorl-robustness',
    matcher: { id: matcher.id, version: matcher.version, description: matcher.description },
    generator: { seed, fingers, impressions, params },
    protocol: 'FVC: genuine = impressions i<j of a finger (enrolled view of i, probe view of j), impostor = impression 1 of each finger (enrolled) against impression 1 of every later finger (probe)',
    points,
    run: { images: done, extracted, seconds: (performance.now() - t0) / 1000 },
  };
}
