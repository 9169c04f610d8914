/** On-the-fly training batches: P fingers × K impressions from the synthetic generator, each
 * finger new (a finger counter that never repeats), preprocessed exactly as on the device
 * (host/nn/printpre.ts). Fingers are made at a resolution drawn per finger from `dpis`, so the
 * network sees the resampling of every sensor resolution it will meet. */
import { makeImpression, makeMaster, resolveParams, type SynthParams } from '../synth/index.js';
import { DEFAULT_PRINT_PRE, preprocessPrint, type PrintPreParams } from '../nn/printpre.js';
import { floatInput } from '../nn/floatrun.js';

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
}

const paramCache = new Map<string, SynthParams>();
function paramsFor(c: DataConfig, dpi: number): SynthParams {
  const key = `${c.width}x${c.height}@${dpi}/${c.rotation}`;
  let p = paramCache.get(key);
  if (!p) {
    p = resolveParams({ width: Math.round((c.width * dpi) / 500), height: Math.round((c.height * dpi) / 500), dpi, rotation: c.rotation });
    paramCache.set(key, p);
  }
  return p;
}

/** One finger's impressions, preprocessed to size × size u8. */
export function fingerImages(c: DataConfig, id: number, k: number, pre: PrintPreParams = DEFAULT_PRINT_PRE): Uint8Array[] {
  const dpi = c.dpis[id % c.dpis.length];
  const p = paramsFor(c, dpi);
  const m = makeMaster(p, c.seed, id);
  const out: Uint8Array[] = [];
  for (let i = 1; i <= k; i++) {
    const im = makeImpression(m, p, c.seed, i);
    out.push(preprocessPrint(im.data, im.height, im.width, dpi, pre).image);
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
  for (let f = 0; f < fingers; f++) {
    const id = first + f;
    fingerImages(c, id, impressions, pre).forEach((img, i) => {
      const o = (f * impressions + i) * px;
      x.set(floatInput(img), o);
      labels[f * impressions + i] = id;
    });
  }
  return { x, labels, count: n, first };
}
