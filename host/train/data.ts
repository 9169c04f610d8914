/** On-the-fly training batches: P fingers × K impressions from the synthetic generator, each
 * finger new (a finger counter that never repeats), preprocessed exactly as on the device
 * (host/nn/printpre.ts). Fingers are made at a resolution drawn per finger from `dpis`, so the
 * network sees the resampling of every sensor resolution it will meet. */
import { makeImpression, makeMaster, resolveParams, type SynthParams } from '../synth/index.js';
import { DEFAULT_PARAMS, FINGER_CLASSES, NATURAL_CLASS_WEIGHTS, type FingerClass, type Master } from '../synth/types.js';
import { deriveSeed } from '../synth/prng.js';
import { DEFAULT_PRINT_PRE, preprocessPrint, type CropShift, type PrintPreParams } from '../nn/printpre.js';
import { floatInput } from '../nn/floatrun.js';
import { maskToOverlap } from '../nn/overlap.js';
import type { GreyImage } from '../data/grey.js';
import { cropToOverlap } from '../nn/contact.js';

/** The generator's ridge-period range (pixels at 500 dpi), from which data.samePeriod's bands are drawn. */
const PERIOD_RANGE = DEFAULT_PARAMS.periodRange;

export interface DataConfig {
  /** generator seed of this stream (training and validation use different seeds) */
  seed: number;
  /** fingers per batch */
  fingers: number;
  /** impressions per finger */
  impressions: number;
  /** generator image size at 500 dpi (scaled for other resolutions) */
  width: number;
  height: number;
  /** resolutions, one drawn per finger (finger id modulo the list) */
  dpis: number[];
  /** maximum rotation of impressions, degrees */
  rotation: number;
  /**
   * fraction (0..1) of batches whose fingers all share one class, drawn with the natural class
   * proportions (default 0: every finger draws its own class): impostors of the same class are the
   * ones the embedding confuses, so these batches hold only hard negatives
   */
  sameClass?: number;
  /**
   * width (pixels at 500 dpi) of a ridge-period band shared by the fingers of a same-class batch,
   * its centre drawn from the generator's period range (default: each finger draws from the whole
   * range): the impostors the embedding confuses are of one class and a close ridge period, so these
   * batches leave only the ridge details to tell fingers apart
   */
  samePeriod?: number;
  /**
   * partial-contact augmentation: each impression, with probability `p`, keeps only a fraction of
   * its foreground drawn uniformly in [min, max] (a straight cut at a random angle, the rest made
   * background grey) before preprocessing, so registration and crop see a partial print
   */
  cut?: { p: number; min: number; max: number };
  /**
   * overlap-masking augmentation: with probability `p` a finger's impressions are taken in pairs
   * (1 with 2, 3 with 4, …) and each pair masked to the crop cells both show (host/nn/overlap.ts),
   * as a matcher that compares two crops over their common area sees them
   */
  overlap?: { p: number };
  /**
   * matched-offset augmentation: with probability `p` (drawn per finger) all of a finger's
   * impressions are cropped at the same offset from their registration point, each coordinate a
   * multiple of `step` in [−max, max] (0 excluded as a pair), so the network learns to compare two
   * impressions cut away from the core at the same place (docs/architecture.md)
   */
  offset?: { p: number; max: number; step: number };
}

export interface Batch {
  /** fingers × impressions images, size × size, values (u8 − 128) / 128 */
  x: Float32Array;
  labels: Int32Array;
  count: number;
  /** first finger id of the batch */
  first: number;
}

