/** Images and template checks of the power-cut campaign (host/fp/powercut.ts): a small pool of
 * synthetic impressions with their host int8 reference embeddings, the choice of what one ENROLL
 * stores, and the 1:1 check of every stored template against the reference. */
import type { Rng } from '../nn/rng.js';
import { makeImpression, makeMaster, resolveParams } from '../synth/index.js';
import { WhorlError } from '../util/errors.js';
import type { FingerprintClient, GreyImage } from './client.js';
import type { Enrollment, StoreState } from './powercut-model.js';
import { Int8Reference } from './reference.js';

export interface PoolImage {
  id: number;
  finger: number;
  image: GreyImage;
  /** the device's embedding and quality, computed by the host reference */
  embedding: Int8Array;
  quality: number;
}

/** Generator settings of the fingerprint HIL test: 288×384 at 500 dpi, ±15° rotation. */
const PARAMS = resolveParams({ width: 288, height: 384, dpi: 500, rotation: 15 });
const SYNTH_SEED = 6060;

/** `fingers` synthetic fingers, `perFinger` impressions each, keeping those the device accepts. */
export function makePool(blob: Uint8Array, fingers: number, perFinger: number): PoolImage[] {
  const ref = new Int8Reference(new Uint8Array(blob));
  const pool: PoolImage[] = [];
  for (let f = 1; f <= fingers; f++) {
    const master = makeMaster(PARAMS, SYNTH_SEED, f);
    for (let k = 1; k <= perFinger; k++) {
      const im = makeImpression(master, PARAMS, SYNTH_SEED, k);
      const image: GreyImage = { width: im.width, height: im.height, dpi: PARAMS.dpi, data: im.data };
      const r = ref.embed(image);
      if (r.reason === 0) pool.push({ id: pool.length, finger: f, image, embedding: r.embedding, quality: r.quality });
    }
  }
  if (!pool.length) throw new WhorlError('E_POOL', `the model refuses all ${fingers * perFinger} synthetic impressions`, { context: { fingers, perFinger } });
  return pool;
}

/** Would the device accept these impressions together (each one's best partner reaches the threshold)? */
function mutual(pool: PoolImage[], ids: number[], threshold: number): boolean {
  if (ids.length < 2) return true;
  return ids.every((a, i) => Math.max(...ids.filter((_, j) => j !== i).map((b) => Int8Reference.score([pool[b].embedding], pool[a].embedding))) >= threshold);
}

/** One enrollment: a random slot of 0..slots-1 and 1 to 3 impressions of one finger; when they
 * would not match each other, the first one repeated, else the first one alone. */
export function pickImpressions(rng: Rng, pool: PoolImage[], threshold: number, slots: number, label: string, time: number): Enrollment {
  const slot = rng.int(slots);
  const first = pool[rng.int(pool.length)];
  const same = pool.filter((p) => p.finger === first.finger);
  const n = 1 + rng.int(3);
  const drawn = [first.id, ...Array.from({ length: n - 1 }, () => same[rng.int(same.length)].id)];
  const images = [drawn, drawn.map(() => first.id), [first.id]].find((ids) => mutual(pool, ids, threshold))!;
  const quality = Math.min(...images.map((id) => pool[id].quality));
  return { slot, label: `${label} f${first.finger}`, time, impressions: images.length, quality, images };
}

/** Captures one probe and VERIFYs every stored template: each score must equal the reference's. */
export async function verifyTemplates(fp: FingerprintClient, state: StoreState, pool: PoolImage[], rng: Rng): Promise<{ checked: number; mismatches: number; problems: string[] }> {
  const problems: string[] = [];
  const known = [...state.values()].filter((e) => e.images.length > 0);
  if (!known.length) return { checked: 0, mismatches: 0, problems };
  const probe = pool[rng.int(pool.length)];
  const c = await fp.capture(probe.image, true);
  if (c.reason !== 0) return { checked: 0, mismatches: 0, problems: [`probe capture refused (reason ${c.reason})`] };
  let mismatches = 0;
  for (const e of known) {
    const v = await fp.verify(e.slot);
    const want = Int8Reference.score(e.images.map((id) => pool[id].embedding), probe.embedding);
    if (v.score !== want) {
      mismatches++;
      problems.push(`slot ${e.slot} '${e.label}': VERIFY score ${v.score}, reference ${want} (template changed)`);
    }
  }
  return { checked: known.length, mismatches, problems };
}