export function validateDataConfig(c: DataConfig): void {
  if (!Array.isArray(c.dpis) || c.dpis.length === 0 || c.dpis.some((d) => !Number.isInteger(d) || d < 100 || d > 2000)) {
    throw new TypeError(`data.dpis must list resolutions 100..2000, got ${JSON.stringify(c.dpis)}`);
  }
  if (!(c.fingers >= 2 && c.impressions >= 2)) throw new TypeError('data.fingers and data.impressions must be at least 2');
  if (c.sameClass !== undefined && !(c.sameClass >= 0 && c.sameClass <= 1)) throw new TypeError(`data.sameClass must be a fraction 0..1, got ${String(c.sameClass)}`);
  if (c.samePeriod !== undefined && !(c.samePeriod > 0 && c.samePeriod <= PERIOD_RANGE[1] - PERIOD_RANGE[0] && c.sameClass)) {
    throw new TypeError(`data.samePeriod must be a band width in (0, ${PERIOD_RANGE[1] - PERIOD_RANGE[0]}] pixels with data.sameClass set, got ${String(c.samePeriod)}`);
  }
  if (c.cut !== undefined) {
    const { p, min, max } = c.cut;
    if (!(p >= 0 && p <= 1 && min > 0 && min <= max && max <= 1)) throw new TypeError(`data.cut needs 0 <= p <= 1 and 0 < min <= max <= 1, got ${JSON.stringify(c.cut)}`);
  }
  if (c.overlap !== undefined && !(c.overlap.p >= 0 && c.overlap.p <= 1)) throw new TypeError(`data.overlap.p must be a fraction 0..1, got ${JSON.stringify(c.overlap)}`);
  if (c.offset !== undefined) {
    const { p, max, step } = c.offset;
    if (!(p >= 0 && p <= 1 && Number.isInteger(step) && step >= 1 && Number.isInteger(max) && max >= step && max <= 64)) {
      throw new TypeError(`data.offset needs 0 <= p <= 1, a whole step >= 1 and a whole max in [step, 64], got ${JSON.stringify(c.offset)}`);
    }
  }
}

/** A draw in [0, 1) fixed by the stream's seed, a finger (or batch's first finger) and a tag per use. */
function uniform(c: DataConfig, id: number, tag: number): number {
  return deriveSeed(c.seed, id, tag) / 4294967296;
}

/** The crop offset shared by the impressions of finger `id` (data.offset), or undefined (registered crop). */
export function fingerOffset(c: DataConfig, id: number): CropShift | undefined {
  if (!c.offset || c.offset.p <= 0) return undefined;
  const u = (k: number): number => uniform(c, id, 0x0ff5e7 + k);
  if (u(0) >= c.offset.p) return undefined;
  const n = Math.floor(c.offset.max / c.offset.step), side = 2 * n + 1;
  // a grid point other than the centre, uniformly
  const g = Math.floor(u(1) * (side * side - 1));
  const k = g >= (side * side - 1) / 2 ? g + 1 : g;
  return { dy: (Math.floor(k / side) - n) * c.offset.step, dx: ((k % side) - n) * c.offset.step };
}

/** The class shared by the fingers of the batch starting at finger `first`, or null (each finger draws). */
export function batchClass(c: DataConfig, first: number): FingerClass | null {
  if (!c.sameClass) return null;
  const h = uniform(c, first, 0x5c1a55);
  if (h >= c.sameClass) return null;
  let u = uniform(c, first, 0xc1a55);
  for (const k of FINGER_CLASSES) { u -= NATURAL_CLASS_WEIGHTS[k]; if (u < 0) return k; }
  return FINGER_CLASSES[FINGER_CLASSES.length - 1];
}

/** What the fingers of a batch share: their class, and the ridge-period band (500 dpi pixels) they draw from. */
export interface BatchShare { cls: FingerClass | null; period?: [number, number] }

/** The period band of a same-class batch (data.samePeriod), or undefined. */
export function batchPeriod(c: DataConfig, first: number): [number, number] | undefined {
  if (!c.samePeriod || batchClass(c, first) === null) return undefined;
  const [lo, hi] = PERIOD_RANGE;
  const a = lo + (hi - lo - c.samePeriod) * uniform(c, first, 0x9e71_0d);
  return [a, a + c.samePeriod];
}

const paramCache = new Map<string, SynthParams>();
function paramsFor(c: DataConfig, dpi: number, cls: FingerClass | null): SynthParams {
  const key = `${c.width}x${c.height}@${dpi}/${c.rotation}/${cls ?? ''}`;
  let p = paramCache.get(key);
  if (!p) {
    const classWeights = cls ? Object.fromEntries(FINGER_CLASSES.map((k) => [k, k === cls ? 1 : 0])) as Record<FingerClass, number> : undefined;
    p = resolveParams({ width: Math.round((c.width * dpi) / 500), height: Math.round((c.height * dpi) / 500), dpi, rotation: c.rotation, ...(classWeights ? { classWeights } : {}) });
    paramCache.set(key, p);
  }
  return p;
}

/** Master print of finger `id` (its class forced when `share.cls` is given, its period band when `share.period` is), with its generator parameters. */
export function fingerMaster(c: DataConfig, id: number, share: BatchShare = { cls: null }): { m: Master; p: SynthParams; dpi: number } {
  const dpi = c.dpis[id % c.dpis.length];
  const base = paramsFor(c, dpi, share.cls);
  // a band from batchPeriod lies inside the generator's range, so the resolved parameters stay valid
  const p = share.period ? { ...base, periodRange: share.period } : base;
  return { m: makeMaster(p, c.seed, id), p, dpi };
}

/** Impression `i` of finger `id` after the partial-contact augmentation (data.cut), drawn from the seed. */
export function cutImpression(c: DataConfig, id: number, i: number, img: GreyImage): GreyImage {
  if (!c.cut || c.cut.p <= 0) return img;
  const u = (k: number): number => uniform(c, id, 0xc0700 + 4 * i + k);
  if (u(0) >= c.cut.p) return img;
  return cropToOverlap(img, c.cut.min + (c.cut.max - c.cut.min) * u(1), 2 * Math.PI * u(2)).image;
}

/** One finger's impressions, preprocessed to size × size u8 (`share`: what the batch's fingers share, fingerMaster). */
export function fingerImages(c: DataConfig, id: number, k: number, pre: PrintPreParams = DEFAULT_PRINT_PRE, share: BatchShare = { cls: null }): Uint8Array[] {
  const { m, p, dpi } = fingerMaster(c, id, share);
  const out: Uint8Array[] = [];
  const shift = fingerOffset(c, id);
  for (let i = 1; i <= k; i++) {
    const im = makeImpression(m, p, c.seed, i);
    const img = cutImpression(c, id, i, { width: im.width, height: im.height, dpi, data: im.data });
    out.push(preprocessPrint(img.data, img.height, img.width, dpi, pre, shift).image);
  }
  if (c.overlap && c.overlap.p > 0 && uniform(c, id, 0x0e71a9) < c.overlap.p) {
    for (let i = 0; i + 1 < k; i += 2) {
      const m = maskToOverlap(out[i], out[i + 1], pre.size);
      out[i] = m.a; out[i + 1] = m.b;
    }
  }
  return out;
}

/** The batch of fingers first .. first + fingers − 1. */
export function makeBatch(c: DataConfig, first: number, pre: PrintPreParams = DEFAULT_PRINT_PRE): Batch {
  const { fingers, impressions } = c;
  const n = fingers * impressions;
  const px = pre.size * pre.size;
  const x = new Float32Array(n * px);
  const labels = new Int32Array(n);
  const share: BatchShare = { cls: batchClass(c, first), period: batchPeriod(c, first) };
  for (let f = 0; f < fingers; f++) {
    const id = first + f;
    fingerImages(c, id, impressions, pre, share).forEach((img, i) => {
      const o = (f * impressions + i) * px;
      x.set(floatInput(img), o);
      labels[f * impressions + i] = id;
    });
  }
  return { x, labels, count: n, first };
}
